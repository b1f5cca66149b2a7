import PluginKit

/// A mail as a Mailgun route forwards it (parsed-message fields), read for what the channel needs.
public struct InboundEmail {
    public let form: MailgunForm
    /// `message-headers`: every MIME header as [name, value], in order (robust to repeated names).
    public let headers: [(name: String, value: String)]

    public init(form: MailgunForm) {
        self.form = form
        let parsed = form["message-headers"].flatMap { try? JSON.parse($0) }?.arrayValue ?? []
        headers = parsed.compactMap { pair in
            guard let items = pair.arrayValue, items.count == 2, let name = items[0].stringValue, let value = items[1].stringValue else { return nil }
            return (name, value)
        }
    }

    /// A header's first value: from `message-headers`, else the top-level field Mailgun also posts.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        if let value = headers.first(where: { $0.name.lowercased() == lower })?.value { return value }
        return form.fields.first { $0.name.lowercased() == lower }?.value
    }

    /// Who wrote it: the From header's address, else the envelope sender. nil: nobody to answer.
    public var author: EmailAddress? {
        for candidate in [form["from"], header("From"), form["sender"]] {
            if let value = candidate, let address = EmailAddress.parse(value) { return address }
        }
        return nil
    }

    /// What the From and sender fields said, for the log of a mail refused for having no author.
    public var authorFields: String { "From: \"\(form["from"] ?? header("From") ?? "")\", sender: \"\(form["sender"] ?? "")\"" }

    /// Every address it was sent to: the envelope recipients (a route may forward one mail for
    /// several), then To and Cc.
    public var recipients: [EmailAddress] {
        [form["recipient"], header("To"), header("Cc")].compactMap { $0 }.flatMap(EmailAddress.parseList)
    }

    public var to: [EmailAddress] { header("To").map(EmailAddress.parseList) ?? [] }
    public var cc: [EmailAddress] { header("Cc").map(EmailAddress.parseList) ?? [] }

    /// One line, at most 500 characters.
    public var subject: String {
        let raw = form.first("subject", "Subject") ?? header("Subject") ?? ""
        return String(raw.filter { $0 != "\r" && $0 != "\n" }.trimmingASCIIWhitespace().prefix(500))
    }

    /// Its Message-Id without brackets; nil when it has none.
    public var messageID: String? {
        header("Message-Id").map(ThreadIndex.bare).flatMap { $0.isEmpty ? nil : $0 }
    }

    public var inReplyTo: [String] { header("In-Reply-To").map(ThreadIndex.messageIDs) ?? [] }
    public var references: [String] { header("References").map(ThreadIndex.messageIDs) ?? [] }

    /// An auto-reply (out of office, a bounce report): answering it could start a mail loop.
    public var isAutoSubmitted: Bool {
        if let value = header("Auto-Submitted")?.trimmingASCIIWhitespace().lowercased(), !value.isEmpty, value != "no" { return true }
        return header("Precedence")?.trimmingASCIIWhitespace().lowercased() == "auto_reply"
    }

    /// The new text of the mail, without the quoted history: Mailgun's `stripped-text` when it
    /// has one, else the plain body with quotes cut here, else the HTML body as text.
    public var text: String {
        if let stripped = form.first("stripped-text") { return stripped.trimmingASCIIWhitespace() }
        if let plain = form.first("body-plain") { return QuoteStripping.strip(plain) }
        if let html = form.first("stripped-html", "body-html") { return QuoteStripping.strip(TextDowngrade.htmlToPlain(html)) }
        return ""
    }

    /// The dedupe key: the Message-Id, which stays the same on Mailgun's retries and when one mail
    /// is forwarded for two of our addresses; without one, a digest of what identifies the mail.
    public var providerMessageID: String {
        if let id = messageID { return String(id.prefix(255)) }
        let identity = [form["sender"] ?? "", form["from"] ?? "", header("Date") ?? "", subject, form["body-plain"] ?? ""]
        return "sha256:" + Crypto.sha256Hex(identity.joined(separator: "\n"))
    }

    /// The attached files, 1-based as Mailgun numbers them (`attachment-1` …); inline parts too.
    public var attachments: [MultipartFormData.Part] { form.files }
}
