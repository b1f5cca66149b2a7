/// Which web pages may talk to a widget: the browser names the page's origin in the Origin header
/// of every cross-site request (fetch, EventSource). A request without Origin does not come from
/// a browser page (a server, curl, a test): it is let through, since the visitor token, not the
/// origin, is what authenticates a visitor. The origin check keeps other sites' pages from
/// embedding the widget and acting in their visitors' browsers.
public struct OriginPolicy: Sendable {
    let allowsAny: Bool
    let origins: Set<String>

    /// `allowed` as configured ("*" or origins); `own` is the host's own origin (its public URL),
    /// which may always use the widget (a test page, the host's own pages).
    public init(allowed: [String], own: String?) {
        allowsAny = allowed.contains("*")
        origins = Set((allowed + [own].compactMap { $0 }).compactMap(Self.normalize))
    }

    /// nil Origin (not a browser page) is allowed; "null" (a sandboxed or file: page) is not,
    /// unless "*" is configured.
    public func allows(_ origin: String?) -> Bool {
        guard let origin else { return true }
        if allowsAny { return true }
        guard let normalized = Self.normalize(origin) else { return false }
        return origins.contains(normalized)
    }

    /// "scheme://host[:port]" lowercased, without a default port or a trailing slash; nil when
    /// the text is not such an origin (a path, a query, user info or spaces are refused).
    public static func normalize(_ text: String) -> String? {
        var lower = text.lowercased()
        if lower.hasSuffix("/") { lower.removeLast() }
        let scheme: String
        if lower.hasPrefix("https://") { scheme = "https" } else if lower.hasPrefix("http://") { scheme = "http" } else { return nil }
        let authority = lower.dropFirst(scheme.count + 3)
        guard !authority.isEmpty, !authority.contains(where: { "/?#@ \t".contains($0) }) else { return nil }
        var hostPart = Substring(authority), port: Substring?
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            hostPart = authority[..<colon]
            port = authority[authority.index(after: colon)...]
            guard let p = port, let number = Int(p), (1...65535).contains(number) else { return nil }
        }
        guard !hostPart.isEmpty else { return nil }
        let defaultPort = scheme == "https" ? "443" : "80"
        return port == nil || port! == defaultPort ? "\(scheme)://\(hostPart)" : "\(scheme)://\(hostPart):\(port!)"
    }
}
