import MailgunPlatform
import PluginKit

/// One reply to a buyer, by what it is:
/// - rich `{"type": "amazon_no_response_needed"}`: closes the message's clock; nothing is mailed.
/// - rich `{"type": "amazon_action", "action": "<name>", "text": "…"}`: a Messaging API action
///   the order allows (`POST /messaging/v1/orders/{id}/messages/{action}`).
/// - anything else: a mail from the approved sender to the buyer's alias, answering the relay
///   mail, after Amazon's content rules (`ReplyLint`) passed.
struct BuyerReply {
    let plugin: AmazonChannelPlugin
    let config: AmazonConfig
    var host: PluginHost { plugin.host }

    func deliver(_ message: OutboundMessage, deliverTimeoutMs: UInt32) -> DeliveryResult {
        guard message.identityKind == AmazonChannelPlugin.identityKind,
              let alias = EmailAddress.parse(message.identityValue), RelayMail.isAlias(alias) else {
            return .rejected(detail: "the Amazon channel reaches identity kind \"amazon_buyer\" (a relay alias …@marketplace.amazon.<tld>), not "
                + "\(message.identityKind) \"\(message.identityValue)\"")
        }
        let rich = message.richJSON.isEmpty ? nil : try? JSON.parse(message.richJSON)
        switch rich?["type"]?.stringValue {
        case "amazon_no_response_needed":
            // Recorded in the conversation like a reply (the clock stops), never mailed.
            return .sent(providerMessageID: "no-response-needed/\(message.idempotencyKey)")
        case "amazon_action":
            return action(rich ?? [:], message: message, timeoutMs: deliverTimeoutMs)
        default:
            return mail(message, to: alias, deliverTimeoutMs: deliverTimeoutMs)
        }
    }

    /// Amazon's content rules for what a reply would send: the mail's text, or an action's text.
    /// "No response needed" sends nothing, so nothing to check.
    static func checkRules(_ message: OutboundMessage) throws {
        let rich = message.richJSON.isEmpty ? nil : try? JSON.parse(message.richJSON)
        let (field, text): (String, String) = switch rich?["type"]?.stringValue {
        case "amazon_no_response_needed": ("text", "")
        case "amazon_action": rich?["text"]?.stringValue.map { ("rich.text", $0) } ?? ("text", message.text)
        default: ("text", message.text)
        }
        if let violation = ReplyLint.check(text).first { throw PluginError.invalid(field: field, message: violation.reason) }
    }

    private func mail(_ message: OutboundMessage, to alias: EmailAddress, deliverTimeoutMs: UInt32) -> DeliveryResult {
        if let violation = ReplyLint.check(message.text).first {
            return .rejected(detail: violation.reason)
        }
        let subject = ((try? BuyerThreads(host: host).record(message.conversationID)) ?? nil)?.subject ?? "Your Amazon order"
        return OutboundEmail(host: host, account: config.mailgun, from: config.from, threads: plugin.threads, files: plugin.files)
            .send(OutboundEmail.Content(text: message.text, format: message.format, attachmentsJSON: message.attachmentsJSON),
                  to: [EmailAddress(name: nil, address: alias.key)], cc: [], subject: subject, target: .conversation(message.conversationID),
                  idempotencyKey: message.idempotencyKey, hostMessageID: message.messageID, deliverTimeoutMs: deliverTimeoutMs)
    }

    private func action(_ rich: JSON, message: OutboundMessage, timeoutMs: UInt32) -> DeliveryResult {
        let name = rich["action"]?.stringValue ?? ""
        guard let kind = MessagingActions.kind(name) else {
            return .rejected(detail: "action: \"\(name)\" is not a Messaging API action this channel sends ("
                + MessagingActions.textActions.map(\.name).joined(separator: ", ") + ")")
        }
        guard let record = (try? BuyerThreads(host: host).record(message.conversationID)) ?? nil, let orderID = record.orderID else {
            return .rejected(detail: "action: the conversation has no Amazon order to send \(name) for")
        }
        guard record.messagingActions.contains(name) else {
            return .rejected(detail: "action: Amazon does not allow \(name) for order \(orderID) (allowed: "
                + (record.messagingActions.isEmpty ? "none" : record.messagingActions.joined(separator: ", ")) + ")")
        }
        let text = (rich["text"]?.stringValue ?? message.text).trimmingASCIIWhitespace()
        var body: JSON = [:]
        if kind.maxText > 0 {
            guard !text.isEmpty, text.count <= kind.maxText else {
                return .rejected(detail: "text: \(name) needs a text of 1 to \(kind.maxText) characters")
            }
            if let violation = ReplyLint.check(text).first { return .rejected(detail: violation.reason) }
            body = ["text": .string(text)]
        }
        // The Messaging API has no idempotency key: a send it accepted before a crash is answered from here.
        if let earlier = try? host.kvGetString("act/" + message.idempotencyKey) { return .sent(providerMessageID: earlier) }
        let client = SellingPartnerClient(host: host, config: config, login: plugin.login)
        let path = "/messaging/v1/orders/\(orderID)/messages/\(name)?marketplaceIds=\(record.marketplaceID)"
        switch client.post(path, body: body, timeoutMs: UInt32(clamping: Int64(timeoutMs == 0 ? 10_000 : timeoutMs) * 3 / 4)) {
        case .success:
            let id = "messaging/\(orderID)/\(name)/\(message.idempotencyKey)"
            try? host.kvSet("act/" + message.idempotencyKey, id)
            return .sent(providerMessageID: id, providerStatus: 201)
        case .failure(let error):
            switch error.status {
            case 0, 429, 500...: return .retry(detail: error.description, providerStatus: Int32(error.status))
            default: return .rejected(detail: error.description, providerStatus: Int32(error.status))
            }
        }
    }
}
