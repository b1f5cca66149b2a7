import PluginKit

/// One reply to a customer through the Send API: the text (with quick replies when the rich
/// content is a simple choice) and then one message per attachment, each uploaded to Meta first.
///
/// Meta has no idempotency key, so progress is kept in the instance's state under
/// sent/<idempotency key> ({"next": parts already sent, "first": the first mid, "at"}): a retry after a
/// failed attachment, or after a crash, resumes where it stopped instead of repeating the text.
struct OutboundDelivery {
    let host: PluginHost
    let product: MetaProduct
    let config: MetaInstanceConfig
    let status: MetaStatus
    let deliverTimeoutMs: UInt32

    enum Part: Equatable {
        case text(String, [QuickReply])
        /// A file at the host's URL; `contentType` nil when the reply did not say.
        case file(url: String, name: String, contentType: String?)
    }

    func send(_ message: OutboundMessage) -> DeliveryResult {
        guard message.identityKind == product.identityKind, !message.identityValue.isEmpty else {
            return .rejected(detail: "\(product.pluginID) reaches identity kind \"\(product.identityKind)\", not \"\(message.identityKind)\"")
        }
        if let reason = status.needsReconnect {
            return .rejected(detail: "not sent: the channel needs reconnecting (\(reason))")
        }
        guard let type = MessagingType.choose(window: message.replyWindow, authorKind: message.authorKind) else {
            return .rejected(detail: "past the 24-hour window only a person's reply may go (tagged HUMAN_AGENT); this one is by \(message.authorKind)")
        }
        let deadline = Clock.monotonicMillis() + Int64(deliverTimeoutMs == 0 ? 10_000 : deliverTimeoutMs) * 3 / 4
        func remaining() -> UInt32 { UInt32(clamping: max(100, deadline - Clock.monotonicMillis())) }

        let customers = CustomerIndex(host: host)
        customers.remember(conversation: message.conversationID, customer: message.identityValue)
        let parts = Self.parts(message, maxTextLength: Int(product.maxTextLength))
        guard !parts.isEmpty else { return .rejected(detail: "nothing to send") }
        let progressKey = "sent/" + message.idempotencyKey
        let progress = host.storedString(progressKey).flatMap { try? JSON.parse($0) }
        var next = progress?["next"]?.intValue ?? 0
        var first = progress?["first"]?.stringValue
        let graph = GraphClient(host: host, connection: config.connection)

        while next < parts.count {
            let sent: Result<String, GraphError>
            switch parts[next] {
            case .text(let text, let quickReplies):
                sent = graph.send(assetID: config.assetID, MessageRequest.message(
                    to: message.identityValue, type: type, MessageRequest.text(text, quickReplies: quickReplies)), timeoutMs: remaining())
            case .file(let url, let name, let contentType):
                sent = sendFile(url: url, name: name, contentType: contentType, to: message.identityValue, type: type, graph: graph,
                                timeoutMs: remaining)
            }
            switch sent {
            case .success(let mid):
                first = first ?? mid
                next += 1
                do {
                    let now = Clock.nowMillis()
                    try customers.recordOwnSend(mid: mid, atMs: now)
                    try host.kvSet(progressKey, JSON.object(["next": .from(next), "first": .from(first), "at": .from(now)]).serialized)
                } catch {
                    host.log(.warn, "\(product.pluginID): could not record a sent part: \(error)")
                }
            case .failure(let error):
                if case .needsReconnect(let reason) = error.meaning { status.setNeedsReconnect(reason) }
                return error.deliveryResult
            }
        }
        return .sent(providerMessageID: first ?? "")
    }

    /// Fetches the file from the host, uploads it to Meta, sends it by attachment id.
    private func sendFile(url: String, name: String, contentType: String?, to recipient: String, type: MessagingType,
                          graph: GraphClient, timeoutMs: () -> UInt32) -> Result<String, GraphError> {
        graph.download(url, userChosen: true, timeoutMs: timeoutMs() / 2).flatMap { file in
            let contentType = contentType ?? file.contentType
            let kind = MessageRequest.attachmentType(contentType: contentType)
            return graph.upload(assetID: config.assetID, type: kind, fileName: name, contentType: contentType, bytes: file.bytes,
                                timeoutMs: timeoutMs()).flatMap { attachmentID in
                graph.send(assetID: config.assetID, MessageRequest.message(
                    to: recipient, type: type, MessageRequest.attachment(type: kind, attachmentID: attachmentID)), timeoutMs: timeoutMs())
            }
        }
    }

    /// The Graph messages a reply becomes, in order: its text first (if any), then each file
    /// (entries without a URL carry nothing to send).
    static func parts(_ message: OutboundMessage, maxTextLength: Int) -> [Part] {
        let rich = RichReply.plan(text: message.text, richJSON: message.richJSON, maxTextLength: maxTextLength)
        var parts: [Part] = rich.text.isEmpty ? [] : [.text(rich.text, rich.quickReplies)]
        if !message.attachmentsJSON.isEmpty, let items = (try? JSON.parse(message.attachmentsJSON))?.arrayValue {
            parts += items.compactMap { item in
                item["url"]?.stringValue.map { Part.file(url: $0, name: item["name"]?.stringValue ?? "attachment", contentType: item["content_type"]?.stringValue) }
            }
        }
        return parts
    }
}
