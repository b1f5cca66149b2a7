import SwitchboardCommon

/// Voluntary application server identification for Web Push (RFC 8292): the `Authorization: vapid`
/// header, a short-lived ES256 JWT naming the push service's origin, and the signing key's public point.
public enum VAPID {
    /// How long a token stays valid; RFC 8292 allows at most 24 hours.
    public static let lifetimeSeconds: Int64 = 12 * 3600

    /// `vapid t=<jwt>, k=<public key>` for a request to `endpoint`.
    public static func authorization(endpoint: String, subject: String, key: P256Key, nowSeconds: Int64) throws(P256Error) -> String {
        guard let audience = origin(of: endpoint) else { throw P256Error("the endpoint is not an http(s) URL") }
        let header: JSON = ["typ": "JWT", "alg": "ES256"]
        let claims: JSON = ["aud": .string(audience), "exp": .from(nowSeconds + lifetimeSeconds), "sub": .string(subject)]
        let signingInput = Base64URL.encode(Array(header.serialized.utf8)) + "." + Base64URL.encode(Array(claims.serialized.utf8))
        let signature = try key.signES256(Array(signingInput.utf8))
        return "vapid t=\(signingInput).\(Base64URL.encode(signature)), k=\(Base64URL.encode(key.publicPoint))"
    }

    /// "https://push.example.net" from "https://push.example.net/send/abc": scheme, host and port.
    public static func origin(of url: String) -> String? {
        let lower = url.lowercased()
        let scheme = lower.hasPrefix("https://") ? "https://" : lower.hasPrefix("http://") ? "http://" : nil
        guard let scheme else { return nil }
        let authority = lower.dropFirst(scheme.count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        return scheme + authority
    }
}
