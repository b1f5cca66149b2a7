import SwitchboardSupport

/// Who a request really comes from behind reverse proxies the operator trusts (`--trusted-proxies`).
///
/// Only when the connecting peer is a trusted proxy are `X-Forwarded-For` and `X-Forwarded-Proto`
/// believed: the client is the rightmost X-Forwarded-For entry that is not itself a trusted proxy
/// (entries further left were written by the client and may be lies), and the scheme is the
/// nearest proxy's (the rightmost X-Forwarded-Proto value). From any other peer both headers are
/// ignored, so a client cannot pick its own address for sign-in throttles and rate limits.
struct ForwardedClient: Sendable {
    var trustedProxies: [IPNetwork]

    func isTrusted(_ address: String) -> Bool {
        guard let parsed = IPAddress(address) else { return false }
        return trustedProxies.contains { $0.contains(parsed) }
    }

    /// Rewrites `remoteAddress` and `scheme` from the forwarding headers when the peer is trusted.
    func apply(to request: inout HTTPRequest) {
        guard !trustedProxies.isEmpty, isTrusted(request.remoteAddress) else { return }
        let hops = Self.list(request, "X-Forwarded-For").compactMap(Self.address)
        if let client = hops.last(where: { !isTrusted($0) }) ?? hops.first {
            request.remoteAddress = client
        }
        if let proto = Self.list(request, "X-Forwarded-Proto").last?.lowercased(), proto == "https" || proto == "http" {
            request.scheme = proto
        }
    }

    /// The comma-separated values of every occurrence of the header, in order.
    static func list(_ request: HTTPRequest, _ name: String) -> [String] {
        request.headers.filter { $0.0.caseInsensitiveEquals(name) }
            .flatMap { $0.1.split(separator: ",").map { String($0.trimmingASCIIWhitespace()) } }
            .filter { !$0.isEmpty }
    }

    /// An X-Forwarded-For entry as a plain address: "[2001:db8::1]:443" and "203.0.113.7:5000" lose
    /// their port; anything that is not an address (a name, "unknown") is skipped.
    static func address(_ entry: String) -> String? {
        var text = entry
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            text = String(text[text.index(after: text.startIndex)..<close])
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            text = String(text[..<colon])
        }
        return IPAddress(text).map(\.description)
    }
}
