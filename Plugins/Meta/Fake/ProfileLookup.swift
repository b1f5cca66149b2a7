import SwitchboardSupport
import SwitchboardTransport

/// `GET /<v>/<id>?fields=…`: a person's profile (PSID or IGSID), a Page, an Instagram account.
/// Only fields the node type has may be asked for (else Graph's "nonexisting field" error); only
/// requested fields that have a value are answered, always with `id`.
extension FakeGraphAPI {
    static let userFields: Set<String> = ["id", "first_name", "last_name", "name", "profile_pic", "username"]
    static let pageFields: Set<String> = ["id", "name"]
    static let instagramFields: Set<String> = ["id", "username"]

    func lookUp(_ id: String, fields: String?) throws -> HTTPResponse {
        let requested = (fields ?? "").split(separator: ",").map { $0.trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
        let (pageName, username, profile, withoutPermission) = state.withLock {
            ($0.pages[id], $0.instagramAccounts[id], $0.users[id], $0.withoutPermission.contains(id))
        }
        let known: Set<String>
        let nodeType: String
        var values: [String: String] = ["id": id]
        if let pageName {
            if withoutPermission { throw GraphError.unsupported("GET", id: id) }
            (known, nodeType) = (Self.pageFields, "Page")
            values["name"] = pageName
        } else if let username {
            if withoutPermission { throw GraphError.unsupported("GET", id: id) }
            (known, nodeType) = (Self.instagramFields, "IGUser")
            values["username"] = username
        } else if let profile {
            (known, nodeType) = (Self.userFields, "User")
            values["first_name"] = profile.firstName
            values["last_name"] = profile.lastName
            values["name"] = profile.name
            values["username"] = profile.username
            values["profile_pic"] = profile.profilePic
        } else {
            // A PSID/IGSID with no profile for this token (and any id the fake was not told about).
            throw GraphError.noProfile
        }
        for field in requested where !known.contains(field) { throw GraphError.nonexistingField(field, nodeType: nodeType) }
        var answer: JSONObject = [:]
        for field in requested.isEmpty ? ["name"] : requested {
            if let value = values[field] { answer[field] = .string(value) }
        }
        answer["id"] = .string(id)
        return .json(200, .object(answer))
    }
}
