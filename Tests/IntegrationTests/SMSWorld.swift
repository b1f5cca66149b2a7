import Foundation
import SwitchboardSupport
import TwilioFake
import XCTest

/// The SMS channel's world for integration tests: the real host behind a public URL
/// (https://support.example.test, reached on loopback as a reverse proxy would pass it on), the
/// loopback fake Twilio with one account, and an instance "sms1" on the number +14155550100.
final class SMSWorld {
    let host: HostProcess
    let twilio: FakeTwilio
    static let publicURL = "https://support.example.test"
    static let number = "+14155550100"
    static let customer = "+14155550123"

    init(plugins: [String] = ["sms"]) throws {
        twilio = try FakeTwilio()
        twilio.addOwnedNumber(Self.number, smsURL: Self.publicURL + "/hooks/sms1/sms")
        host = try HostProcess(plugins: plugins, extraArguments: ["--public-url", Self.publicURL])
        twilio.proxy(publicBase: Self.publicURL, to: host.baseURL)
        try host.putCredential("twilio-token", twilio.authToken)
    }

    func stop() {
        host.stop()
        twilio.stop()
    }

    func config(_ extra: JSONObject = [:], number: String = SMSWorld.number) -> JSON {
        var object: JSONObject = ["account_sid": .string(twilio.accountSID), "auth_token_credential": "twilio-token",
                                  "api_base_url": .string(twilio.baseURL), "phone_number": .string(number)]
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }

    func addChannel(_ id: String = "sms1", _ extra: JSONObject = [:]) throws {
        try host.addChannel(id, plugin: "sms", config: config(extra))
    }

    /// The public URL of an instance's route, as configured on the number.
    static func hook(_ instance: String = "sms1", _ path: String = "/sms") -> String { publicURL + "/hooks/\(instance)" + path }

    /// A customer's text, posted and signed as Twilio does.
    @discardableResult
    func text(_ body: String, from: String = SMSWorld.customer, media: [(bytes: [UInt8], contentType: String)] = [],
              sid: String? = nil, optOutType: String? = nil, instance: String = "sms1") throws -> (sid: String, status: Int, contentType: String, text: String) {
        try twilio.sendInbound(FakeTwilio.Inbound(from: from, to: Self.number, body: body, media: media, optOutType: optOutType, messageSID: sid),
                               to: Self.hook(instance))
    }

    // MARK: what the host stored

    func conversations(on instance: String = "sms1") throws -> [JSON] {
        try host.request("GET", "/api/v1/conversations?channel_instance_id=\(instance)").json["conversations"]?.arrayValue ?? []
    }

    func messages(_ conversation: String) throws -> [JSON] {
        try host.request("GET", "/api/v1/conversations/\(conversation)/messages").json["messages"]?.arrayValue ?? []
    }

    func onlyConversation(on instance: String = "sms1") throws -> String {
        try host.eventually("a conversation on \(instance)") { () -> String? in
            let found = try conversations(on: instance)
            return found.count == 1 ? found[0]["id"]?.stringValue : nil
        }
    }

    func reply(_ conversation: String, _ text: String, attachments: [JSON] = []) throws -> Int {
        var body: JSONObject = ["text": .string(text)]
        if !attachments.isEmpty { body["attachments"] = .array(attachments) }
        let r = try host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: .object(body))
        guard r.status == 202, let id = r.json["id"]?.intValue else { throw HostError("reply: \(r.status) \(r.text)") }
        return id
    }

    func message(_ conversation: String, _ id: Int) throws -> JSON? {
        try messages(conversation).first { $0["id"]?.intValue == id }
    }

    /// Waits until a message leaves the outbox (sent or failed) and returns it.
    func settled(_ conversation: String, _ id: Int, timeout: TimeInterval = 10) throws -> JSON {
        try host.eventually("message \(id) settled", timeout: timeout) { () -> JSON? in
            guard let m = try message(conversation, id),
                  ["sent", "delivered", "read", "failed"].contains(m["delivery_status"]?.stringValue ?? "") else { return Optional<JSON>.none }
            return m
        }
    }

    func waitForStatus(_ conversation: String, _ id: Int, _ status: String) throws -> JSON {
        try host.eventually("message \(id) \(status)") { () -> JSON? in
            guard let m = try message(conversation, id), m["delivery_status"]?.stringValue == status else { return Optional<JSON>.none }
            return m
        }
    }

    func channelStatus(_ id: String = "sms1") throws -> JSON { try host.request("GET", "/api/v1/channels/\(id)").json }

    /// A stored file's bytes: its public URL's path, fetched on loopback.
    func file(_ url: String) throws -> (status: Int, contentType: String?, bytes: [UInt8]) {
        let path = url.hasPrefix(Self.publicURL) ? String(url.dropFirst(Self.publicURL.count)) : url
        let answer = try HTTPClient.perform(HTTPClientRequest(url: host.baseURL + path, headers: [("Authorization", "Bearer \(host.adminKey)")]))
        return (answer.status, answer.header("Content-Type"), answer.body)
    }
}
