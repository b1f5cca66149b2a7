import SwitchboardSupport
import SwitchboardTransport

/// Number provisioning (providers.md §3.4): `AvailablePhoneNumbers` search and the account's
/// `IncomingPhoneNumbers` (buy, list, fetch, update, release), in Twilio's shapes.
extension FakeTwilio {
    func searchAvailable(country: String, file: String, _ query: [(String, String)]) throws -> HTTPResponse {
        let types = ["Local.json": "Local", "Mobile.json": "Mobile", "TollFree.json": "TollFree"]
        guard let type = types[file] else { throw TwilioAPIError.notFound("/AvailablePhoneNumbers/\(country)/\(file)") }
        let flag: (String) -> Bool? = { name in query.first(name).map { $0 == "true" } }
        let areaCode = query.first("AreaCode"), contains = query.first("Contains")
        let pageSize = query.first("PageSize").flatMap { Int($0) } ?? 50
        let matches = state.withLock { $0.available }.filter { number in
            number.country == country && number.type == type
                && areaCode.map { number.phoneNumber.hasPrefix("+1" + $0) } ?? true
                && contains.map { number.phoneNumber.contains($0) } ?? true
                && flag("SmsEnabled").map { $0 == number.sms } ?? true
                && flag("MmsEnabled").map { $0 == number.mms } ?? true
                && flag("VoiceEnabled").map { $0 == number.voice } ?? true
        }
        return .json(200, ["available_phone_numbers": .array(matches.prefix(pageSize).map { number in
            ["friendly_name": .string(number.phoneNumber), "phone_number": .string(number.phoneNumber), "region": .string(number.region),
             "iso_country": .string(number.country), "address_requirements": "none", "beta": false,
             "capabilities": ["voice": .bool(number.voice), "SMS": .bool(number.sms), "MMS": .bool(number.mms)]]
        }), "uri": .string("/2010-04-01/Accounts/\(accountSID)/AvailablePhoneNumbers/\(country)/\(file)")])
    }

    func buy(_ form: [(String, String)]) throws -> HTTPResponse {
        guard let phoneNumber = form.first("PhoneNumber"), !phoneNumber.isEmpty else { throw TwilioAPIError.numberRequired }
        let bought = try state.withLock { state -> OwnedNumber in
            guard let index = state.available.firstIndex(where: { $0.phoneNumber == phoneNumber }) else {
                throw TwilioAPIError.numberUnavailable(phoneNumber)
            }
            let offer = state.available.remove(at: index)
            var number = OwnedNumber(sid: Self.sid("PN", &state.sequence), phoneNumber: phoneNumber, smsURL: nil, smsMethod: "POST",
                                     friendlyName: form.first("FriendlyName") ?? phoneNumber, sms: offer.sms, mms: offer.mms, voice: offer.voice)
            try Self.apply(form, to: &number)
            state.owned.append(number)
            return number
        }
        return .json(201, json(bought))
    }

    func listOwned(_ query: [(String, String)]) -> HTTPResponse {
        let wanted = query.first("PhoneNumber")
        let numbers = state.withLock { $0.owned }.filter { wanted == nil || $0.phoneNumber == wanted }
        return .json(200, ["incoming_phone_numbers": .array(numbers.map(json)), "page": 0, "page_size": .number(Double(max(numbers.count, 50))),
                           "uri": .string("/2010-04-01/Accounts/\(accountSID)/IncomingPhoneNumbers.json")])
    }

    /// GET, POST (update) or DELETE (release) `/IncomingPhoneNumbers/{PN…}.json`.
    func ownedNumber(_ method: String, file: String, _ request: Request) throws -> HTTPResponse {
        guard file.hasSuffix(".json") else { throw TwilioAPIError.notFound(request.path) }
        let sid = String(file.dropLast(5))
        let update = method == "POST" ? try form(request) : []
        return try state.withLock { state -> HTTPResponse in
            guard let index = state.owned.firstIndex(where: { $0.sid == sid }) else { throw TwilioAPIError.notFound(request.path) }
            switch method {
            case "GET": return .json(200, json(state.owned[index]))
            case "POST":
                try Self.apply(update, to: &state.owned[index])
                return .json(200, json(state.owned[index]))
            case "DELETE":
                state.owned.remove(at: index)
                return HTTPResponse(status: 204)
            default: throw TwilioAPIError.methodNotAllowed(method)
            }
        }
    }

    private static func apply(_ form: [(String, String)], to number: inout OwnedNumber) throws {
        if let url = form.first("SmsUrl") {
            guard url.isEmpty || isHTTPURL(url) else { throw TwilioAPIError.invalidURL("SmsUrl", url) }
            number.smsURL = url.isEmpty ? nil : url
        }
        if let method = form.first("SmsMethod") { number.smsMethod = method }
        for (field, keyPath) in [("VoiceUrl", \OwnedNumber.voiceURL), ("StatusCallback", \OwnedNumber.statusCallback)] {
            guard let url = form.first(field) else { continue }
            guard url.isEmpty || isHTTPURL(url) else { throw TwilioAPIError.invalidURL(field, url) }
            number[keyPath: keyPath] = url.isEmpty ? nil : url
        }
        for field in ["VoiceMethod", "StatusCallbackMethod"] {
            if let method = form.first(field), !["GET", "POST"].contains(method) { throw TwilioAPIError.invalidURL(field, method) }
        }
        if let name = form.first("FriendlyName") { number.friendlyName = name }
    }

    private func json(_ number: OwnedNumber) -> JSON {
        ["sid": .string(number.sid), "account_sid": .string(accountSID), "phone_number": .string(number.phoneNumber),
         "friendly_name": .string(number.friendlyName), "sms_url": .from(number.smsURL), "sms_method": .string(number.smsMethod),
         "voice_url": .from(number.voiceURL), "status_callback": .from(number.statusCallback),
         "capabilities": ["voice": .bool(number.voice), "sms": .bool(number.sms), "mms": .bool(number.mms)],
         "uri": .string("/2010-04-01/Accounts/\(accountSID)/IncomingPhoneNumbers/\(number.sid).json")]
    }
}
