import SwitchboardSupport

/// What Twilio posts to the channel: a customer's message to the number's SmsUrl, and the
/// status callbacks of a message the channel sent, both signed with the account's auth token.
extension FakeTwilio {
    /// A customer's SMS or MMS as Twilio posts it (providers.md §3.2): every parameter Twilio
    /// sends, the media hosted here behind the account's credentials.
    public struct Inbound {
        public var from: String
        public var to: String
        public var body: String
        public var media: [(bytes: [UInt8], contentType: String)] = []
        public var messagingServiceSID: String?
        public var optOutType: String?
        /// Fixed by a test that replays the same message; a fresh SID otherwise.
        public var messageSID: String?

        public init(from: String, to: String, body: String, media: [(bytes: [UInt8], contentType: String)] = [],
                    messagingServiceSID: String? = nil, optOutType: String? = nil, messageSID: String? = nil) {
            self.from = from
            self.to = to
            self.body = body
            self.media = media
            self.messagingServiceSID = messagingServiceSID
            self.optOutType = optOutType
            self.messageSID = messageSID
        }
    }

    /// The parameters Twilio would post for `message` (media hosted now).
    public func parameters(_ message: Inbound) -> (sid: String, params: [(String, String)]) {
        let sid = message.messageSID ?? nextSID(message.media.isEmpty ? "SM" : "MM")
        var params: [(String, String)] = [
            ("ToCountry", "US"), ("ToState", "CA"), ("SmsMessageSid", sid), ("NumMedia", String(message.media.count)),
            ("ToCity", ""), ("FromZip", ""), ("SmsSid", sid), ("FromState", ""), ("SmsStatus", "received"), ("FromCity", ""),
            ("Body", message.body), ("FromCountry", message.from.hasPrefix("+1") ? "US" : ""), ("To", message.to), ("ToZip", ""),
            ("NumSegments", "1"), ("MessageSid", sid), ("AccountSid", accountSID), ("From", message.from), ("ApiVersion", "2010-04-01"),
        ]
        // Twilio names the service of a number that belongs to one.
        let service = message.messagingServiceSID ?? state.withLock { $0.services.first { $0.value.contains(message.to) }?.key }
        if let service { params.append(("MessagingServiceSid", service)) }
        if let type = message.optOutType { params.append(("OptOutType", type)) }
        for (index, item) in message.media.enumerated() {
            params.append(("MediaContentType\(index)", item.contentType))
            params.append(("MediaUrl\(index)", hostMedia(item.bytes, contentType: item.contentType, messageSID: sid)))
        }
        return (sid, params)
    }

    /// Posts a customer's message to `url` (the number's SmsUrl), signed as Twilio signs it.
    @discardableResult
    public func sendInbound(_ message: Inbound, to url: String) throws -> (sid: String, status: Int, contentType: String, text: String) {
        let (sid, params) = parameters(message)
        let answer = try TwilioRequestSigner.post(params, to: reachable(url), signedURL: url, authToken: authToken)
        return (sid, answer.status, answer.contentType, answer.text)
    }

    /// Where a public URL is reached from here: through `proxy` when one is set (a host behind a
    /// reverse proxy), the URL itself otherwise. The signature always covers the public URL.
    public func reachable(_ url: String) -> String {
        guard let proxy = state.withLock({ $0.proxy }), url.hasPrefix(proxy.publicBase) else { return url }
        return proxy.loopbackBase + url.dropFirst(proxy.publicBase.count)
    }

    /// Posts to URLs under `publicBase` at `loopbackBase` instead, as a reverse proxy in front of
    /// the host would pass them on.
    public func proxy(publicBase: String, to loopbackBase: String) {
        state.withLock { $0.proxy = (publicBase, loopbackBase) }
    }

    /// Posts a status callback for a message this fake accepted, to the StatusCallback it named.
    @discardableResult
    public func sendStatus(_ sid: String, _ status: String, errorCode: Int? = nil) throws -> Int {
        guard let message = sent.first(where: { $0.sid == sid }), let callback = message.statusCallback else {
            throw FakeTwilioError("no accepted message \(sid) with a StatusCallback")
        }
        var params: [(String, String)] = [("SmsSid", sid), ("SmsStatus", status), ("MessageStatus", status), ("To", message.to),
                                          ("MessageSid", sid), ("AccountSid", accountSID), ("From", message.from), ("ApiVersion", "2010-04-01")]
        // Twilio names the service of a number that belongs to one.
        let service = message.messagingServiceSID ?? state.withLock { $0.services.first { $0.value.contains(message.to) }?.key }
        if let service { params.append(("MessagingServiceSid", service)) }
        if let errorCode { params.append(("ErrorCode", String(errorCode))) }
        return try TwilioRequestSigner.post(params, to: reachable(callback), signedURL: callback, authToken: authToken).status
    }
}

public struct FakeTwilioError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
