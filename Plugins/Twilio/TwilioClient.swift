import PluginKit

/// Twilio's REST API for one account: form-encoded requests under
/// `/2010-04-01/Accounts/{AccountSid}/…` with HTTP basic auth, JSON answers. Every call returns
/// Twilio's answer or a `TwilioError`; none throws. The transport is the host's HTTP client in
/// a plugin, and any other client in tests and tools (the calls do not care who carries them).
public struct TwilioClient: Sendable {
    public typealias Transport = @Sendable (HTTPRequestSpec) throws -> HTTPResult

    public let account: TwilioAccount
    let transport: Transport

    public init(account: TwilioAccount, transport: @escaping Transport) {
        self.account = account
        self.transport = transport
    }

    /// Through the host's HTTP client (libcurl, with the host's timeouts).
    public init(account: TwilioAccount, host: PluginHost) {
        self.init(account: account, transport: { try host.http($0) })
    }

    /// A message Twilio accepted (`POST Messages.json` answers 201 with the Message resource).
    public struct AcceptedMessage: Sendable, Equatable {
        public var sid: String
        public var status: String
        public var numSegments: Int?
    }

    /// `POST /Messages.json` with the fields of `MessageRequest`.
    public func sendMessage(_ request: MessageRequest, timeoutMs: UInt32) -> Result<AcceptedMessage, TwilioError> {
        call("POST", "/Messages.json", form: request.fields, timeoutMs: timeoutMs).flatMap { json in
            guard let sid = json["sid"]?.stringValue, !sid.isEmpty else {
                return .failure(TwilioError(httpStatus: 201, message: "Twilio accepted the message without a sid"))
            }
            return .success(AcceptedMessage(sid: sid, status: json["status"]?.stringValue ?? "queued",
                                            numSegments: json["num_segments"]?.stringValue.flatMap { Int($0) } ?? json["num_segments"]?.intValue))
        }
    }

    /// A media item of an inbound MMS (`MediaUrlN`). Twilio's own media URLs need the account's
    /// basic auth (HTTP Basic Authentication for media is an account setting) and answer with a
    /// redirect to storage, which is followed once without the credentials; any other host's URL
    /// gets no credentials at all.
    public func downloadMedia(_ url: String, timeoutMs: UInt32) -> Result<(contentType: String, bytes: [UInt8]), TwilioError> {
        do {
            let auth = isTwilioURL(url) ? account.basicAuth : ""
            var answer = try transport(HTTPRequestSpec(method: "GET", url: url, timeoutMs: timeoutMs, basicAuth: auth))
            if (300..<400).contains(answer.status), let location = answer.header("Location"), location.hasPrefix("http") {
                answer = try transport(HTTPRequestSpec(method: "GET", url: location, timeoutMs: timeoutMs,
                                                       basicAuth: isTwilioURL(location) ? auth : ""))
            }
            guard (200..<300).contains(answer.status) else { return .failure(TwilioError(httpStatus: answer.status, body: answer.body)) }
            return .success((answer.header("Content-Type") ?? "application/octet-stream", answer.body))
        } catch {
            return .failure(.transport(error))
        }
    }

    func isTwilioURL(_ url: String) -> Bool {
        url.hasPrefix(account.baseURL + "/") || url.hasPrefix("https://api.twilio.com/")
    }

    // MARK: -

    /// One account-scoped call: `path` follows "/Accounts/{sid}"; `form` becomes the body of a
    /// POST or the query of a GET or DELETE. 2xx answers are parsed as JSON (204: an empty object).
    func call(_ method: String, _ path: String, form: [(name: String, value: String)] = [], timeoutMs: UInt32) -> Result<JSON, TwilioError> {
        call(method, url: account.accountURL + path, form: form, timeoutMs: timeoutMs)
    }

    /// One call to any of Twilio's APIs (`url` absolute), with the account's basic auth.
    func call(_ method: String, url base: String, form: [(name: String, value: String)] = [], timeoutMs: UInt32) -> Result<JSON, TwilioError> {
        var url = base
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        var body: [UInt8] = []
        if method == "POST" {
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
            body = Array(FormURLEncoding.encode(form).utf8)
        } else if !form.isEmpty {
            url += "?" + FormURLEncoding.encode(form)
        }
        let answer: HTTPResult
        do {
            answer = try transport(HTTPRequestSpec(method: method, url: url, headers: headers, body: body,
                                                   timeoutMs: timeoutMs, basicAuth: account.basicAuth))
        } catch {
            return .failure(.transport(error))
        }
        guard (200..<300).contains(answer.status) else { return .failure(TwilioError(httpStatus: answer.status, body: answer.body)) }
        if answer.status == 204 || answer.body.isEmpty { return .success(.object(JSONObject())) }
        guard let json = try? JSON.parse(answer.bodyText) else {
            return .failure(TwilioError(httpStatus: answer.status, message: "Twilio answered \(answer.status) with a body that is not JSON"))
        }
        return .success(json)
    }
}

/// The form of `POST Messages.json`. `From` or `MessagingServiceSid` (a Messaging Service picks
/// the number itself); `MediaUrl` repeats once per item, at most 10.
public struct MessageRequest: Sendable, Equatable {
    public enum Sender: Sendable, Equatable {
        case number(String)
        case messagingService(String)
    }

    public var to: String
    public var sender: Sender
    public var body: String
    public var mediaURLs: [String]
    public var statusCallback: String?

    public init(to: String, sender: Sender, body: String, mediaURLs: [String] = [], statusCallback: String? = nil) {
        self.to = to
        self.sender = sender
        self.body = body
        self.mediaURLs = mediaURLs
        self.statusCallback = statusCallback
    }

    public var fields: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [("To", to)]
        switch sender {
        case .number(let from): fields.append(("From", from))
        case .messagingService(let sid): fields.append(("MessagingServiceSid", sid))
        }
        if !body.isEmpty { fields.append(("Body", body)) }
        for url in mediaURLs { fields.append(("MediaUrl", url)) }
        if let statusCallback { fields.append(("StatusCallback", statusCallback)) }
        return fields
    }

    public static func == (a: MessageRequest, b: MessageRequest) -> Bool {
        a.to == b.to && a.sender == b.sender && a.body == b.body && a.mediaURLs == b.mediaURLs && a.statusCallback == b.statusCallback
    }
}
