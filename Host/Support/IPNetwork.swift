#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 address as its bytes (4 or 16). An IPv4-mapped IPv6 address (::ffff:a.b.c.d)
/// is taken as the IPv4 address it carries, so a rule on 127.0.0.0/8 also covers ::ffff:127.0.0.1.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        let mappedPrefix: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]
        self.bytes = bytes.count == 16 && Array(bytes.prefix(12)) == mappedPrefix ? Array(bytes.suffix(4)) : bytes
    }

    /// Dotted IPv4 or textual IPv6 (no brackets, no zone).
    public init?(_ text: String) {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self.init(bytes: withUnsafeBytes(of: &v4) { Array($0) })
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            self.init(bytes: withUnsafeBytes(of: &v6) { Array($0) })
        } else {
            return nil
        }
    }

    public var isIPv4: Bool { bytes.count == 4 }

    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        bytes.withUnsafeBytes { _ = inet_ntop(isIPv4 ? AF_INET : AF_INET6, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A network in CIDR notation: 10.0.0.0/8, fd00::/8, or one address (a missing prefix is the whole address).
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    public let base: IPAddress
    public let prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let base = IPAddress(String(parts[0])) else { return nil }
        let bits = base.bytes.count * 8
        var length = bits
        if parts.count == 2 {
            guard let given = Int(parts[1]), parts[1].allSatisfy(\.isASCII), (0...bits).contains(given) else { return nil }
            length = given
        }
        self.base = base
        prefixLength = length
    }

    public func contains(_ address: IPAddress) -> Bool {
        guard address.bytes.count == base.bytes.count else { return false }
        var remaining = prefixLength
        for (a, b) in zip(address.bytes, base.bytes) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            guard a & mask == b & mask else { return false }
            remaining -= 8
        }
        return true
    }

    public var description: String { "\(base)/\(prefixLength)" }

    /// A comma-separated list ("127.0.0.0/8,::1"), or the first entry that is not a network.
    public static func list(_ text: String) -> Result<[IPNetwork], ListError> {
        var networks: [IPNetwork] = []
        for entry in text.split(separator: ",").map({ String($0.trimmingASCIIWhitespace()) }) where !entry.isEmpty {
            guard let network = IPNetwork(entry) else { return .failure(ListError(entry: entry)) }
            networks.append(network)
        }
        return .success(networks)
    }

    public struct ListError: Error, Sendable, CustomStringConvertible {
        public let entry: String
        public var description: String { "\"\(entry)\" is not an address or a network in CIDR notation (10.0.0.0/8, fd00::/8)" }
    }
}
