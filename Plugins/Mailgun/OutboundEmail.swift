import PluginKit

/// One mail to send through Mailgun: a reply to the customer, or a side-conversation message.
/// Both go out the same way — From the support address, a Reply-To of the thread's own reply
/// address, In-Reply-To and References from the thread, an HTML part and a plain-text part —
/// and both record Mailgun's Message-Id, so answers find their thread again.
public struct OutboundEmail {
    /// How long a sent message's idempotency record is kept (ABI 1.3 expiring state; kept forever on older hosts).
    static let sentRecordLifetimeMs: Int64 = 7 * 86_400_000

    public struct Content {
        public var text: String
        public var format: TextFormat
        public var attachmentsJSON: String

        public init(text: String, format: TextFormat, attachmentsJSON: String) {
            self.text = text
            self.format = format
            self.attachmentsJSON = attachmentsJSON
        }
    }

    public let host: PluginHost
    public let account: MailgunAccount
    /// The From header of everything sent ("Acme Support" <support@example.com>).
    public let from: String
    public let threads: ThreadIndex
    public let files: AttachmentStore
    public let client: MailgunClient

    public init(host: PluginHost, account: MailgunAccount, from: String, threads: ThreadIndex, files: AttachmentStore) {
        self.host = host
        self.account = account
        self.from = from
        self.threads = threads
        self.files = files
        client = MailgunClient(host: host, account: account)
    }

    /// Sends `content` to `to`/`cc` in `target`'s thread. `subject` is the thread's subject when it
    /// has none yet. Never throws: every failure is a delivery outcome.
    public func send(_ content: Content, to: [EmailAddress], cc: [EmailAddress], subject: String, target: ThreadTarget,
              idempotencyKey: String, hostMessageID: Int64, deliverTimeoutMs: UInt32) -> DeliveryResult {
        // Stay well inside the host's bound, so a slow Mailgun is a retry, not a quarantine.
        let deadline = Clock.monotonicMillis() + Int64(deliverTimeoutMs == 0 ? 10_000 : deliverTimeoutMs) * 3 / 4
        func remaining() -> UInt32 { UInt32(clamping: max(100, deadline - Clock.monotonicMillis())) }
        do {
            // Mailgun has no idempotency key: a send it accepted before (the host crashed before
            // recording it) is answered from here instead of mailing the recipient twice.
            if let earlier = try host.kvGetString("sent/" + idempotencyKey) { return .sent(providerMessageID: earlier) }
            let token = try threads.replyToken(for: target)
            let thread = try threads.thread(target)
            let base = thread.subject ?? subject
            let fullSubject = thread.references.isEmpty || base.lowercased().hasPrefix("re:") ? base : "Re: " + base

            var (html, plain) = Self.render(content.text, format: content.format)
            var parts: [MultipartFormData.Part] = []
            for item in (try? JSON.parse(content.attachmentsJSON))?.arrayValue ?? [] {
                guard let url = item["url"]?.stringValue else { continue }
                let name = AttachmentStore.safeName(item["name"]?.stringValue ?? "", fallback: "attachment")
                switch try fetch(url, timeoutMs: remaining() / 2) {
                case .file(let type, let bytes):
                    parts.append(MultipartFormData.Part(name: "attachment", filename: name,
                                                        contentType: item["content_type"]?.stringValue ?? type, body: bytes))
                case .tooLarge:
                    // Over the limit: a link instead of the file.
                    plain += "\n\n\(name): \(url)"
                    html += "<p><a href=\"\(TextDowngrade.escapeHTML(url))\">\(TextDowngrade.escapeHTML(name))</a></p>"
                case .failed(let why):
                    return .retry(detail: "could not fetch attachment \(name): \(why)")
                }
            }

            var fields: [(name: String, value: String)] = [("from", from)]
            fields += to.map { ("to", EmailAddress.header(name: $0.name, address: $0.address)) }
            fields += cc.map { ("cc", EmailAddress.header(name: $0.name, address: $0.address)) }
            fields += [("subject", Self.oneLine(fullSubject)), ("text", plain), ("html", "<html><body>\(html)</body></html>"),
                       ("h:Reply-To", ThreadIndex.replyAddress(token: token, domain: account.domain))]
            if let last = thread.references.last {
                fields.append(("h:In-Reply-To", "<\(last)>"))
                fields.append(("h:References", thread.references.map { "<\($0)>" }.joined(separator: " ")))
            }
            // Echoed back in Mailgun's events (user-variables): which host message this was.
            fields.append(("v:switchboard", (["message_id": .from(hostMessageID), "thread": .string(target.key)] as JSON).serialized))

            let answer: HTTPResult
            do {
                answer = try client.send(fields, files: parts, timeoutMs: remaining())
            } catch {
                return .retry(detail: "Mailgun unreachable: \(error)")
            }
            let outcome = MailgunClient.outcome(of: answer)
            if case .sent(let id, _, _) = outcome { remember(id, idempotencyKey: idempotencyKey, target: target, subject: base) }
            return outcome
        } catch {
            return .retry(detail: "instance state unavailable: \(error)")
        }
    }

    /// After Mailgun took it: the id finds the thread (In-Reply-To), and a retry of the same
    /// message is not sent again. A failure here costs only that, so the send still counts.
    private func remember(_ id: String, idempotencyKey: String, target: ThreadTarget, subject: String) {
        do {
            // Retries of one message end within hours: the record is bookkeeping the host prunes after a week.
            try host.kvSet("sent/" + idempotencyKey, id, expiresAt: Clock.nowMillis() + Self.sentRecordLifetimeMs)
            try threads.record(messageID: id, in: target, subject: subject)
        } catch {
            host.log(.warn, "sent \(id) but could not record it for threading: \(error)")
        }
    }

    private enum Fetched {
        case file(contentType: String, bytes: [UInt8])
        case tooLarge
        case failed(String)
    }

    /// An attachment's bytes: the instance's own files from its state, others over HTTP.
    private func fetch(_ url: String, timeoutMs: UInt32) throws -> Fetched {
        if let own = try files.bytes(forURL: url) {
            return own.bytes.count > account.maxAttachmentBytes ? .tooLarge : .file(contentType: own.contentType, bytes: own.bytes)
        }
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else { return .failed("not an http(s) URL") }
        let answer: HTTPResult
        do {
            answer = try host.http(HTTPRequestSpec(method: "GET", url: url, timeoutMs: timeoutMs, userChosenURL: true))
        } catch {
            return .failed("\(error)")
        }
        guard (200..<300).contains(answer.status) else { return .failed("HTTP \(answer.status)") }
        guard answer.body.count <= account.maxAttachmentBytes else { return .tooLarge }
        return .file(contentType: answer.header("Content-Type").map(AttachmentStore.mediaType) ?? "application/octet-stream", bytes: answer.body)
    }

    /// The HTML and plain-text parts of a reply. The host fitted it to this channel's format
    /// (HTML: Markdown arrives rendered); plain text is made into escaped HTML the same way.
    public static func render(_ text: String, format: TextFormat) -> (html: String, plain: String) {
        switch format {
        case .html: (text, TextDowngrade.htmlToPlain(text))
        case .markdown: (MarkdownHTML.render(text), TextDowngrade.markdownToPlain(text))
        case .plain: (TextDowngrade.escapeHTML(text).split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "<br>"), text)
        }
    }

    /// Header values must stay on one line (no header injection through a subject).
    public static func oneLine(_ text: String) -> String { String(text.map { $0 == "\r" || $0 == "\n" ? " " : $0 }) }
}
