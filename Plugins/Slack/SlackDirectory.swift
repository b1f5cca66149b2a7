import PluginKit

/// The people and channels agents pick from when they start a Slack side conversation, read from
/// Slack (`users.list`, `conversations.list`, paged by cursor) on the status check and kept in
/// the instance's state, then published as `plugin_status.side_directory`, which the host hands
/// to agents (GET /api/v1/channels/{id}/side-directory): the web app has no other way to ask a
/// plugin for a list, and plugin routes under /hooks/ are public, so a workspace's directory must
/// not be served there.
///
///     directory  → {"users": [{"id", "name", "real_name", "email"}], "channels": [{"id", "name", "private", "member"}],
///                   "refreshed_at", "truncated"}   (+ "message_link_template" when published, see SlackStatus)
struct SlackDirectory {
    let host: PluginHost
    let api: SlackAPI

    static let storageKey = "directory"
    /// Enough for the workspaces this is for; a bigger one is marked truncated (ids still work).
    static let maxUsers = 5_000
    static let maxChannels = 2_000
    static let pageSize = "200"

    enum Outcome: Equatable {
        case refreshed
        /// Slack said to wait: keep the old directory and try again after this long.
        case rateLimited(afterMs: Int64)
        case failed(SlackAPIError)
    }

    /// Reads both lists and stores them; on any failure the previous directory stays.
    func refresh(nowMs now: Int64) -> Outcome {
        var truncated = false
        let users: [JSON]
        switch list("users.list", arguments: [], key: "members", max: Self.maxUsers) {
        case .success(let page):
            truncated = truncated || page.truncated
            users = page.items.filter { $0["deleted"]?.boolValue != true && $0["is_bot"]?.boolValue != true && $0["id"]?.stringValue != "USLACKBOT" }
                .map { user in
                    ["id": .from(user["id"]?.stringValue), "name": .from(user["profile"]?["display_name"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? user["name"]?.stringValue),
                     "real_name": .from(user["profile"]?["real_name"]?.stringValue ?? user["real_name"]?.stringValue),
                     "email": .from(user["profile"]?["email"]?.stringValue)]
                }
        case .failure(let error): return outcome(error)
        }
        let channels: [JSON]
        switch list("conversations.list", arguments: [("types", "public_channel,private_channel"), ("exclude_archived", "true")],
                    key: "channels", max: Self.maxChannels) {
        case .success(let page):
            truncated = truncated || page.truncated
            channels = page.items.map { channel in
                ["id": .from(channel["id"]?.stringValue), "name": .from(channel["name"]?.stringValue),
                 "private": .bool(channel["is_private"]?.boolValue ?? false), "member": .bool(channel["is_member"]?.boolValue ?? false)]
            }
        case .failure(let error): return outcome(error)
        }
        let directory: JSON = ["users": .array(users), "channels": .array(channels), "refreshed_at": .string(Clock.iso8601(now)),
                               "truncated": .bool(truncated)]
        do { try host.kvSet(Self.storageKey, directory.serialized) } catch {
            host.log(.warn, "slack: could not keep the directory: \(error)")
        }
        return .refreshed
    }

    /// The last directory read, nil before the first.
    func stored() -> JSON? { (try? host.kvGetString(Self.storageKey)).flatMap { $0 }.flatMap { try? JSON.parse($0) } }

    private func outcome(_ error: SlackAPIError) -> Outcome {
        if case .wait(_, let after) = error.meaning { return .rateLimited(afterMs: after) }
        return .failed(error)
    }

    /// Every page of a cursor-paged list method, up to `max` items.
    private func list(_ method: String, arguments: [(name: String, value: String)], key: String, max: Int)
        -> Result<(items: [JSON], truncated: Bool), SlackAPIError> {
        var items: [JSON] = []
        var cursor = ""
        repeat {
            var page = arguments + [("limit", Self.pageSize)]
            if !cursor.isEmpty { page.append(("cursor", cursor)) }
            switch api.call(method, page, timeoutMs: 5_000) {
            case .failure(let error): return .failure(error)
            case .success(let json):
                items += json[key]?.arrayValue ?? []
                cursor = json["response_metadata"]?["next_cursor"]?.stringValue ?? ""
            }
            if items.count >= max { return .success((Array(items.prefix(max)), true)) }
        } while !cursor.isEmpty
        return .success((items, false))
    }
}
