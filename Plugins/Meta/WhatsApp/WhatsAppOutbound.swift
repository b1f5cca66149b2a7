import PluginKit

/// One reply through `POST /{phone-number-id}/messages`: a template (rich `whatsapp_template`,
/// checked locally first), or the text — as interactive buttons or a list when the rich content
/// is a simple choice — then each file, uploaded to `/{phone-number-id}/media` first (the host
/// need not be reachable from Meta). `context.message_id` when the rich JSON names the message
/// answered (`{"reply_to": {"id": "wamid…"}}`).
///
/// Free text goes only inside the 24-hour customer service window; the host refuses it outside
/// before this is called, and lets a template through (the manifest's `closed_window_rich_type`).
/// Progress of a multi-part reply is kept under sent/<idempotency key>, so a retry resumes.
struct WhatsAppOutbound {
    let host: PluginHost
    let config: WhatsAppConfig
    let status: MetaStatus
    let deliverTimeoutMs: UInt32

    enum Part: Equatable {
        case template(TemplateSend)
        case text(String, [QuickReply])
        case file(url: String, name: String, contentType: String?)
    }

    func send(_ message: OutboundMessage) -> DeliveryResult {
        let product = WhatsAppProduct.product
        guard message.identityKind == product.identityKind, !message.identityValue.isEmpty else {
            return .rejected(detail: "whatsapp reaches identity kind \"whatsapp\", not \"\(message.identityKind)\"")
        }
        if let reason = status.needsReconnect { return .rejected(detail: "not sent: the channel needs reconnecting (\(reason))") }
        let parts: [Part]
        do { parts = try plan(message) } catch { return .rejected(detail: error.reason) }
        guard !parts.isEmpty else { return .rejected(detail: "nothing to send") }
        let deadline = Clock.monotonicMillis() + Int64(deliverTimeoutMs == 0 ? 10_000 : deliverTimeoutMs) * 3 / 4
        func remaining() -> UInt32 { UInt32(clamping: max(100, deadline - Clock.monotonicMillis())) }

        let progressKey = "sent/" + message.idempotencyKey
        let progress = host.storedString(progressKey).flatMap { try? JSON.parse($0) }
        var next = progress?["next"]?.intValue ?? 0
        var first = progress?["first"]?.stringValue
        let graph = GraphClient(host: host, connection: config.meta.connection)
        let context = (try? JSON.parse(message.richJSON))?["reply_to"]?["id"]?.stringValue

        while next < parts.count {
            let sent: Result<String, GraphError>
            switch parts[next] {
            case .file(let url, let name, let contentType):
                sent = graph.download(url, userChosen: true, timeoutMs: remaining() / 2).flatMap { file in
                    let type = contentType ?? file.contentType
                    return graph.uploadWhatsAppMedia(phoneNumberID: config.phoneNumberID, fileName: name, contentType: type,
                                                     bytes: file.bytes, timeoutMs: remaining()).flatMap { mediaID in
                        graph.sendWhatsApp(from: config.phoneNumberID, WhatsAppRequest.media(to: message.identityValue, contentType: type,
                                                                                              mediaID: mediaID, fileName: name), timeoutMs: remaining())
                    }
                }
            case let part:
                let body = WhatsAppRequest.body(for: part, to: message.identityValue, context: next == 0 ? context : nil)
                sent = graph.sendWhatsApp(from: config.phoneNumberID, body, timeoutMs: remaining())
            }
            switch sent {
            case .success(let wamid):
                first = first ?? wamid
                next += 1
                do {
                    try host.kvSet(progressKey, JSON.object(["next": .from(next), "first": .from(first), "at": .from(Clock.nowMillis())]).serialized)
                } catch {
                    host.log(.warn, "whatsapp: could not record a sent part: \(error)")
                }
            case .failure(let error):
                if case .needsReconnect(let reason) = error.meaning { status.setNeedsReconnect(reason) }
                return error.deliveryResult
            }
        }
        return .sent(providerMessageID: first ?? "")
    }

    /// The messages a reply becomes, in order: a template alone, or the text then each file.
    func plan(_ message: OutboundMessage) throws(TemplateSend.Refusal) -> [Part] {
        if let request = TemplateSend.request(in: message.richJSON) {
            return [.template(try TemplateSend.check(request, templates: WhatsAppTemplates(host: host)))]
        }
        let rich = RichReply.plan(text: message.text, richJSON: message.richJSON, maxTextLength: Int(WhatsAppProduct.product.maxTextLength))
        var parts: [Part] = rich.text.isEmpty ? [] : [.text(rich.text, rich.quickReplies)]
        if !message.attachmentsJSON.isEmpty, let items = (try? JSON.parse(message.attachmentsJSON))?.arrayValue {
            parts += items.compactMap { item in
                item["url"]?.stringValue.map { Part.file(url: $0, name: item["name"]?.stringValue ?? "attachment", contentType: item["content_type"]?.stringValue) }
            }
        }
        return parts
    }
}
