/// Which addresses the host may connect to when it fetches a URL someone else chose (an event
/// webhook's receiver, a stack tool's endpoint): not loopback, private (RFC 1918, ULA), link-local,
/// CGNAT, multicast, unspecified, reserved or cloud-metadata addresses -- unless the operator allows
/// the network (`--allow-networks`). HTTPClient applies it to every address libcurl connects to,
/// after resolution, so a name that resolves (or re-resolves) to such an address is refused too.
public struct NetworkGuard: Sendable, Equatable {
    /// Networks the operator allows even though they are not public.
    public var allowed: [IPNetwork]

    public init(allowed: [IPNetwork] = []) { self.allowed = allowed }

    /// Why a connection to `address` is refused, or nil when it may go ahead.
    public func refusal(for address: IPAddress) -> String? {
        guard !allowed.contains(where: { $0.contains(address) }) else { return nil }
        return Self.blocked.first { $0.network.contains(address) }.map { "\(address) is a \($0.kind) address" }
    }

    /// Why `host` (a URL's host, perhaps a bracketed IPv6 literal) is refused when it is a literal
    /// address; names are judged when they resolve.
    public func refusal(forLiteralHost host: String) -> String? {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return IPAddress(bare).flatMap(refusal(for:))
    }

    /// Checked in order: the metadata addresses before the link-local and ULA ranges that hold them.
    static let blocked: [(network: IPNetwork, kind: String)] = [
        ("169.254.169.254/32", "cloud-metadata"), ("fd00:ec2::254/128", "cloud-metadata"),
        ("0.0.0.0/8", "unspecified"), ("::/128", "unspecified"),
        ("127.0.0.0/8", "loopback"), ("::1/128", "loopback"),
        ("10.0.0.0/8", "private"), ("172.16.0.0/12", "private"), ("192.168.0.0/16", "private"), ("fc00::/7", "private (ULA)"),
        ("100.64.0.0/10", "shared (CGNAT)"),
        ("169.254.0.0/16", "link-local"), ("fe80::/10", "link-local"),
        ("224.0.0.0/4", "multicast"), ("ff00::/8", "multicast"),
        ("240.0.0.0/4", "reserved"), ("255.255.255.255/32", "broadcast"),
        ("192.0.0.0/24", "IETF protocol"), ("198.18.0.0/15", "benchmarking"),
        ("64:ff9b::/96", "NAT64"), ("2001:db8::/32", "documentation"),
    ].map { (IPNetwork($0.0)!, $0.1) }
}
