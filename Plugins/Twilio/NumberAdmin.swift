import PluginKit

/// The numbers operations operators run on a Twilio account through the host's admin API and
/// CLI (ABI 1.3 admin operations), shared by every Twilio channel: the account comes in the
/// arguments with the same keys as an instance's configuration (`account_sid`,
/// `auth_token_credential`, optional API key pair and `api_base_url`), since no instance need
/// exist before the first number is bought.
public enum NumberAdmin {
    public static let timeoutMs: UInt32 = 15_000

    /// The account the arguments name (400 naming the argument at fault).
    public static func account(_ request: AdminRequest, host: PluginHost) throws -> TwilioAccount {
        try TwilioAccount.load(request.args, host: host)
    }

    /// `numbers.search`: what Twilio has for sale. Arguments: `country` (ISO code, default US),
    /// `type` (Local, Mobile or TollFree; default Local), `area_code`, `contains`, `sms`, `mms`,
    /// `voice` (true: must have it), `limit` (1-50, default 20).
    public static func search(_ request: AdminRequest, client: TwilioClient) throws -> JSON {
        let country = try request.string("country") ?? "US"
        guard country.utf8.count == 2, country.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) else {
            throw AdminFailure(status: 400, message: "must be an ISO 3166 country code in capitals, such as US", field: "country")
        }
        let type = try request.string("type") ?? "Local"
        guard ["Local", "Mobile", "TollFree"].contains(type) else {
            throw AdminFailure(status: 400, message: "must be Local, Mobile or TollFree", field: "type")
        }
        let areaCode = try request.string("area_code").flatMap { $0.isEmpty ? nil : $0 }
        if let areaCode, !(areaCode.utf8.count == 3 && areaCode.utf8.allSatisfy { (0x30...0x39).contains($0) }) {
            throw AdminFailure(status: 400, message: "must be three digits, such as 415", field: "area_code")
        }
        let contains = try request.string("contains").flatMap { $0.isEmpty ? nil : $0 }
        if let contains, !(contains.utf8.count <= 16 && contains.utf8.allSatisfy { (0x30...0x39).contains($0) || $0 == 0x2A || (0x41...0x5A).contains($0) }) {
            throw AdminFailure(status: 400, message: "must be up to 16 digits, capital letters or *", field: "contains")
        }
        var limit = 20
        if let value = request.args["limit"], !value.isNull {
            guard let number = value.intValue, (1...50).contains(number) else {
                throw AdminFailure(status: 400, message: "must be a whole number from 1 to 50", field: "limit")
            }
            limit = number
        }
        let search = NumberSearch(country: country, type: type, areaCode: areaCode, contains: contains,
                                  smsEnabled: try wanted(request, "sms"), mmsEnabled: try wanted(request, "mms"),
                                  voiceEnabled: try wanted(request, "voice"), pageSize: limit)
        let found = try result(client.searchNumbers(search, timeoutMs: timeoutMs))
        return ["numbers": .array(found.map { json($0) })]
    }

    /// `numbers.list`: the account's numbers, each with the instance of this host its
    /// `hookPath` URL points at (`instance_id`, null when it points elsewhere or nowhere).
    public static func list(_ request: AdminRequest, client: TwilioClient, hookPath: String) throws -> JSON {
        let owned = try result(client.ownedNumbers(timeoutMs: timeoutMs))
        return ["numbers": .array(owned.map { number in
            json(number, instanceID: number.smsURL.flatMap { instance(in: $0, publicBaseURL: request.publicBaseURL, hookPath: hookPath) })
        })]
    }

    /// The instance id in "<public base>/hooks/<id><hookPath>", nil for any other URL.
    public static func instance(in url: String, publicBaseURL: String, hookPath: String) -> String? {
        let prefix = publicBaseURL + "/hooks/"
        guard url.hasPrefix(prefix), url.hasSuffix(hookPath) else { return nil }
        let id = url.dropFirst(prefix.count).dropLast(hookPath.count)
        return !id.isEmpty && !id.contains("/") ? String(id) : nil
    }

    /// A number as operators see it.
    public static func json(_ number: TwilioNumber, instanceID: String? = nil) -> JSON {
        var object: JSONObject = ["phone_number": .string(number.phoneNumber), "friendly_name": .string(number.friendlyName),
                                  "region": .from(number.region), "iso_country": .from(number.isoCountry),
                                  "capabilities": ["sms": .bool(number.sms), "mms": .bool(number.mms), "voice": .bool(number.voice)]]
        if let sid = number.sid {
            object["sid"] = .string(sid)
            object["sms_url"] = .from(number.smsURL)
            object["instance_id"] = .from(instanceID)
        }
        return .object(object)
    }

    /// Twilio's answer, or its refusal as the operator's error: Twilio's 404 stays 404, its other
    /// refusals (a number not for sale, bad credentials) are 422 with Twilio's code and words,
    /// and Twilio down or unreachable is 502.
    public static func result<T>(_ answer: Result<T, TwilioError>) throws(AdminFailure) -> T {
        switch answer {
        case .success(let value): return value
        case .failure(let error): throw failure(error)
        }
    }

    public static func failure(_ error: TwilioError) -> AdminFailure {
        if error.isTemporary { return AdminFailure(status: 502, message: error.description) }
        if error.httpStatus == 404 || error.code == 20404 { return AdminFailure(status: 404, message: error.description) }
        return AdminFailure(status: 422, message: error.description)
    }

    private static func wanted(_ request: AdminRequest, _ name: String) throws(AdminFailure) -> Bool? {
        try request.bool(name).flatMap { $0 ? true : nil }
    }
}
