import SwitchboardSupport
import SwitchboardTransport

/// A loopback Twilio that holds the SMS channel to Twilio's real contract (providers.md §3,
/// channels.md §3; Plugins/Twilio/FakeTwilio.md): HTTP basic auth with the account SID and auth
/// token (or an API key pair), every path under `/2010-04-01/Accounts/{AccountSid}`, the
/// form field names Twilio reads, its error codes in its JSON error shape, media that needs the
/// account's credentials, number search, purchase, update and release — and webhooks signed
/// exactly as Twilio signs them. A plugin that gets the contract wrong fails its tests here.
public final class FakeTwilio: @unchecked Sendable {
    /// One request as it arrived, whatever the fake answered.
    public typealias Request = RecordedRequest

    /// A message `POST Messages.json` accepted.
    public struct SentMessage: Sendable {
        public var sid: String
        public var to: String
        /// The number it went from (the service's number for a Messaging Service send).
        public var from: String
        public var messagingServiceSID: String?
        public var body: String
        public var mediaURLs: [String]
        public var statusCallback: String?
        /// Every form field as sent, in order.
        public var fields: [(String, String)]
    }

    /// A number the account owns (`IncomingPhoneNumbers`).
    public struct OwnedNumber: Sendable, Equatable {
        public var sid: String
        public var phoneNumber: String
        public var smsURL: String?
        public var smsMethod: String
        public var friendlyName: String
        public var sms = true, mms = true, voice = true
        /// Where calls to the number are posted, and their status callbacks.
        public var voiceURL: String? = nil
        public var statusCallback: String? = nil
    }

    /// A number for sale (`AvailablePhoneNumbers`).
    public struct AvailableNumber: Sendable {
        public var phoneNumber: String
        public var country: String
        public var type: String
        public var region: String
        public var sms: Bool, mms: Bool, voice: Bool
    }

    struct HostedMedia {
        var bytes: [UInt8]
        var contentType: String
    }

    struct State {
        var owned: [OwnedNumber] = []
        var available: [AvailableNumber] = []
        var services: [String: [String]] = [:]
        var sent: [SentMessage] = []
        var media: [String: HostedMedia] = [:]
        var received: [Request] = []
        /// "sender|customer": Twilio's own opt-out list (21610 on sends).
        var optedOut: Set<String> = []
        var disabledPrefixes: [String] = []
        var failures: [(status: Int, code: Int, message: String)] = []
        var sequence = 0
        var proxy: (publicBase: String, loopbackBase: String)?
        var failAfter: (successes: Int, status: Int)?
        /// Voice: calls placed with the Calls API, how phones answer, callers waiting per queue.
        var outbound: [OutboundCall] = []
        var answering: [String: String] = [:]
        var queues: [String: [String]] = [:]
    }

    public let accountSID: String
    public let authToken: String
    let apiKey: (sid: String, secret: String)?
    let state = Locked(State())
    private var server: HTTPServer!

    /// Starts on 127.0.0.1 on a free port, serving one account.
    public init(accountSID: String = "AC" + String(repeating: "a1", count: 16), authToken: String = "twilio-auth-token-0123456789",
                apiKey: (sid: String, secret: String)? = nil) throws {
        self.accountSID = accountSID
        self.authToken = authToken
        self.apiKey = apiKey
        var options = HTTPServerOptions()
        options.port = 0
        server = try HTTPServer(options: options) { [unowned self] request in self.handle(request) }
    }

    /// "http://127.0.0.1:PORT": the plugin's `api_base_url`.
    public var baseURL: String { "http://127.0.0.1:\(server.port)" }

    public func stop() { server.stop() }
    deinit { server?.stop() }

    // MARK: the account

    /// A number the account owns, with its SmsUrl (nil: not pointed anywhere yet). Returns its PN SID.
    @discardableResult
    public func addOwnedNumber(_ phoneNumber: String, smsURL: String? = nil, mms: Bool = true) -> String {
        state.withLock { state in
            let sid = Self.sid("PN", &state.sequence)
            state.owned.append(OwnedNumber(sid: sid, phoneNumber: phoneNumber, smsURL: smsURL, smsMethod: "POST",
                                           friendlyName: phoneNumber, mms: mms))
            return sid
        }
    }

    /// A number Twilio has for sale (`type`: Local, Mobile or TollFree).
    public func addAvailableNumber(_ phoneNumber: String, country: String = "US", type: String = "Local", region: String = "CA",
                                   sms: Bool = true, mms: Bool = true, voice: Bool = true) {
        state.withLock { $0.available.append(AvailableNumber(phoneNumber: phoneNumber, country: country, type: type, region: region,
                                                             sms: sms, mms: mms, voice: voice)) }
    }

    /// A Messaging Service with its sender pool.
    public func addMessagingService(_ sid: String, numbers: [String]) { state.withLock { $0.services[sid] = numbers } }

    public var ownedNumbers: [OwnedNumber] { state.withLock { $0.owned } }

    // MARK: what arrived

    public var sent: [SentMessage] { state.withLock { $0.sent } }
    public var received: [Request] { state.withLock { $0.received } }

    // MARK: controls

    /// Twilio's own opt-out list: sends from `sender` (a number or MG SID) to `customer` answer 21610.
    public func optOut(_ customer: String, from sender: String) { state.withLock { _ = $0.optedOut.insert("\(sender)|\(customer)") } }

    /// Sends to numbers starting with `prefix` ("+44") answer 21408 (region not enabled).
    public func disableRegion(_ prefix: String) { state.withLock { $0.disabledPrefixes.append(prefix) } }

    /// The next authenticated API call answers this error (500, 503, 429 …) instead.
    public func failNext(status: Int, code: Int = 0, message: String = "Service Unavailable") {
        state.withLock { $0.failures.append((status, code, message)) }
    }

    /// After `successes` more accepted messages, the next `POST Messages.json` answers `status`
    /// (a send that fails half-way through a long reply).
    public func failAfter(_ successes: Int, status: Int) { state.withLock { $0.failAfter = (successes, status) } }

    /// Media the fake hosts for an inbound MMS, behind the account's credentials. Returns its URL.
    public func hostMedia(_ bytes: [UInt8], contentType: String, messageSID: String) -> String {
        state.withLock { state in
            let mediaSID = Self.sid("ME", &state.sequence)
            let path = "/2010-04-01/Accounts/\(accountSID)/Messages/\(messageSID)/Media/\(mediaSID)"
            state.media[path] = HostedMedia(bytes: bytes, contentType: contentType)
            return baseURL + path
        }
    }

    /// A fresh SID: the prefix and 32 hex digits.
    static func sid(_ prefix: String, _ sequence: inout Int) -> String {
        sequence += 1
        let hex = Crypto.randomHex(bytes: 12) + String(String(sequence, radix: 16).suffix(8))
        return prefix + String(repeating: "0", count: 32 - hex.count) + hex
    }

    func nextSID(_ prefix: String) -> String { state.withLock { Self.sid(prefix, &$0.sequence) } }
}
