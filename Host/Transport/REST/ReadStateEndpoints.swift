import SwitchboardDomain
import SwitchboardSupport

/// Read state per agent: mark a conversation read (the app does on open) or unread by hand, and the
/// unread conversations with the sidebar's counts per view and team.
struct ReadStateEndpoints {
    let store: Store

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/read-state", access: .people, handler: summary),
            Route(method: "POST", pattern: "/api/v1/conversations/{id}/read", access: .people, handler: markRead),
            Route(method: "POST", pattern: "/api/v1/conversations/{id}/unread", access: .people, handler: markUnread),
        ]
    }

    func person(_ r: APIRequest) throws(APIError) -> String { try r.person(owning: "read state") }

    func summary(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let agentID = try person(r)
        let state = try storeCall { try store.readState(agentID: agentID, viewer: r.viewer) }
        return .json(200, [
            "unread_conversation_ids": .array(state.unreadConversationIDs.map(JSON.string)),
            "views": ["mine": .from(state.mine), "unassigned": .from(state.unassigned), "mentioned": .from(state.mentioned)],
            "teams": .array(state.teams.map { ["team_id": .string($0.teamID), "name": .string($0.name), "unread": .from($0.unread)] }),
        ])
    }

    func markRead(_ r: APIRequest) throws(APIError) -> HTTPResponse { try mark(r, read: true) }
    func markUnread(_ r: APIRequest) throws(APIError) -> HTTPResponse { try mark(r, read: false) }

    func mark(_ r: APIRequest, read: Bool) throws(APIError) -> HTTPResponse {
        let agentID = try person(r)
        let id = r.parameter("id")
        try domainCall { try store.setConversationRead(id, agentID: agentID, viewer: r.viewer, read: read) }
        return .json(200, ["conversation_id": .string(id), "unread": .bool(!read)])
    }
}
