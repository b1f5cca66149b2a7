import SwitchboardSupport
import SwitchboardTransport

/// A loopback Slack that holds the Slack plugin to Slack's real contract
/// (../shared/reference/providers.md §4): Web API methods under `/api/<method>` with Bearer
/// token checks and Slack's `{"ok": false, "error": …}` shape (HTTP 200, or 429 with
/// Retry-After when rate limited), conversations and threads as Slack keeps them, private file
/// downloads that need the token, and an Events sender (`SlackEventSender`) that signs and
/// retries exactly as Slack does.
public final class FakeSlack: @unchecked Sendable {
    /// One request as it arrived, whatever the fake answered.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: [(String, String)]
        /// The arguments, from a form or a JSON body.
        public var arguments: [String: String]
        public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    /// A message the app posted (`chat.postMessage`).
    public struct Post: Sendable, Equatable {
        public var channel: String
        public var ts: String
        public var threadTS: String?
        public var text: String

        public init(channel: String, ts: String, threadTS: String?, text: String) {
            self.channel = channel
            self.ts = ts
            self.threadTS = threadTS
            self.text = text
        }
    }

    struct Channel {
        var id: String
        var name: String
        var isPrivate: Bool
        var botIsMember: Bool
        var archived = false
        /// For DMs and group DMs: the people in it besides the app.
        var members: [String] = []
    }

    struct StoredFile {
        var name: String
        var contentType: String
        var bytes: [UInt8]
    }

    struct State {
        var users: [String: (name: String, realName: String, email: String)] = [:]
        var channels: [String: Channel] = [:]
        var posts: [Post] = []
        var files: [String: StoredFile] = [:]
        var received: [Request] = []
        var tokenRevoked = false
        var rateLimited: [String: Int] = [:]
        var retryAfterSeconds = 1
        var clock: Double = 0
    }

    public let teamID: String
    public let teamName: String
    public let botToken: String
    public let botUserID = "U0BOT"
    public let botID = "B0BOT"
    let state = Locked(State())
    private var server: HTTPServer!

    /// Starts on 127.0.0.1 on a free port; `botToken` is the only token it accepts.
    public init(teamID: String = "T0ACME", teamName: String = "Acme", botToken: String = "xoxb-test-token") throws {
        self.teamID = teamID
        self.teamName = teamName
        self.botToken = botToken
        var options = HTTPServerOptions()
        options.port = 0
        server = try HTTPServer(options: options) { [unowned self] request in self.handle(request) }
    }

    /// "http://127.0.0.1:PORT": the fake's controls live under /fake/ (FakeControl).
    public var baseURL: String { "http://127.0.0.1:\(server.port)" }

    /// "http://127.0.0.1:PORT/api": what the plugin's `api_base_url` is set to.
    public var apiBaseURL: String { "http://127.0.0.1:\(server.port)/api" }
    var fileBaseURL: String { "http://127.0.0.1:\(server.port)/files" }

    public func stop() { server.stop() }
    deinit { server?.stop() }

    // MARK: the workspace

    public func addUser(id: String, name: String, realName: String, email: String) {
        state.withLock { $0.users[id] = (name, realName, email) }
    }

    /// A channel; the app can post in it only when `botIsMember` (or it is public and the app
    /// could join: Slack still answers not_in_channel until it does).
    public func addChannel(id: String, name: String, isPrivate: Bool = false, botIsMember: Bool = true) {
        state.withLock { $0.channels[id] = Channel(id: id, name: name, isPrivate: isPrivate, botIsMember: botIsMember) }
    }

    /// A file a person shared, downloadable with the bot token from the returned URL.
    public func addFile(id: String, name: String, contentType: String, bytes: [UInt8]) -> String {
        state.withLock { $0.files[id] = StoredFile(name: name, contentType: contentType, bytes: bytes) }
        return "\(fileBaseURL)/\(id)/\(name)"
    }

    // MARK: what arrived

    public var posts: [Post] { state.withLock { $0.posts } }
    public var received: [Request] { state.withLock { $0.received } }

    /// The DM or group DM conversations.open made for exactly these people (nil if none).
    public func directChannel(with users: [String]) -> String? {
        state.withLock { state in state.channels.values.first { $0.members.sorted() == users.sorted() }?.id }
    }

    // MARK: controls

    /// Later calls answer invalid_auth... as Slack does for a revoked token: token_revoked.
    public func revokeToken() { state.withLock { $0.tokenRevoked = true } }

    /// The next `count` calls of `method` answer HTTP 429 with `Retry-After: seconds` (Slack's
    /// limits are per method).
    public func rateLimitNext(_ count: Int, method: String, retryAfterSeconds: Int = 1) {
        state.withLock {
            $0.rateLimited[method] = count
            $0.retryAfterSeconds = retryAfterSeconds
        }
    }

    /// A new ts, Slack's form ("1733581234.000100"): seconds, then a per-message sequence.
    func nextTS() -> String {
        state.withLock { state in
            let now = Double(Clock.nowMillis()) / 1000
            state.clock = max(state.clock + 0.000_001, now)
            let micros = Int64((state.clock * 1_000_000).rounded())
            let fraction = String(micros % 1_000_000)
            return "\(micros / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
        }
    }
}
