import PluginKit
import WebChatLogic

/// The widget's endpoints are public: anyone can open sessions and send. These limits keep one
/// address from minting visitors without end, and one visitor from flooding the store; past
/// them the answer is 429 with Retry-After and `retry_after_seconds` (the widget waits and sends
/// the same call again, twice at most).
final class RateLimits: @unchecked Sendable {
    enum Kind { case session, message, upload }

    /// Messages a visitor may send: a burst of 20, then 30 a minute.
    static let messagesPerMinute = 30, messageBurst = 20
    /// Uploads a visitor may send: a burst of 5, then 10 a minute.
    static let uploadsPerMinute = 10, uploadBurst = 5

    private let lock = PluginLock()
    private var sessions: RateBuckets
    private var messages = RateBuckets(perMinute: RateLimits.messagesPerMinute, burst: RateLimits.messageBurst)
    private var uploads = RateBuckets(perMinute: RateLimits.uploadsPerMinute, burst: RateLimits.uploadBurst)

    init(sessionsPerMinute: Int) { sessions = Self.sessionBuckets(sessionsPerMinute) }

    /// New sessions per address: a burst of a quarter minute's worth (at least 10).
    private static func sessionBuckets(_ perMinute: Int) -> RateBuckets {
        RateBuckets(perMinute: perMinute, burst: max(10, perMinute / 4))
    }

    func configure(sessionsPerMinute: Int) {
        lock.withLock { if sessions.perMinute != sessionsPerMinute { sessions = Self.sessionBuckets(sessionsPerMinute) } }
    }

    /// Spends one of `kind` for `key` (an address for sessions, a visitor id otherwise), or throws 429.
    func admit(_ kind: Kind, key: String, nowMs: Int64 = Clock.monotonicMillis()) throws(WidgetFailure) {
        let wait: Int64? = lock.withLock {
            switch kind {
            case .session: sessions.admit(key, nowMs: nowMs)
            case .message: messages.admit(key, nowMs: nowMs)
            case .upload: uploads.admit(key, nowMs: nowMs)
            }
        }
        guard let wait else { return }
        let what = switch kind { case .session: "new chat sessions from this address"; case .message: "messages"; case .upload: "uploads" }
        throw WidgetFailure.tooMany(what, retryAfterMs: wait)
    }
}
