import PluginKit

/// Files that came with inbound mail. The host stores messages with attachment *links*
/// ({name, content_type, size, url}), not bytes, so the instance keeps the bytes in its own
/// key-value state and serves them at an unguessable address under its route prefix:
///
///     GET /hooks/<instance>/attachments/<id>/<file name>
///     att/<id> → the bytes        atm/<id> → {"name", "content_type", "size"}
///
/// `<id>` is an HMAC of the mail's id and the part's position, keyed with a secret of the
/// instance: the same on Mailgun's retries of a forward (which rewrite the same entries instead of
/// adding copies), but not computable from the Message-Id alone. Whoever has the link can fetch the
/// file (as with a provider's media URL); the id has 128 bits.
public struct AttachmentStore {
    public let host: PluginHost
    /// public base URL + route prefix: where the instance's routes are reachable.
    public let baseURL: String

    public init(host: PluginHost, baseURL: String) {
        self.host = host
        self.baseURL = baseURL
    }

    public static let routePrefix = "/attachments/"

    /// Keeps one file and returns its attachment entry for the message.
    public func keep(_ part: MultipartFormData.Part, mailID: String, index: Int, secret: String) throws -> JSON {
        let id = String(Crypto.hmacSHA256Hex(key: secret, message: "attachment/\(mailID)/\(index)").prefix(32))
        let name = Self.safeName(part.filename ?? "", fallback: "attachment-\(index)")
        let type = part.contentType.map(Self.mediaType) ?? "application/octet-stream"
        try host.kvSet("att/" + id, part.body)
        let meta: JSON = ["name": .string(name), "content_type": .string(type), "size": .from(part.body.count)]
        try host.kvSet("atm/" + id, meta.serialized)
        return ["name": .string(name), "content_type": .string(type), "size": .from(part.body.count),
                "url": .string(baseURL + Self.routePrefix + id + "/" + FormURLEncoding.encodeComponent(name).replacing("+", with: "%20"))]
    }

    /// GET /attachments/<id>/<name>: the file, or 404.
    public func serve(_ request: PluginHTTPRequest) -> PluginHTTPResponse {
        guard let (id, meta, bytes) = (try? lookup(path: request.path)) ?? nil else { return .text(404, "no such attachment") }
        let name = meta["name"]?.stringValue ?? "attachment"
        let quoted = name.filter { $0 != "\"" && $0 != "\\" && !$0.isNewline }
        return PluginHTTPResponse(status: 200, contentType: meta["content_type"]?.stringValue ?? "application/octet-stream",
                                  headers: [("Content-Disposition", "attachment; filename=\"\(quoted)\""),
                                            ("X-Content-Type-Options", "nosniff"), ("ETag", "\"\(id)\"")],
                                  body: bytes)
    }

    /// The bytes behind one of this instance's own attachment URLs (an agent forwarding a file a
    /// customer sent), nil for any other URL.
    public func bytes(forURL url: String) throws -> (name: String, contentType: String, bytes: [UInt8])? {
        let prefix = baseURL + Self.routePrefix
        guard url.hasPrefix(prefix), let (_, meta, bytes) = try lookup(path: Self.routePrefix + url.dropFirst(prefix.count)) else { return nil }
        return (meta["name"]?.stringValue ?? "attachment", meta["content_type"]?.stringValue ?? "application/octet-stream", bytes)
    }

    /// Delete the files behind this instance's own attachment URLs (the customer was erased, or
    /// retention removed them); other URLs are ignored. Matched on the path, so links made before
    /// the host's public URL changed still count.
    public func forget(urls: [String], routePrefix instancePrefix: String) throws {
        let marker = instancePrefix + Self.routePrefix
        for url in urls {
            guard let start = url.firstRange(of: marker)?.upperBound else { continue }
            let id = String(url[start...].prefix { $0 != "/" })
            guard !id.isEmpty, !id.contains(".") else { continue }
            try host.kvDelete("att/" + id)
            try host.kvDelete("atm/" + id)
        }
    }

    private func lookup(path: String) throws -> (String, JSON, [UInt8])? {
        guard path.hasPrefix(Self.routePrefix) else { return nil }
        let id = String(path.dropFirst(Self.routePrefix.count).prefix { $0 != "/" })
        guard id.utf8.count == 32, id.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }),
              let meta = try host.kvGetString("atm/" + id).flatMap({ try? JSON.parse($0) }),
              let bytes = try host.kvGet("att/" + id) else { return nil }
        return (id, meta, bytes)
    }

    /// A file name without path parts or control characters, at most 200 characters.
    public static func safeName(_ name: String, fallback: String) -> String {
        let base = name.split { $0 == "/" || $0 == "\\" }.last.map(String.init) ?? ""
        let clean = String(base.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(200)).trimmingASCIIWhitespace()
        return clean.isEmpty || clean == "." || clean == ".." ? fallback : clean
    }

    /// "image/png; name=x.png" → "image/png".
    public static func mediaType(_ contentType: String) -> String {
        let type = contentType.split(separator: ";").first.map { $0.trimmingASCIIWhitespace().lowercased() } ?? ""
        return type.contains("/") && !type.contains(" ") ? type : "application/octet-stream"
    }
}
