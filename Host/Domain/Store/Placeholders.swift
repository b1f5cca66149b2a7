/// SQLite's placeholders (`?`, and `?NNN` for a numbered one) in PostgreSQL's spelling (`$n`),
/// rewritten once when a statement is prepared. A small scanner, not a parser: it skips string
/// literals ('…' with '' inside), quoted identifiers ("…") and comments
/// (-- to the line's end, /* … */), so a question mark there stays one.
enum Placeholders {
    /// The rewritten text, and how many parameters it takes (the highest number used).
    static func postgres(_ sql: String) -> (sql: String, count: Int) {
        let bytes = Array(sql.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var highest = 0, i = 0
        func copy(until end: Int) {
            out.append(contentsOf: bytes[i..<min(end, bytes.count)])
            i = min(end, bytes.count)
        }
        func index(of byte: UInt8, from start: Int) -> Int { bytes[start...].firstIndex(of: byte) ?? bytes.count }
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                // A doubled quote inside is two literals back to back: the loop copies both.
                copy(until: index(of: c, from: i + 1) + 1)
            case UInt8(ascii: "-") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "-"):
                copy(until: index(of: UInt8(ascii: "\n"), from: i))
            case UInt8(ascii: "/") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "*"):
                var end = i + 2
                while end + 1 < bytes.count && !(bytes[end] == UInt8(ascii: "*") && bytes[end + 1] == UInt8(ascii: "/")) { end += 1 }
                copy(until: end + 2)
            case UInt8(ascii: "?"):
                var j = i + 1
                var number = 0
                while j < bytes.count, bytes[j] >= UInt8(ascii: "0"), bytes[j] <= UInt8(ascii: "9") {
                    number = number * 10 + Int(bytes[j] - UInt8(ascii: "0"))
                    j += 1
                }
                // A bare ? takes the number after the highest so far (SQLite's rule for mixing them).
                let n = j > i + 1 ? number : highest + 1
                highest = max(highest, n)
                out.append(contentsOf: Array("$\(n)".utf8))
                i = j
            default:
                out.append(c)
                i += 1
            }
        }
        return (String(decoding: out, as: UTF8.self), highest)
    }
}
