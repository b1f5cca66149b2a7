import SwitchboardCommon

/// The visitor token a browser keeps (localStorage) so a reload or a new tab continues the same
/// visitor: "v1.<visitor_id>.<issued_unix_s>.<hex HMAC-SHA256(secret, "v1.<visitor_id>.<issued_unix_s>")>".
/// It is the visitor's only credential, so it is signed with the widget secret and expires
/// after `visitor_token_days`; verification compares signatures in constant time.
public struct VisitorToken: Equatable, Sendable {
    public let visitorID: String
    public let issuedAt: Int64

    public init(visitorID: String, issuedAt: Int64) {
        self.visitorID = visitorID
        self.issuedAt = issuedAt
    }

    public enum Refusal: Error, Equatable, Sendable {
        case malformed, badSignature, expired
        public var message: String {
            switch self {
            case .malformed: "is not a visitor token"
            case .badSignature: "is not signed by this widget"
            case .expired: "has expired: start a new session without it"
            }
        }
    }

    /// A clock a little ahead of ours may issue a token "in the future"; more than this is forged.
    static let allowedSkewSeconds: Int64 = 300

    /// A fresh random visitor id: "v" and 32 hex digits (no "." so it fits in the token).
    public static func newVisitorID() -> String { "v" + Crypto.randomHex(bytes: 16) }

    public static func isVisitorID(_ text: String) -> Bool {
        (2...64).contains(text.utf8.count) && text.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "_" || $0 == "-" }
    }

    public func signed(secret: String) -> String {
        let payload = "v1.\(visitorID).\(issuedAt)"
        return payload + "." + Crypto.hmacSHA256Hex(key: secret, message: payload)
    }

    /// The token's visitor, if `secret` signed it and it was issued within `lifetimeSeconds` of `now`.
    public static func verify(_ token: String, secret: String, now: Int64, lifetimeSeconds: Int64) -> Result<VisitorToken, Refusal> {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "v1", isVisitorID(String(parts[1])),
              let issued = Int64(parts[2]), issued > 0, parts[3].utf8.count == 64
        else { return .failure(.malformed) }
        let claimed = VisitorToken(visitorID: String(parts[1]), issuedAt: issued)
        guard Crypto.constantTimeEquals(claimed.signed(secret: secret), token) else { return .failure(.badSignature) }
        guard issued <= now + allowedSkewSeconds, now - issued <= lifetimeSeconds else { return .failure(.expired) }
        return .success(claimed)
    }

    public func expiresAt(lifetimeSeconds: Int64) -> Int64 { issuedAt + lifetimeSeconds }
}

/// Identity verification: a site that knows who is logged in puts its user id and
/// hex HMAC-SHA256(widget secret, user id) on the script tag; only its backend can compute it, so
/// a visitor presenting it is that user and continues as their contact on any device.
public enum UserHash {
    public static let maxUserIDLength = 256

    public static func compute(userID: String, secret: String) -> String {
        Crypto.hmacSHA256Hex(key: secret, message: userID)
    }

    public static func verify(userID: String, userHash: String, secret: String) -> Bool {
        Crypto.constantTimeEquals(compute(userID: userID, secret: secret), userHash.lowercased())
    }
}
