import SwitchboardSupport
import SwitchboardTransport

/// The Messaging API's Services (messaging.twilio.com/v1, served at the fake's base): a
/// service's phone numbers, `GET /v1/Services/{MG…}/PhoneNumbers`, in Twilio's page shape.
extension FakeTwilio {
    static let servicesPrefix = "/v1/Services/"

    func serviceNumbers(_ request: Request) throws -> HTTPResponse {
        let parts = request.path.dropFirst(Self.servicesPrefix.count).split(separator: "/").map(String.init)
        guard parts.count == 2, parts[1] == "PhoneNumbers" else { throw TwilioAPIError.notFound(request.path) }
        guard request.method == "GET" else { throw TwilioAPIError.methodNotAllowed(request.method) }
        let service = parts[0]
        let (members, owned) = state.withLock { ($0.services[service], $0.owned) }
        guard let members else { throw TwilioAPIError.notFound(request.path) }
        let url = "https://messaging.twilio.com/v1/Services/\(service)/PhoneNumbers"
        return .json(200, ["phone_numbers": .array(members.map { number in
            ["sid": .string(owned.first { $0.phoneNumber == number }?.sid ?? "PN" + String(repeating: "0", count: 32)),
             "account_sid": .string(accountSID), "service_sid": .string(service), "phone_number": .string(number),
             "country_code": .string(number.hasPrefix("+1") ? "US" : ""), "capabilities": ["SMS", "MMS"], "url": .string(url)]
        }), "meta": ["page": 0, "page_size": .number(Double(max(members.count, 50))), "first_page_url": .string(url),
                     "previous_page_url": .null, "next_page_url": .null, "key": "phone_numbers", "url": .string(url)]])
    }
}
