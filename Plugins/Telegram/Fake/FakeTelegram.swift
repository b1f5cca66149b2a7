import SwitchboardSupport
import SwitchboardTransport

/// A loopback Telegram Bot API that holds the Telegram plugin to Telegram's real contract
/// (../shared/reference/channels.md §6, core.telegram.org/bots/api): methods at
/// `/bot<token>/<method>` (a wrong token is 401 Unauthorized), parameters as a query, JSON,
/// form or multipart body, answers in the `{"ok", "result" | "error_code", "description",
/// "parameters"}` envelope, 429 with `retry_after`, `getFile` refusing files over the bots'
/// 20 MB limit, files at `/file/bot<token>/<file_path>`, uploads only as multipart, and a
/// webhook sender (`sendUpdate`) that posts updates with `X-Telegram-Bot-Api-Secret-Token` as
/// Telegram does, keeping `getWebhookInfo`'s pending count and last error.
public final class FakeTelegram: @unchecked Sendable {
    /// A call as it arrived, whatever the fake answered.
    public struct Call: Sendable {
        public var method: String
        public var contentType: String
        public var parameters: [String: String]
        /// Uploaded files by field name (multipart only).
        public var files: [String: UploadedFile]
    }

    public struct UploadedFile: Sendable, Equatable {
        public var filename: String
        public var contentType: String
        public var bytes: [UInt8]
    }

    /// A message the bot sent (sendMessage, sendPhoto, sendDocument).
    public struct Sent: Sendable {
        public var messageID: Int
        public var chatID: String
        public var method: String
        public var text: String
        public var parseMode: String?
        public var replyMarkup: JSON?
        public var file: UploadedFile?
    }

    struct StoredFile {
        var path: String
        var bytes: [UInt8]
        var size: Int
    }

    struct Webhook {
        var url = ""
        var secretToken: String?
        var allowedUpdates: [String] = []
        var pending = 0
        var lastErrorDate: Int?
        var lastErrorMessage: String?
    }

    struct State {
        var calls: [Call] = []
        var sent: [Sent] = []
        var files: [String: StoredFile] = [:]
        var webhook = Webhook()
        var nextMessageID = 100
        var nextUpdateID = 500_000
        var rateLimited: [String: Int] = [:]
        var retryAfterSeconds = 1
        var chatActions: [(chatID: String, action: String)] = []
    }

    public let token: String
    public let botID: Int
    public let botName: String
    public let botUsername: String
    let state = Locked(State())
    private var server: HTTPServer!

    /// Bots may download files up to 20 MB through getFile.
    public static let downloadLimit = 20 * 1024 * 1024

    /// Starts on 127.0.0.1 on a free port; `token` ("<bot id>:<key>") is the only one it accepts.
    public init(token: String = "7001234567:AAFakeTelegramBotTokenForTests_1", botName: String = "Acme Support",
                botUsername: String = "acme_support_bot") throws {
        self.token = token
        self.botID = Int(token.split(separator: ":").first ?? "0") ?? 0
        self.botName = botName
        self.botUsername = botUsername
        var options = HTTPServerOptions()
        options.port = 0
        options.maxBodyBytes = 60 << 20
        server = try HTTPServer(options: options) { [unowned self] request in self.handle(request) }
    }

    /// "http://127.0.0.1:PORT": what the plugin's `api_base_url` is set to.
    public var baseURL: String { "http://127.0.0.1:\(server.port)" }

    public func stop() { server.stop() }
    deinit { server?.stop() }

    // MARK: what arrived

    public var calls: [Call] { state.withLock { $0.calls } }
    public var sent: [Sent] { state.withLock { $0.sent } }
    public var webhookURL: String { state.withLock { $0.webhook.url } }
    public var webhookSecret: String? { state.withLock { $0.webhook.secretToken } }
    public var allowedUpdates: [String] { state.withLock { $0.webhook.allowedUpdates } }
    public var chatActions: [(chatID: String, action: String)] { state.withLock { $0.chatActions } }

    // MARK: controls

    /// A file a customer sent, as Telegram keeps it: `getFile` answers its path (or "file is
    /// too big" when `size` is over 20 MB, which lets tests claim a size without the bytes).
    public func addFile(id: String, bytes: [UInt8], size: Int? = nil, path: String? = nil) {
        state.withLock { $0.files[id] = StoredFile(path: path ?? "documents/\(id).bin", bytes: bytes, size: size ?? bytes.count) }
    }

    /// The next `count` calls of `method` answer 429 with `retry_after` (Telegram's flood control).
    public func rateLimitNext(_ count: Int, method: String, retryAfterSeconds: Int = 1) {
        state.withLock {
            $0.rateLimited[method] = count
            $0.retryAfterSeconds = retryAfterSeconds
        }
    }

    func nextMessageID() -> Int { state.withLock { $0.nextMessageID += 1; return $0.nextMessageID } }
}
