import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/snippets…: canned responses. Admin keys create, edit and delete; every key lists,
/// reads and renders (rendering needs the conversation to be visible to the caller).
struct SnippetEndpoints {
    let store: Store

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/snippets", access: .any, handler: list),
            Route(method: "POST", pattern: "/api/v1/snippets", access: .admin, handler: create),
            Route(method: "GET", pattern: "/api/v1/snippets/{id}", access: .any, handler: get),
            Route(method: "PATCH", pattern: "/api/v1/snippets/{id}", access: .admin, handler: update),
            Route(method: "DELETE", pattern: "/api/v1/snippets/{id}", access: .admin, handler: delete),
            Route(method: "POST", pattern: "/api/v1/snippets/{id}/render", access: .any, handler: render),
        ]
    }

    func list(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let items = try storeCall { try store.snippets(namePrefix: r.http.queryValue("q")) }
        return .json(200, ["snippets": .array(items.map(Present.snippet))])
    }

    func get(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard let snippet = try storeCall({ try store.snippet(id: r.parameter("id")) }) else { throw .notFound("no snippet \(r.parameter("id"))") }
        return .json(200, Present.snippet(snippet))
    }

    func create(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        guard let name = try optionalString(body, "name") else { throw .badRequest("name", "is required") }
        guard let text = try optionalString(body, "body") else { throw .badRequest("body", "is required") }
        return .json(201, Present.snippet(try domainCall { try store.createSnippet(name: name, body: text) }))
    }

    func update(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        let name = try optionalString(body, "name"), text = try optionalString(body, "body")
        return .json(200, Present.snippet(try domainCall { try store.updateSnippet(id: r.parameter("id"), name: name, body: text) }))
    }

    func delete(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard try storeCall({ try store.deleteSnippet(id: r.parameter("id")) }) else { throw .notFound("no snippet \(r.parameter("id"))") }
        return HTTPResponse(status: 204)
    }

    /// A preview: the text a reply with this snippet would carry, and the placeholders that had no value.
    func render(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        guard let conversationID = try optionalString(body, "conversation_id"), !conversationID.isEmpty else {
            throw .badRequest("conversation_id", "is required")
        }
        let id = r.parameter("id")
        let rendered = try domainCall {
            try store.renderSnippet(id: id, conversationID: conversationID, visibleTo: r.viewer, agentID: r.caller?.agentID,
                                    callerName: r.caller?.name)
        }
        return .json(200, ["snippet_id": .string(id), "conversation_id": .string(conversationID), "text": .string(rendered.text),
                           "missing": .array(rendered.missing.map(JSON.string))])
    }

    /// The text of a reply sent with `snippet_id`: refusals name `snippet_id`, since the conversation was already found.
    static func replyText(store: Store, snippetID: String, conversationID: String, request r: APIRequest,
                          authorName: String?) throws(APIError) -> String {
        let rendered: (text: String, missing: [String])
        do {
            rendered = try store.renderSnippet(id: snippetID, conversationID: conversationID, visibleTo: r.viewer,
                                               agentID: r.caller?.agentID, callerName: authorName)
        } catch let error as SnippetError {
            if case .conversationNotFound = error { throw .notFound(error.description) }
            throw .badRequest("snippet_id", error.description)
        } catch {
            throw APIError(status: 503, code: "unavailable", message: "store: \(error)")
        }
        guard !rendered.text.isEmpty else { throw .badRequest("snippet_id", "snippet \(snippetID) renders to no text for this conversation") }
        return rendered.text
    }
}


extension Present {
    static func snippet(_ s: Snippet) -> JSON {
        ["id": .string(s.id), "name": .string(s.name), "body": .string(s.body),
         "created_at": .string(Clock.iso8601(s.createdAt)), "updated_at": .string(Clock.iso8601(s.updatedAt))]
    }
}
