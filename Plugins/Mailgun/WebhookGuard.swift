import PluginKit

/// Mailgun's signature on route forwards and event webhooks, and the two checks Mailgun advises on
/// top of it: a timestamp inside the replay window, and a token never seen before.
///
/// The signature covers only timestamp + token, not the body. So a captured (timestamp, token,
/// signature) could carry another body inside the window: a token may be used again only with the
/// same body (Mailgun's own retry, absorbed by the host's dedupe), never with a different one.
/// Tokens are recorded when a request succeeds (so a retry of one that failed is still welcome),
/// and kept until their timestamp leaves the window (after which the timestamp check refuses them):
///
///     sig/<token>                      → a digest of what it carried
///     sgc/<expiry, unix ms, 20 digits>/<token>  → ""   (what to forget when)
public final class WebhookGuard: @unchecked Sendable {
    public enum Rejection: Error, Equatable {
        /// 401: not signed with our key (a forgery, or the wrong key configured: Mailgun retries).
        case badSignature(String)
        /// 406: outside the replay window, or a token reused with another body: never acceptable.
        case replayed(String)

        public var status: Int {
            switch self {
            case .badSignature: 401
            case .replayed: 406
            }
        }

        public var reason: String {
            switch self {
            case .badSignature(let why), .replayed(let why): why
            }
        }
    }

    /// A request that passed: `commit` it once its work is stored, `release` it either way.
    public struct Claim {
        public let token: String
        public let bodyDigest: String
        public let expiresAtMs: Int64
    }

    private let host: PluginHost
    private let lock = PluginLock()
    private var inFlight = Set<String>()   // tokens being processed right now (guarded by lock)

    /// Expired tokens forgotten per check: more than one, so cleanup outpaces new tokens.
    public static let pruneBatch: UInt32 = 4

    public init(host: PluginHost) { self.host = host }

    /// Checks a request's (timestamp, token, signature) against `signingKey` at `nowMs`.
    /// `bodyDigest` stands for what the request carries (see `MailgunForm.digest`).
    public func check(timestamp: String, token: String, signature: String, bodyDigest digest: String, signingKey: String, windowMs: Int64,
               nowMs: Int64 = Clock.nowMillis()) throws -> Claim {
        // Seconds within 0...year 2100, so the millisecond arithmetic below cannot overflow (and trap).
        guard let seconds = Int64(timestamp), (0...4_102_444_800).contains(seconds), !token.isEmpty, token.utf8.count <= 256,
              token.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") }) else {
            throw Rejection.badSignature("missing or malformed timestamp/token/signature")
        }
        let expected = Crypto.hmacSHA256Hex(key: signingKey, message: timestamp + token)
        guard Crypto.constantTimeEquals(expected, signature.lowercased()) else {
            throw Rejection.badSignature("the signature does not match the webhook signing key")
        }
        guard abs(nowMs - seconds * 1000) <= windowMs else {
            throw Rejection.replayed("timestamp \(timestamp) is outside the \(windowMs / 1000) s replay window")
        }
        let claimed = lock.withLock { inFlight.insert(token).inserted }
        guard claimed else { throw Rejection.replayed("token \(token) is being used by another request right now") }
        do {
            if let seen = try host.kvGetString("sig/" + token), seen != digest {
                throw Rejection.replayed("token \(token) was already used with another body")
            }
        } catch {
            release(token)
            throw error
        }
        return Claim(token: token, bodyDigest: digest, expiresAtMs: seconds * 1000 + windowMs)
    }

    /// The request's work is stored: its token may come back only with the same body.
    public func commit(_ claim: Claim) throws {
        try host.kvSet("sig/" + claim.token, claim.bodyDigest)
        try host.kvSet("sgc/" + Self.padded(claim.expiresAtMs) + "/" + claim.token, "")
        try prune()
    }

    public func release(_ claim: Claim) { release(claim.token) }

    private func release(_ token: String) { lock.withLock { _ = inFlight.remove(token) } }

    /// Forgets a few tokens whose timestamps have left the window.
    private func prune(nowMs: Int64 = Clock.nowMillis()) throws {
        let cutoff = "sgc/" + Self.padded(nowMs)
        for row in try host.kvScan(prefix: "sgc/", limit: Self.pruneBatch) where row.key < cutoff {
            if let token = row.key.split(separator: "/").last { try host.kvDelete("sig/" + token) }
            try host.kvDelete(row.key)
        }
    }

    private static func padded(_ value: Int64) -> String {
        let digits = String(max(0, value))
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }
}
