import PluginKit
import WebChatLogic

/// GET /messages?after=ID → {conversation, messages, switched}: the visitor's history (a reload).
/// POST /messages {text, client_message_id} → 201 {message_id, conversation_id}.
struct MessageRoutes {
    let widget: WebChatContext

    static let maxTextLength = 10_000

    func send(_ request: PluginHTTPRequest) throws -> PluginHTTPResponse {
        let visitor = try widget.bearerVisitor(request)
        let body = try RequestBody(request)
        let text = try body.required("text", max: Self.maxTextLength)
        let clientID = try VisitorMessages.checkClientID(try body.required("client_message_id", max: 100))
        try widget.limits.admit(.message, key: visitor.id)
        let outcome = try VisitorMessages(widget: widget).ingest(visitor, text: text, attachmentsJSON: nil, clientMessageID: clientID)
        return VisitorMessages.answer(outcome)
    }

    func history(_ request: PluginHTTPRequest) throws -> PluginHTTPResponse {
        let visitor = try widget.bearerVisitor(request)
        var after: Int64 = 0
        if let raw = try QueryItems(request).value("after"), !raw.isEmpty {
            guard let value = Int64(raw), value >= 0 else { throw WidgetFailure.invalid("after", "must be a message id (a non-negative integer)") }
            after = value
        }
        let state = try widget.store.state(visitor.identity)
        var answer: JSONObject = ["conversation": .null, "messages": .array([])]
        answer["switched"] = state.switched?.json ?? .null
        guard let conversationID = state.conversationID else { return .json(200, .object(answer)) }
        let page = try ConversationHistory(host: widget.host).messages(conversationID, after: after)
        if let last = page.messages.last?["id"]?.intValue { widget.store.noteShown(visitor.identity, upTo: Int64(last)) }
        answer["conversation"] = page.conversation
        answer["messages"] = .array(page.messages)
        return .json(200, .object(answer))
    }
}

/// The customer-visible history of a conversation from the host, paged through to the end.
struct ConversationHistory {
    let host: PluginHost

    static let pageSize: UInt32 = 200
    static let maxMessages = 2_000

    func messages(_ conversationID: String, after: Int64) throws -> (conversation: JSON, messages: [JSON]) {
        var cursor = after
        var conversation = JSON.null
        var messages: [JSON] = []
        while messages.count < Self.maxMessages {
            let page: JSON
            do {
                page = try JSON.parse(try host.conversationMessages(conversationID: conversationID, after: cursor, limit: Self.pageSize))
            } catch PluginError.notFound {
                break
            }
            if let c = page["conversation"]?.objectValue {
                var shown = JSONObject()
                for key in ["id", "status", "channel_kind", "assignee_name"] { shown[key] = c[key] ?? .null }
                conversation = .object(shown)
            }
            let batch = (page["messages"]?.arrayValue ?? []).compactMap(MessageEvents.fromHistory)
            messages += batch
            guard batch.count == Int(Self.pageSize), let last = batch.last?["id"]?.intValue else { break }
            cursor = Int64(last)
        }
        return (conversation, messages)
    }
}

/// A request's query parameters; a malformed one is the 400 naming it.
struct QueryItems {
    let items: [(name: String, value: String)]

    init(_ request: PluginHTTPRequest) throws(WidgetFailure) {
        do { items = try request.queryItems() } catch { throw .invalid(error.name.isEmpty ? "query" : error.name, error.message) }
    }

    func value(_ name: String) -> String? { items.first { $0.name == name }?.value }
}
