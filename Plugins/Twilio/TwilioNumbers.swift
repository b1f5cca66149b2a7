import PluginKit

/// A phone number: one Twilio has for sale (`AvailablePhoneNumbers`) or one the account owns
/// (`IncomingPhoneNumbers`, with its `sid` and the URLs Twilio calls for it).
public struct TwilioNumber: Sendable, Equatable {
    public var phoneNumber: String
    public var friendlyName: String
    public var sms: Bool
    public var mms: Bool
    public var voice: Bool
    /// Owned numbers only.
    public var sid: String?
    public var smsURL: String?
    /// Where Twilio posts the number's calls, and their status callbacks (the Voice channel's).
    public var voiceURL: String?
    public var statusCallback: String?
    public var region: String?
    public var isoCountry: String?

    init(_ json: JSON) {
        phoneNumber = json["phone_number"]?.stringValue ?? ""
        friendlyName = json["friendly_name"]?.stringValue ?? phoneNumber
        // Twilio spells these "SMS"/"MMS" in upper case and "voice" in lower case; both accepted.
        let capabilities = json["capabilities"]
        sms = capabilities?["SMS"]?.boolValue ?? capabilities?["sms"]?.boolValue ?? false
        mms = capabilities?["MMS"]?.boolValue ?? capabilities?["mms"]?.boolValue ?? false
        voice = capabilities?["voice"]?.boolValue ?? false
        sid = json["sid"]?.stringValue
        smsURL = json["sms_url"]?.stringValue
        voiceURL = json["voice_url"]?.stringValue
        statusCallback = json["status_callback"]?.stringValue
        region = json["region"]?.stringValue
        isoCountry = json["iso_country"]?.stringValue
    }

    /// Whether Twilio posts the number's messages to exactly this URL.
    public func pointsAt(smsURL wanted: String) -> Bool { smsURL == wanted }
}

/// What to search for among the numbers Twilio has for sale.
public struct NumberSearch: Sendable, Equatable {
    /// ISO 3166 alpha-2 ("US").
    public var country: String
    /// "Local", "Mobile" or "TollFree".
    public var type: String
    public var areaCode: String?
    /// Digits (or letters) the number must contain; `*` matches any digit.
    public var contains: String?
    public var smsEnabled: Bool?
    public var mmsEnabled: Bool?
    public var voiceEnabled: Bool?
    public var pageSize: Int

    public init(country: String, type: String = "Local", areaCode: String? = nil, contains: String? = nil,
                smsEnabled: Bool? = nil, mmsEnabled: Bool? = nil, voiceEnabled: Bool? = nil, pageSize: Int = 20) {
        self.country = country
        self.type = type
        self.areaCode = areaCode
        self.contains = contains
        self.smsEnabled = smsEnabled
        self.mmsEnabled = mmsEnabled
        self.voiceEnabled = voiceEnabled
        self.pageSize = pageSize
    }

    var query: [(name: String, value: String)] {
        var query: [(name: String, value: String)] = []
        if let areaCode { query.append(("AreaCode", areaCode)) }
        if let contains { query.append(("Contains", contains)) }
        if let smsEnabled { query.append(("SmsEnabled", smsEnabled ? "true" : "false")) }
        if let mmsEnabled { query.append(("MmsEnabled", mmsEnabled ? "true" : "false")) }
        if let voiceEnabled { query.append(("VoiceEnabled", voiceEnabled ? "true" : "false")) }
        query.append(("PageSize", String(pageSize)))
        return query
    }
}

/// Number provisioning (providers.md §3.4): search, buy, list and adopt, point at this host,
/// release. Shared with the Voice channel, which sets `VoiceUrl` where SMS sets `SmsUrl`.
///
/// Only `SmsUrl` is set for messaging. A number's own `StatusCallback` is the *voice* call
/// status URL (the Voice channel's to set); message statuses come to the `StatusCallback`
/// each send names, so they need nothing on the number.
extension TwilioClient {
    /// `GET /AvailablePhoneNumbers/{Country}/{Type}.json`.
    public func searchNumbers(_ search: NumberSearch, timeoutMs: UInt32 = 10_000) -> Result<[TwilioNumber], TwilioError> {
        guard search.country.utf8.count == 2, search.country.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) else {
            return .failure(TwilioError(httpStatus: 400, message: "country must be an ISO 3166 code in capitals, such as US"))
        }
        guard ["Local", "Mobile", "TollFree"].contains(search.type) else {
            return .failure(TwilioError(httpStatus: 400, message: "type must be Local, Mobile or TollFree"))
        }
        return call("GET", "/AvailablePhoneNumbers/\(search.country)/\(search.type).json", form: search.query, timeoutMs: timeoutMs)
            .map { ($0["available_phone_numbers"]?.arrayValue ?? []).map(TwilioNumber.init) }
    }

    /// `POST /IncomingPhoneNumbers.json`: buys `phoneNumber` with its messages posted to `smsURL`
    /// and, for the Voice channel, its calls to `voice.url` (statuses to `voice.statusCallback`).
    public func buyNumber(_ phoneNumber: String, smsURL: String?, voice: (url: String, statusCallback: String)? = nil,
                          friendlyName: String? = nil, timeoutMs: UInt32 = 15_000) -> Result<TwilioNumber, TwilioError> {
        var form: [(name: String, value: String)] = [("PhoneNumber", phoneNumber)]
        if let smsURL { form += Self.smsURLFields(smsURL) }
        if let voice { form += Self.voiceURLFields(voice.url, statusCallback: voice.statusCallback) }
        if let friendlyName { form.append(("FriendlyName", friendlyName)) }
        return call("POST", "/IncomingPhoneNumbers.json", form: form, timeoutMs: timeoutMs).map(TwilioNumber.init)
    }

    /// `GET /IncomingPhoneNumbers.json`: the account's numbers (one page of up to 1,000), or the
    /// one matching `phoneNumber`.
    public func ownedNumbers(phoneNumber: String? = nil, timeoutMs: UInt32 = 10_000) -> Result<[TwilioNumber], TwilioError> {
        var query: [(name: String, value: String)] = [("PageSize", "1000")]
        if let phoneNumber { query.insert(("PhoneNumber", phoneNumber), at: 0) }
        return call("GET", "/IncomingPhoneNumbers.json", form: query, timeoutMs: timeoutMs)
            .map { ($0["incoming_phone_numbers"]?.arrayValue ?? []).map(TwilioNumber.init) }
    }

    /// The owned number `phoneNumber`, or `.failure` 20404 when the account has no such number.
    public func ownedNumber(_ phoneNumber: String, timeoutMs: UInt32 = 10_000) -> Result<TwilioNumber, TwilioError> {
        ownedNumbers(phoneNumber: phoneNumber, timeoutMs: timeoutMs).flatMap { numbers in
            guard let number = numbers.first(where: { $0.phoneNumber == phoneNumber }) else {
                return .failure(TwilioError(httpStatus: 404, code: 20404, message: "the account owns no number \(phoneNumber)"))
            }
            return .success(number)
        }
    }

    /// `POST /IncomingPhoneNumbers/{PN…}.json`: adopting a number the account already owns means
    /// pointing its messages at this host.
    public func pointNumber(sid: String, smsURL: String, timeoutMs: UInt32 = 10_000) -> Result<TwilioNumber, TwilioError> {
        guard TwilioSID.isValid(sid, prefix: "PN") else { return .failure(TwilioError(httpStatus: 400, message: "not a phone number SID: \(sid)")) }
        return call("POST", "/IncomingPhoneNumbers/\(sid).json", form: Self.smsURLFields(smsURL), timeoutMs: timeoutMs).map(TwilioNumber.init)
    }

    /// `POST /IncomingPhoneNumbers/{PN…}.json`: pointing a number's calls (and their statuses) at this host.
    public func pointNumber(sid: String, voiceURL: String, statusCallback: String, timeoutMs: UInt32 = 10_000) -> Result<TwilioNumber, TwilioError> {
        guard TwilioSID.isValid(sid, prefix: "PN") else { return .failure(TwilioError(httpStatus: 400, message: "not a phone number SID: \(sid)")) }
        return call("POST", "/IncomingPhoneNumbers/\(sid).json", form: Self.voiceURLFields(voiceURL, statusCallback: statusCallback),
                    timeoutMs: timeoutMs).map(TwilioNumber.init)
    }

    /// `DELETE /IncomingPhoneNumbers/{PN…}.json`: gives the number back to Twilio (204).
    public func releaseNumber(sid: String, timeoutMs: UInt32 = 10_000) -> Result<Void, TwilioError> {
        guard TwilioSID.isValid(sid, prefix: "PN") else { return .failure(TwilioError(httpStatus: 400, message: "not a phone number SID: \(sid)")) }
        return call("DELETE", "/IncomingPhoneNumbers/\(sid).json", timeoutMs: timeoutMs).map { _ in () }
    }

    static func smsURLFields(_ smsURL: String) -> [(name: String, value: String)] { [("SmsUrl", smsURL), ("SmsMethod", "POST")] }

    static func voiceURLFields(_ voiceURL: String, statusCallback: String) -> [(name: String, value: String)] {
        [("VoiceUrl", voiceURL), ("VoiceMethod", "POST"), ("StatusCallback", statusCallback), ("StatusCallbackMethod", "POST")]
    }
}
