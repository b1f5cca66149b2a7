/// Mail addresses as headers carry them: `Ann Lee <ann@example.com>`, `"Lee, Ann" <ann@example.com>`,
/// `ann@example.com`, and lists of those. Deliberately the practical subset (RFC 5322 groups and
/// comments are not handled): what matters is finding the address, and refusing what is not one.
public struct EmailAddress: Equatable, Sendable {
    public var name: String?
    /// As written; use `key` to compare.
    public var address: String

    public init(name: String?, address: String) {
        self.name = name
        self.address = address
    }

    /// The address as customers are known by: lowercased (mail systems treat the local part as
    /// case-insensitive in practice), so Ann@Example.com and ann@example.com are one contact.
    public var key: String { address.lowercased() }

    public var localPart: Substring { address[..<(address.lastIndex(of: "@") ?? address.endIndex)] }
    public var domainPart: Substring { address.lastIndex(of: "@").map { address[address.index(after: $0)...] } ?? "" }

    /// One address, with or without a display name; nil when there is no valid address in it.
    public static func parse(_ text: String) -> EmailAddress? { parseList(text).first }

    /// Every valid address in a comma-separated list, in order; invalid entries are skipped.
    public static func parseList(_ text: String) -> [EmailAddress] {
        var result: [EmailAddress] = []
        var current = ""
        var quoted = false
        var angle = false
        for c in text {
            switch c {
            case "\"" where !angle: quoted.toggle()
            case "<" where !quoted: angle = true
            case ">" where !quoted: angle = false
            case "," where !quoted && !angle:
                if let one = single(current) { result.append(one) }
                current = ""
                continue
            default: break
            }
            current.append(c)
        }
        if let one = single(current) { result.append(one) }
        return result
    }

    private static func single(_ raw: String) -> EmailAddress? {
        let text = raw.trimmingASCIIWhitespace()
        if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
            let address = String(text[text.index(after: open)..<close]).trimmingASCIIWhitespace()
            guard isAddress(address) else { return nil }
            var name = String(text[..<open]).trimmingASCIIWhitespace()
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast()).replacingBackslashEscapes()
            }
            return EmailAddress(name: name.isEmpty ? nil : name, address: address)
        }
        return isAddress(text) ? EmailAddress(name: nil, address: text) : nil
    }

    /// local@domain: printable ASCII or UTF-8 without spaces, quotes, brackets or commas in the local
    /// part, a valid domain, at most 254 bytes.
    public static func isAddress(_ text: String) -> Bool {
        guard text.utf8.count <= 254, let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at], domain = text[text.index(after: at)...]
        guard !local.isEmpty, local.utf8.count <= 64,
              !local.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || "\"(),:;<>[\\]@".unicodeScalars.contains($0) })
        else { return false }
        return isDomain(String(domain))
    }

    /// Labels of letters, digits and hyphens (or UTF-8), separated by dots, at least two of them.
    public static func isDomain(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, text.utf8.count <= 253 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0.value > 0x7F }
        }
    }

    /// A header value for one address: `"Ann Lee" <ann@example.com>`, or the bare address.
    public static func header(name: String?, address: String) -> String {
        guard let name = name?.filter({ $0 != "\r" && $0 != "\n" }), !name.isEmpty else { return address }
        let escaped = name.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        return "\"\(escaped)\" <\(address)>"
    }
}

extension String {
    /// `\"` → `"` and `\\` → `\`, as in a quoted display name.
    public func replacingBackslashEscapes() -> String {
        var out = ""
        var escaped = false
        for c in self {
            if escaped { out.append(c); escaped = false } else if c == "\\" { escaped = true } else { out.append(c) }
        }
        return out
    }
}
