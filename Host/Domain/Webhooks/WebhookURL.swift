/// The receiver address of a webhook subscription: an absolute http or https URL with a host.
/// Checked when the subscription is saved, so the dispatcher never holds an address libcurl refuses.
public enum WebhookURL {
    public static let maxLength = 2048

    /// The URL's host (an IPv6 literal without its brackets), or why the URL is refused.
    @discardableResult
    public static func validate(_ url: String) throws(WebhookRuleError) -> String {
        guard !url.isEmpty, url.utf8.count <= maxLength else { throw WebhookRuleError("must be 1-\(maxLength) characters") }
        guard url.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else { throw WebhookRuleError("must not contain spaces or control characters") }
        let lower = url.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            rest = url.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            rest = url.dropFirst(7)
        } else {
            throw WebhookRuleError("must be an absolute http:// or https:// URL")
        }
        // The authority ends at the path, query or fragment; user info (if any) before an '@'.
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        let host: Substring
        var port: Substring?
        if hostAndPort.hasPrefix("[") {
            // An IPv6 literal: [::1] or [::1]:8080.
            guard let close = hostAndPort.firstIndex(of: "]") else { throw WebhookRuleError("has an unclosed IPv6 address") }
            host = hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close]
            let after = hostAndPort[hostAndPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw WebhookRuleError("has text after the IPv6 address") }
                port = after.dropFirst()
            }
        } else if let colon = hostAndPort.lastIndex(of: ":") {
            host = hostAndPort[..<colon]
            port = hostAndPort[hostAndPort.index(after: colon)...]
        } else {
            host = hostAndPort
        }
        guard !host.isEmpty else { throw WebhookRuleError("must name a host") }
        if let port {
            guard let number = Int(port), (1...65535).contains(number) else { throw WebhookRuleError("has an invalid port") }
        }
        return String(host)
    }
}

/// Why a webhook setting was refused, in words for the API's error message.
public struct WebhookRuleError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
