#if canImport(Glibc)
import Glibc
#endif

/// `multipart/form-data` (RFC 7578): the body of a form post with files — how Mailgun forwards a
/// mail with attachments, and how its messages API takes attachments.
///
/// Written here rather than taken from a system library: libcurl builds multipart bodies but only
/// inside its own transfer (curl_mime), and the plugin ABI hands plugins bytes, not curl handles;
/// libmicrohttpd's post processor parses them but only tied to one of its connections, after the
/// host has already read the body. What is left is small: find the boundary, split, read two
/// headers per part. Decoding is strict and bounded (part count, header size), because the bytes
/// come from the network: anything malformed throws `MultipartError`, never traps.
public enum MultipartFormData {
    public struct Part: Sendable, Equatable {
        /// The form field's name (Content-Disposition `name`).
        public var name: String
        /// Present for file parts (Content-Disposition `filename`), possibly empty.
        public var filename: String?
        /// The part's Content-Type, nil when it had none (plain text fields).
        public var contentType: String?
        public var body: [UInt8]

        public init(name: String, filename: String? = nil, contentType: String? = nil, body: [UInt8]) {
            self.name = name
            self.filename = filename
            self.contentType = contentType
            self.body = body
        }

        /// A text field.
        public init(name: String, value: String) { self.init(name: name, body: Array(value.utf8)) }

        /// The body as UTF-8 text (invalid bytes become U+FFFD).
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// At most this many parts in one body, and this many bytes of headers per part.
    public static let maxParts = 1_000
    public static let maxHeaderBytes = 16 * 1024

    /// The boundary parameter of a `multipart/form-data` Content-Type, nil when it is another type
    /// or has none.
    public static func boundary(contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingASCIIWhitespace() }
        guard let type = pieces.first, type.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            guard piece[..<equals].trimmingASCIIWhitespace().lowercased() == "boundary" else { continue }
            var value = piece[piece.index(after: equals)...].trimmingASCIIWhitespace()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            // RFC 2046: 1 to 70 characters.
            guard (1...70).contains(value.utf8.count) else { return nil }
            return value
        }
        return nil
    }

    /// The parts of `body`, in order. Throws on anything that is not a well-formed multipart body
    /// with this boundary.
    public static func decode(_ body: [UInt8], boundary: String) throws(MultipartError) -> [Part] {
        let dash = Array("--".utf8) + Array(boundary.utf8)
        let delimiter = Array("\r\n".utf8) + dash
        // The first boundary may open the body directly, without the CRLF that precedes the others.
        var position: Int
        if body.starts(with: dash) {
            position = dash.count
        } else if let found = find(delimiter, in: body, from: 0) {
            position = found + delimiter.count
        } else {
            throw MultipartError("no boundary \"\(boundary)\" in the body")
        }
        var parts: [Part] = []
        while true {
            // After a boundary: "--" closes the body; otherwise optional whitespace, then CRLF.
            if body.count - position >= 2, body[position] == UInt8(ascii: "-"), body[position + 1] == UInt8(ascii: "-") {
                return parts
            }
            while position < body.count, body[position] == UInt8(ascii: " ") || body[position] == UInt8(ascii: "\t") { position += 1 }
            guard body.count - position >= 2, body[position] == 0x0D, body[position + 1] == 0x0A else {
                throw MultipartError("a boundary line does not end in CRLF")
            }
            position += 2
            guard parts.count < maxParts else { throw MultipartError("more than \(maxParts) parts") }
            // From the CRLF just read, so a part without headers (CRLF CRLF at once) is found too.
            guard let headerEnd = find(Array("\r\n\r\n".utf8), in: body, from: position - 2, limit: maxHeaderBytes) else {
                throw MultipartError("part \(parts.count + 1): no end of headers within \(maxHeaderBytes) bytes")
            }
            let headers = try Self.headers(Array(body[position..<max(position, headerEnd)]), part: parts.count + 1)
            let contentStart = headerEnd + 4
            guard let contentEnd = find(delimiter, in: body, from: contentStart) else {
                throw MultipartError("part \(parts.count + 1) is not closed by a boundary")
            }
            parts.append(try part(headers, body: Array(body[contentStart..<contentEnd]), number: parts.count + 1))
            position = contentEnd + delimiter.count
        }
    }

    /// A body for `parts` and the Content-Type to send it with (a fresh random boundary).
    public static func encode(_ parts: [Part]) -> (contentType: String, body: [UInt8]) {
        let boundary = "sb-" + Crypto.randomHex(bytes: 16)
        var body: [UInt8] = []
        for part in parts {
            body += Array("--\(boundary)\r\n".utf8)
            var disposition = "Content-Disposition: form-data; name=\"\(quoted(part.name))\""
            if let filename = part.filename { disposition += "; filename=\"\(quoted(filename))\"" }
            body += Array((disposition + "\r\n").utf8)
            if let type = part.contentType { body += Array("Content-Type: \(type.filter { $0 != "\r" && $0 != "\n" })\r\n".utf8) }
            body += Array("\r\n".utf8)
            body += part.body
            body += Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    // MARK: -

    /// Quotes a name for a header parameter the way browsers do (WHATWG: `"`, CR and LF escaped).
    private static func quoted(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "%22"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Header lines "Name: value" (folded lines joined), names lowercased.
    private static func headers(_ bytes: [UInt8], part: Int) throws(MultipartError) -> [(String, String)] {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw MultipartError("part \(part): headers are not UTF-8") }
        var result: [(String, String)] = []
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
            if let first = line.first, first == " " || first == "\t", !result.isEmpty {
                result[result.count - 1].1 += " " + line.trimmingASCIIWhitespace()
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { throw MultipartError("part \(part): a header line has no colon") }
            result.append((line[..<colon].trimmingASCIIWhitespace().lowercased(), line[line.index(after: colon)...].trimmingASCIIWhitespace()))
        }
        return result
    }

    private static func part(_ headers: [(String, String)], body: [UInt8], number: Int) throws(MultipartError) -> Part {
        guard let disposition = headers.first(where: { $0.0 == "content-disposition" })?.1 else {
            throw MultipartError("part \(number) has no Content-Disposition")
        }
        let parameters = Self.parameters(disposition)
        guard parameters.first?.name.lowercased() == "form-data" else { throw MultipartError("part \(number) is not form-data") }
        guard let name = parameters.first(where: { $0.name.lowercased() == "name" })?.value else {
            throw MultipartError("part \(number) has no name")
        }
        var filename = parameters.first(where: { $0.name.lowercased() == "filename" })?.value
        if let extended = parameters.first(where: { $0.name.lowercased() == "filename*" })?.value, let decoded = rfc5987(extended) {
            filename = decoded
        }
        return Part(name: name, filename: filename, contentType: headers.first { $0.0 == "content-type" }?.1, body: body)
    }

    /// `form-data; name="a"; filename="b.txt"` → [("form-data", nil), ("name", "a"), ("filename", "b.txt")].
    /// Quoted values may contain `;` and backslash escapes.
    private static func parameters(_ header: String) -> [(name: String, value: String?)] {
        var result: [(String, String?)] = []
        let chars = Array(header)
        var i = 0
        while i < chars.count {
            while i < chars.count, chars[i] == " " || chars[i] == "\t" || chars[i] == ";" { i += 1 }
            var name = ""
            while i < chars.count, chars[i] != "=", chars[i] != ";" { name.append(chars[i]); i += 1 }
            name = name.trimmingASCIIWhitespace()
            var value: String?
            if i < chars.count, chars[i] == "=" {
                i += 1
                while i < chars.count, chars[i] == " " { i += 1 }
                var v = ""
                if i < chars.count, chars[i] == "\"" {
                    i += 1
                    while i < chars.count, chars[i] != "\"" {
                        if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                        v.append(chars[i])
                        i += 1
                    }
                    i += 1
                } else {
                    while i < chars.count, chars[i] != ";" { v.append(chars[i]); i += 1 }
                    v = v.trimmingASCIIWhitespace()
                }
                value = v
            }
            if !name.isEmpty { result.append((name, value)) }
        }
        return result
    }

    /// RFC 5987 `UTF-8''na%C3%AFve.txt` → "naïve.txt"; nil for another charset or a bad escape.
    private static func rfc5987(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].lowercased() == "utf-8" else { return nil }
        var bytes: [UInt8] = []
        var utf8 = Array(pieces[2].utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Index of the first occurrence of `needle` in `haystack` at or after `from` (and starting
    /// before `from + limit`), nil when there is none.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int, limit: Int = .max) -> Int? {
        guard from <= haystack.count, !needle.isEmpty else { return nil }
        let end = limit == .max ? haystack.count : min(haystack.count, from + limit + needle.count)
        guard end - from >= needle.count else { return nil }
        // memchr for the first byte, memcmp for the rest (memmem is a GNU extension Glibc's module hides).
        return haystack.withUnsafeBytes { hay in
            needle.withUnsafeBytes { pin -> Int? in
                let base = hay.baseAddress!
                var at = from
                let last = end - needle.count
                while at <= last {
                    guard let hit = memchr(base + at, Int32(needle[0]), last - at + 1) else { return nil }
                    let index = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + index, pin.baseAddress!, needle.count) == 0 { return index }
                    at = index + 1
                }
                return nil
            }
        }
    }
}

/// A multipart body that could not be decoded; the message says where.
public struct MultipartError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
