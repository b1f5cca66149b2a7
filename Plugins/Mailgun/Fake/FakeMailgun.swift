import Foundation
import SwitchboardSupport
import SwitchboardTransport

/// A loopback Mailgun that holds the mail channels (email, Amazon) to Mailgun's real contract
/// (../shared/reference/providers.md §1; Plugins/Mailgun/FakeMailgun.md):
///
/// - `POST /v3/<domain>/messages`: HTTP Basic `api:<key>` (else 401 "Forbidden"), a known domain
///   (else 404), `application/x-www-form-urlencoded` or `multipart/form-data` (attachments only in
///   multipart, as file parts named `attachment` or `inline`), `from`, `to`, `subject` and `text`
///   or `html` required, every other field one Mailgun knows (`cc`, `bcc`, `o:*`, `h:*`, `v:*`);
///   answers `{"id": "<…@domain>", "message": "Queued. Thank you."}`.
/// - `GET /v3/domains/<domain>`: the domain with its sending and receiving DNS records, `valid` as
///   set by the test.
/// - Route forwards and event webhooks towards the host, signed as Mailgun signs them
///   (hex HMAC-SHA256 of timestamp + token with the webhook signing key).
public final class FakeMailgun: @unchecked Sendable {
    public struct Sent {
        public var fields: [(name: String, value: String)]
        public var files: [MultipartFormData.Part]
        public var id: String
        public var contentType: String

        public func field(_ name: String) -> String? { fields.first { $0.name == name }?.value }
        public func all(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }
        /// Every address in to and cc.
        public var recipients: [String] { (all("to") + all("cc")).map { $0.lowercased() } }
    }

    public let domain: String
    public let apiKey: String
    public let signingKey: String
    public let sent = Locked<[Sent]>([])
    /// Whether the domain's DNS records show as valid.
    public let dnsValid = Locked(false)
    /// Statuses to answer the next sends with, before accepting (e.g. [503] for one outage).
    public let failNext = Locked<[Int]>([])
    private var server: HTTPServer!

    /// "http://127.0.0.1:PORT": the channel's Mailgun base URL.
    public var baseURL: String { "http://127.0.0.1:\(server.port)" }

    public init(domain: String = "mg.acme.example", apiKey: String = "key-test-123", signingKey: String = "whsk-test-456") throws {
        self.domain = domain
        self.apiKey = apiKey
        self.signingKey = signingKey
        var options = HTTPServerOptions()
        options.port = 0
        server = try HTTPServer(options: options) { [unowned self] request in self.answer(request) }
    }

    public func stop() { server.stop() }
    deinit { server?.stop() }

    private func answer(_ request: HTTPRequest) -> HTTPResponse {
        let r = Received(method: request.method, path: request.path, headers: request.headers, body: request.bodyBytes)
        let expected = "Basic " + Data("api:\(apiKey)".utf8).base64EncodedString()
        guard r.header("Authorization") == expected else { return HTTPResponse(status: 401, contentType: "text/plain", body: Array("Forbidden".utf8)) }
        switch (r.method, r.path) {
        case ("POST", "/v3/\(domain)/messages"): return send(r)
        case ("GET", "/v3/domains/\(domain)"): return domainRecords()
        default: return .json(404, ["message": "Not Found"])
        }
    }

    private static let knownFields: Set<String> = ["from", "to", "cc", "bcc", "subject", "text", "html", "amp-html", "template", "recipient-variables"]

    /// One request as it arrived.
    struct Received {
        var method: String
        var path: String
        var headers: [(String, String)]
        var body: [UInt8]
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    private func send(_ r: Received) -> HTTPResponse {
        func bad(_ message: String) -> HTTPResponse { .json(400, ["message": .string(message)]) }
        let contentType = r.header("Content-Type") ?? ""
        var fields: [(name: String, value: String)] = []
        var files: [MultipartFormData.Part] = []
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            guard let decoded = try? FormURLEncoding.decode(bytes: r.body) else { return bad("malformed form body") }
            fields = decoded
        } else if let boundary = MultipartFormData.boundary(contentType: contentType) {
            guard let parts = try? MultipartFormData.decode(r.body, boundary: boundary) else { return bad("malformed multipart body") }
            for part in parts {
                if part.filename != nil {
                    guard ["attachment", "inline"].contains(part.name) else { return bad("file part \(part.name) is not attachment or inline") }
                    files.append(part)
                } else {
                    fields.append((part.name, part.text))
                }
            }
        } else {
            return bad("unsupported content type \(contentType)")
        }
        for (name, _) in fields where !Self.knownFields.contains(name) && !["o:", "h:", "v:"].contains(where: name.hasPrefix) {
            return bad("unknown parameter \(name)")
        }
        if fields.contains(where: { $0.name == "attachment" || $0.name == "inline" }) { return bad("attachments must be file parts (multipart/form-data)") }
        guard let from = fields.first(where: { $0.name == "from" })?.value, from.contains("@") else { return bad("from parameter is missing") }
        _ = from
        guard fields.contains(where: { $0.name == "to" }) else { return bad("to parameter is missing") }
        guard fields.contains(where: { $0.name == "subject" }) else { return bad("subject parameter is missing") }
        guard fields.contains(where: { $0.name == "text" || $0.name == "html" }) else { return bad("Need at least one of 'text' or 'html' parameters specified") }
        for (name, value) in fields where name.hasPrefix("h:") && (value.contains("\r") || value.contains("\n")) {
            return bad("header \(name) contains a line break")
        }
        if let status = failNext.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
            return .json(status, ["message": .string("fake failure \(status)")])
        }
        let id = sent.withLock { list -> String in
            let id = "20260301120000.\(list.count + 1).\(UUID().uuidString.prefix(8))@\(domain)"
            list.append(Sent(fields: fields, files: files, id: id, contentType: contentType))
            return id
        }
        return .json(200, ["id": .string("<\(id)>"), "message": "Queued. Thank you."])
    }

    private func domainRecords() -> HTTPResponse {
        let valid: JSON = dnsValid.withLock { $0 } ? "valid" : "unknown"
        return .json(200, [
            "domain": ["name": .string(domain), "state": .string(dnsValid.withLock { $0 } ? "active" : "unverified"), "type": "custom"],
            "receiving_dns_records": [
                ["priority": "10", "record_type": "MX", "valid": valid, "value": "mxa.mailgun.org", "cached": []],
                ["priority": "10", "record_type": "MX", "valid": valid, "value": "mxb.mailgun.org", "cached": []],
            ],
            "sending_dns_records": [
                ["record_type": "TXT", "name": .string(domain), "value": "v=spf1 include:mailgun.org ~all", "valid": valid, "cached": []],
                ["record_type": "TXT", "name": .string("k1._domainkey.\(domain)"), "value": "k=rsa; p=MIGfMA0GCSq", "valid": valid],
                ["record_type": "CNAME", "name": .string("email.\(domain)"), "value": "mailgun.org", "valid": valid],
            ],
        ])
    }

    // MARK: towards the host

    /// What the host answered a post.
    public typealias Answer = (status: Int, json: JSON, text: String)

    /// timestamp, token and signature as Mailgun adds them to a route forward.
    public func signature(timestamp: Int64 = Int64(Date().timeIntervalSince1970), token: String = Crypto.randomHex(bytes: 25),
                          key: String? = nil) -> [(name: String, value: String)] {
        let signature = Crypto.hmacSHA256Hex(key: key ?? signingKey, message: "\(timestamp)\(token)")
        return [("timestamp", "\(timestamp)"), ("token", token), ("signature", signature)]
    }

    /// A parsed-message forward of one mail to `<baseURL>/hooks/<instance>/inbound`, as a route's
    /// forward() posts it: url-encoded without files, multipart with them (`attachment-1` …).
    public func forward(toBaseURL baseURL: String, instance: String, mail: [(name: String, value: String)],
                        files: [MultipartFormData.Part] = [], signed: [(name: String, value: String)]? = nil) throws -> Answer {
        let fields = mail + (signed ?? signature())
        let (contentType, body): (String, [UInt8])
        if files.isEmpty {
            (contentType, body) = ("application/x-www-form-urlencoded", Array(FormURLEncoding.encode(fields).utf8))
        } else {
            var parts = fields.map { MultipartFormData.Part(name: $0.name, value: $0.value) }
            for (index, file) in files.enumerated() {
                parts.append(MultipartFormData.Part(name: "attachment-\(index + 1)", filename: file.filename, contentType: file.contentType, body: file.body))
            }
            parts.append(MultipartFormData.Part(name: "attachment-count", value: "\(files.count)"))
            (contentType, body) = MultipartFormData.encode(parts)
        }
        return try Self.post(baseURL + "/hooks/\(instance)/inbound", contentType: contentType, body: body)
    }

    /// The fields of a mail as Mailgun parses it: every header also in `message-headers` and as
    /// its own field.
    public static func mail(from: String, to: String, recipient: String? = nil, subject: String, plain: String, stripped: String? = nil,
                            messageID: String, inReplyTo: String? = nil, references: String? = nil, cc: String? = nil,
                            extraHeaders: [(String, String)] = []) -> [(name: String, value: String)] {
        var headers: [(String, String)] = [("From", from), ("To", to), ("Subject", subject), ("Message-Id", "<\(messageID)>"),
                                           ("Date", "Sun, 01 Mar 2026 12:00:00 +0000")]
        if let cc { headers.append(("Cc", cc)) }
        if let inReplyTo { headers.append(("In-Reply-To", inReplyTo)) }
        if let references { headers.append(("References", references)) }
        headers += extraHeaders
        var fields: [(name: String, value: String)] = [
            ("recipient", recipient ?? to), ("sender", bareAddress(from)), ("from", from), ("subject", subject),
            ("body-plain", plain), ("message-headers", JSON.array(headers.map { JSON.array([.string($0.0), .string($0.1)]) }).serialized),
        ]
        if let stripped { fields.append(("stripped-text", stripped)) }
        fields += headers.map { ($0.0, $0.1) }
        return fields
    }

    /// An event webhook to `<baseURL>/hooks/<instance>/events` as Mailgun posts it (JSON, signature object).
    public func event(toBaseURL baseURL: String, instance: String, name: String, messageID: String, severity: String? = nil,
                      reason: String? = nil, signed: (timestamp: Int64, token: String)? = nil) throws -> Answer {
        let timestamp = signed?.timestamp ?? Int64(Date().timeIntervalSince1970)
        let token = signed?.token ?? Crypto.randomHex(bytes: 25)
        var data: JSONObject = ["event": .string(name), "timestamp": .number(Double(timestamp)), "id": .string(UUID().uuidString),
                                "message": ["headers": ["message-id": .string(messageID)]],
                                "delivery-status": ["code": 550, "message": "mailbox unavailable", "description": "No such user"]]
        if let severity { data["severity"] = .string(severity) }
        if let reason { data["reason"] = .string(reason) }
        let body: JSON = ["signature": ["timestamp": .string("\(timestamp)"), "token": .string(token),
                                        "signature": .string(Crypto.hmacSHA256Hex(key: signingKey, message: "\(timestamp)\(token)"))],
                          "event-data": .object(data)]
        return try Self.post(baseURL + "/hooks/\(instance)/events", contentType: "application/json", body: Array(body.serialized.utf8))
    }

    private static func post(_ url: String, contentType: String, body: [UInt8]) throws -> Answer {
        let response = try HTTPClient.perform(HTTPClientRequest(method: "POST", url: url, headers: [("Content-Type", contentType)], body: body))
        return (response.status, (try? JSON.parse(response.body)) ?? .null, response.text)
    }

    /// "Ann Lee <ann@x>" → "ann@x".
    static func bareAddress(_ text: String) -> String {
        guard let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close else { return text }
        return String(text[text.index(after: open)..<close])
    }
}
