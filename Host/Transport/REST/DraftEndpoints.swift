import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/conversations/{id}/drafts…: replies written for people to review (draft mode). List,
/// create (an integrator's own draft), approve (as written, or edited with `text`), discard.
/// Approving a draft the customer has written after answers 409 `stale_draft` unless `confirm`.
struct DraftEndpoints {
    let store: Store
    let onReplyQueued: @Sendable () -> Void

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/conversations/{id}/drafts", access: .any, handler: list),
            Route(method: "POST", pattern: "/api/v1/conversations/{id}/drafts", access: .any, handler: create),
            Route(method: "POST", pattern: "/api/v1/conversations/{id}/drafts/{draft}/approve", access: .any, handler: approve),
            Route(method: "POST", pattern: "/api/v1/conversations/{id}/drafts/{draft}/discard", access: .any, handler: discard),
        ]
    }

    func conversation(_ r: APIRequest) throws(APIError) -> Conversation {
        let id = r.parameter("id")
        guard let conversation = try storeCall({ try store.conversation(id: id, visibleTo: r.viewer) }) else { throw .notFound("no conversation \(id)") }
        return conversation
    }

    func draftID(_ r: APIRequest) throws(APIError) -> Int64 {
        guard let id = Int64(r.parameter("draft")), id > 0 else { throw .badRequest("draft", "must be a draft id (a positive integer)") }
        return id
    }

    func list(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let c = try conversation(r)
        let drafts = try storeCall { try store.drafts(conversationID: c.id) }
        return .json(200, ["drafts": .array(drafts.map(\.json))])
    }

    func create(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let c = try conversation(r)
        let body = try r.jsonBody()
        guard let text = try optionalString(body, "text"), !text.isEmpty else { throw .badRequest("text", "is required") }
        let format = try ConversationEndpoints.format(body)
        let draft = try draftCall { try store.createDraft(conversationID: c.id, text: text, format: format, actor: r.actor) }
        return .json(201, draft.json)
    }

    func approve(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let c = try conversation(r)
        let id = try draftID(r)
        let body = r.http.body.isEmpty ? JSONObject() : try r.jsonBody()
        let text = try optionalString(body, "text")
        if let text, text.isEmpty { throw .badRequest("text", "is empty: discard the draft instead") }
        let format = body["format"] == nil ? nil : try ConversationEndpoints.format(body)
        let confirm = try optionalBool(body, "confirm") ?? false
        let (draft, message) = try draftCall {
            try store.approveDraft(conversationID: c.id, draftID: id, text: text, format: format, approver: r.actor,
                                   approverName: r.caller?.name, confirm: confirm)
        }
        onReplyQueued()
        return .json(200, ["draft": draft.json, "message": Present.message(message)])
    }

    func discard(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let c = try conversation(r)
        let id = try draftID(r)
        let draft = try draftCall { try store.discardDraft(conversationID: c.id, draftID: id, actor: r.actor) }
        return .json(200, draft.json)
    }

    private func draftCall<T>(_ body: () throws -> T) throws(APIError) -> T {
        do { return try body() } catch let error as DraftError {
            switch error {
            case .notFound(let m): throw .notFound(m)
            case .decided: throw .conflict(error.description)
            case .stale(let m): throw APIError(status: 409, code: "stale_draft", message: m)
            case .invalid(let field, let reason): throw .badRequest(field, reason)
            }
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(status: 503, code: "unavailable", message: "could not store the draft: \(error)")
        }
    }
}
