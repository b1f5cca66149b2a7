import PluginKit
import TwilioPlatform

/// One reply as Twilio messages (`POST Messages.json`): from the instance's number or Messaging
/// Service, with a StatusCallback to this instance.
///
/// - Refused before Twilio is called: a customer address that is not E.164, a customer who
///   opted out (with the reason), a reply with nothing to send.
/// - Images go as `MediaUrl` (the host's signed links, which expire) to US and Canadian numbers only, where MMS
///   exists; elsewhere, and for other files, their links are added to the text.
/// - Up to 1,600 characters is one message (Twilio concatenates the segments); a longer text
///   goes as several, cut at word boundaries. Each part Twilio accepted is recorded at once
///   (`out/<message id>/<part>`), so a retry after a failure half-way sends only what is left.
/// - Twilio takes no idempotency key: if the process dies after Twilio accepted a part and
///   before that record is written, the retry sends that part again (see README).
struct OutboundSMS {
    let channel: SMSContext

    static func progressKey(_ messageID: Int64, part: Int) -> String { "out/\(messageID)/\(part)" }
    /// A later part's SID → the first part's (the one the host knows), for status callbacks.
    static func partKey(_ sid: String) -> String { "part/" + sid }

    func send(_ message: OutboundMessage) throws -> DeliveryResult {
        let config = channel.config
        let to = message.identityValue
        guard message.identityKind == "phone", PhoneNumber.isE164(to) else {
            return .rejected(detail: "not sent: the customer's address \(message.identityKind) \(to) is not an E.164 phone number")
        }
        // A failed read of the consent state is a storage problem: retried, never sent blindly.
        if let refusal = try ConsentBook(host: channel.host).refusal(to) { return .rejected(detail: refusal) }

        let content = OutboundContent(message, to: to)
        let intro = try SwitchIntro(channel: channel).text(for: message.conversationID, config: config)
        let text = [intro, content.text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n\n")
        guard !text.isEmpty || !content.mediaURLs.isEmpty else { return .rejected(detail: "not sent: the reply has no text and no file") }

        let parts = text.isEmpty ? [""] : SMSTextSplit.split(text)
        let timeoutMs = Self.timeout(perCallOf: parts.count, deliverTimeoutMs: channel.info.deliverTimeoutMs)
        var firstSID: String?
        for (index, part) in parts.enumerated() {
            let key = Self.progressKey(message.messageID, part: index)
            if let sid = channel.host.storedString(key) {
                firstSID = firstSID ?? sid
                continue
            }
            let request = MessageRequest(to: to, sender: config.sender, body: part, mediaURLs: index == 0 ? content.mediaURLs : [],
                                         statusCallback: channel.statusCallbackURL)
            switch channel.client.sendMessage(request, timeoutMs: timeoutMs) {
            case .success(let accepted):
                try channel.host.kvSet(key, accepted.sid)
                if let firstSID { try channel.host.kvSet(Self.partKey(accepted.sid), firstSID) }
                firstSID = firstSID ?? accepted.sid
            case .failure(let error):
                return failed(error, to: to)
            }
        }
        guard let firstSID else { return .rejected(detail: "not sent: nothing to send") }
        if intro != nil { SwitchIntro(channel: channel).markSent(message.conversationID) }
        for index in parts.indices { try? channel.host.kvDelete(Self.progressKey(message.messageID, part: index)) }
        return .sent(providerMessageID: firstSID, providerStatus: 201)
    }

    private func failed(_ error: TwilioError, to: String) -> DeliveryResult {
        let status = Int32(clamping: error.httpStatus)
        if error.isOptOut {
            ConsentSpread(channel: channel).learnProviderOptOut(to)
            return .rejected(detail: "not sent: \(error)", providerStatus: status)
        }
        if error.isTemporary { return .retry(detail: error.description, providerStatus: status) }
        return .rejected(detail: error.description, providerStatus: status)
    }

    /// Each Twilio call gets a share of the host's bound on deliver(), at most 10 s.
    static func timeout(perCallOf calls: Int, deliverTimeoutMs: UInt32) -> UInt32 {
        guard deliverTimeoutMs > 0 else { return 10_000 }
        return min(10_000, max(1_000, deliverTimeoutMs / UInt32(calls + 1)))
    }
}

/// A reply's text and files as SMS carries them: images as MMS media where MMS exists, every
/// other file (and images elsewhere) as a link in the text.
struct OutboundContent {
    var text: String
    var mediaURLs: [String]

    /// Twilio takes at most 10 media items per message.
    static let maxMedia = 10

    init(_ message: OutboundMessage, to: String) {
        let files = (try? JSON.parse(message.attachmentsJSON))?.arrayValue ?? []
        let mms = PhoneNumber.receivesMMS(to)
        var links: [String] = []
        var media: [String] = []
        for file in files {
            guard let url = file["url"]?.stringValue else { continue }
            let type = file["content_type"]?.stringValue ?? ""
            if mms, type.hasPrefix("image/"), media.count < Self.maxMedia {
                // Twilio fetches it: the host's link that expires, not the file's lasting URL.
                media.append(file["signed_url"]?.stringValue ?? url)
            } else {
                links.append("\(file["name"]?.stringValue ?? "file"): \(url)")
            }
        }
        text = ([message.text] + links).filter { !$0.isEmpty }.joined(separator: "\n")
        mediaURLs = media
    }
}
