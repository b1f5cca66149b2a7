import SwitchboardSupport
import SwitchboardTransport

/// A loopback Meta Graph API that holds the Messenger and Instagram channels to Meta's real
/// contract (../shared/reference/providers.md §2, channels.md §2; Plugins/Meta/FakeGraphAPI.md):
/// versioned paths, tokens, the Send API with its 24-hour and 7-day (HUMAN_AGENT) windows, the
/// Attachment Upload API, profile look-ups, Graph's error shape, and a CDN whose URLs expire.
/// A plugin that gets the contract wrong fails its tests here instead of in production.
public final class FakeGraphAPI: @unchecked Sendable {
    /// One request as it arrived, whatever the fake answered.
    public typealias Request = RecordedRequest

    /// A message or sender action the fake accepted, with the fields tests assert on pulled out.
    public struct SentMessage: Sendable {
        /// The Page or Instagram account it was sent from (the path's id).
        public var assetID: String
        /// The whole request body as parsed (JSON, or the form fields with JSON values decoded).
        public var body: JSON
        public var recipientID: String
        public var messagingType: String?
        public var tag: String?
        public var text: String?
        /// `message.attachment.payload.attachment_id`, when sent by id.
        public var attachmentID: String?
        /// `message.attachment.payload.url`, when sent by URL.
        public var attachmentURL: String?
        /// `typing_on`, `typing_off` or `mark_seen` for a sender action (no message then).
        public var senderAction: String?
        public var quickReplies: [JSON]
        /// The `message_id` answered; empty for a sender action, which Graph answers without one.
        public var messageID: String
    }

    /// A file the Attachment Upload API accepted.
    public struct Upload: Sendable {
        public var assetID: String
        /// image, video, audio or file.
        public var type: String
        /// The file part's filename, or the URL for an upload from a URL.
        public var filename: String
        /// Empty for an upload from a URL (the fake does not fetch it).
        public var bytes: [UInt8]
        public var attachmentID: String
    }

    struct Profile {
        var firstName: String?
        var lastName: String?
        var name: String?
        var username: String?
        var profilePic: String?
    }

    struct HostedMedia {
        var bytes: [UInt8]
        var contentType: String
        var expiresAtMs: Int64
    }

    struct State {
        var whatsApp = WhatsAppState()
        var pages: [String: String] = [:]
        var instagramAccounts: [String: String] = [:]
        var users: [String: Profile] = [:]
        var tokenRevoked = false
        var withoutPermission: Set<String> = []
        var rateLimited = 0
        var unavailableUsers: Set<String> = []
        /// "asset|user" → when the user last wrote to that asset (ms).
        var lastCustomerMessage: [String: Int64] = [:]
        var sent: [SentMessage] = []
        var uploads: [Upload] = []
        var media: [String: HostedMedia] = [:]
        var received: [Request] = []
        var clock: @Sendable () -> Int64 = { Clock.nowMillis() }
    }

    public let version: String
    let accessToken: String
    let state = Locked(State())
    private var server: HTTPServer!

    /// Starts on 127.0.0.1 on a free port. `version` is the only API version the fake serves
    /// (Graph's form, "v23.0"); `accessToken` the only token it accepts.
    public init(version: String = "v23.0", accessToken: String = "EAAG-test-token") throws {
        self.version = version
        self.accessToken = accessToken
        var options = HTTPServerOptions()
        options.port = 0
        options.maxBodyBytes = 30 << 20   // room for Meta's 25 MB attachments
        server = try HTTPServer(options: options) { [unowned self] request in self.handle(request) }
    }

    /// "http://127.0.0.1:PORT": plugins append "/<version>/…" as they would to https://graph.facebook.com.
    public var baseURL: String { "http://127.0.0.1:\(server.port)" }

    public func stop() { server.stop() }
    deinit { server?.stop() }

    // MARK: assets the token may act for

    /// A Facebook Page the token may send from (`POST /<v>/<id>/messages`, 2,000-character texts).
    public func addPage(id: String, name: String) { state.withLock { $0.pages[id] = name } }

    /// An Instagram professional account the token may send from (1,000-character texts).
    public func addInstagramAccount(id: String, username: String) { state.withLock { $0.instagramAccounts[id] = username } }

    /// A PSID or IGSID with a profile. Messenger profiles have first/last name and name; Instagram
    /// ones name and username. Ids never added answer the no-profile error (100/2018218).
    public func addUser(id: String, firstName: String?, lastName: String?, name: String?,
                        username: String? = nil, profilePic: String? = nil) {
        state.withLock { $0.users[id] = Profile(firstName: firstName, lastName: lastName, name: name, username: username, profilePic: profilePic) }
    }

    // MARK: what arrived

    /// Every message and sender action accepted, in order.
    public var sent: [SentMessage] { state.withLock { $0.sent } }

    /// Every attachment uploaded, in order.
    public var uploads: [Upload] { state.withLock { $0.uploads } }

    /// Every request, refused ones included (CDN fetches too), in order.
    public var received: [Request] { state.withLock { $0.received } }

    // MARK: controls

    /// The token stops working: later calls answer 190 OAuthException (subcode 460, "Error validating access token: …").
    public func revokeToken() { state.withLock { $0.tokenRevoked = true } }

    /// The token loses the asset: sends answer 403 with code 200 (a Page) or 10 (an Instagram
    /// account); look-ups of the asset answer 100/33 ("cannot be loaded due to missing permissions").
    public func removePermission(assetID: String) { state.withLock { _ = $0.withoutPermission.insert(assetID) } }

    /// The next `count` authenticated calls answer code 613 "Calls to this api have exceeded the rate limit." (HTTP 400).
    public func rateLimitNext(_ count: Int) { state.withLock { $0.rateLimited = max(0, count) } }

    /// Sends to this user answer 551/1545041 "This person isn't available right now." (blocked, deactivated).
    public func makeUnavailable(userID: String) { state.withLock { _ = $0.unavailableUsers.insert(userID) } }

    /// The fake's clock (Unix ms) for the messaging windows and media expiry; real time by default.
    public func setClock(_ nowMs: @escaping @Sendable () -> Int64) { state.withLock { $0.clock = nowMs } }

    var now: Int64 { let clock = state.withLock { $0.clock }; return clock() }

    // MARK: customer side

    /// When `userID` last wrote to `assetID` (Unix ms): the start of the 24-hour and 7-day windows.
    /// Keeps the latest time. `postWebhook` records it for every customer event it carries.
    public func recordCustomerMessage(assetID: String, userID: String, atMs: Int64) {
        state.withLock { state in
            let key = "\(assetID)|\(userID)"
            state.lastCustomerMessage[key] = max(state.lastCustomerMessage[key] ?? .min, atMs)
        }
    }

    /// Posts a webhook body to `url` signed as Meta signs it (MetaWebhookSigner.post), after
    /// recording, for the windows, each event in it that opens or refreshes the messaging window:
    /// a customer's message (not an echo), a postback, a referral.
    public func postWebhook(_ body: String, to url: String, appSecret: String, timeoutMs: Int = 10_000) throws -> (status: Int, text: String) {
        for event in MessagingWindow.customerEvents(inWebhook: body) {
            recordCustomerMessage(assetID: event.assetID, userID: event.userID, atMs: event.atMs)
        }
        return try MetaWebhookSigner.post(body, to: url, appSecret: appSecret, timeoutMs: timeoutMs)
    }
}
