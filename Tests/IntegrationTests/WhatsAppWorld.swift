import Foundation
import MetaFake
import SwitchboardSupport
import XCTest

/// The WhatsApp channel's world for integration tests: the real host with the whatsapp plugin
/// (and web chat when asked), the loopback Graph API, and one Meta app with two business numbers
/// of one WhatsApp Business Account (wa-a: 1001, wa-b: 1002).
final class WhatsAppWorld: ConversationReading {
    let host: HostProcess
    let graph: FakeGraphAPI
    static let appSecret = MetaWorld.appSecret, verifyToken = MetaWorld.verifyToken
    static let waba = "5005", numberA = "1001", numberB = "1002"
    static let displayA = "+1 555-010-1001", displayB = "+1 555-010-1002"
    static let hook = "/hooks/shared/whatsapp/meta-secret/webhook"

    init(plugins: [String] = ["whatsapp"]) throws {
        graph = try FakeGraphAPI()
        graph.addWhatsAppNumber(id: Self.numberA, displayNumber: Self.displayA, verifiedName: "Acme Shoes", wabaID: Self.waba)
        graph.addWhatsAppNumber(id: Self.numberB, displayNumber: Self.displayB, verifiedName: "Acme Outlet", wabaID: Self.waba, qualityRating: "YELLOW")
        host = try MetaWorld.startHost(plugins: plugins)
    }

    func stop() {
        host.stop()
        graph.stop()
    }

    func config(_ number: String) -> JSON {
        ["phone_number_id": .string(number), "waba_id": .string(Self.waba), "app_secret_credential": "meta-secret",
         "access_token_credential": "meta-token", "verify_token_credential": "meta-verify",
         "graph_base_url": .string(graph.baseURL), "graph_version": .string(graph.version)]
    }

    func addBothNumbers() throws {
        try host.addChannel("wa-a", plugin: "whatsapp", config: config(Self.numberA))
        try host.addChannel("wa-b", plugin: "whatsapp", config: config(Self.numberB))
    }

    /// Signs and posts a batch as Meta does.
    @discardableResult
    func post(_ body: String) throws -> (status: Int, text: String) {
        try graph.postWhatsAppWebhook(body, to: host.baseURL + Self.hook, appSecret: Self.appSecret)
    }

    /// One change for number A (or B) carrying messages and statuses.
    func change(_ number: String = numberA, contacts: [JSON] = [], messages: [JSON] = [], statuses: [JSON] = [], errors: [JSON] = []) -> JSON {
        WhatsAppPayloads.messages(phoneNumberID: number, displayNumber: number == Self.numberA ? Self.displayA : Self.displayB,
                                  contacts: contacts, messages: messages, statuses: statuses, errors: errors)
    }

    /// A customer (phone + BSUID) writes `text` to number A, `hoursAgo`; returns their conversation.
    func customerWrote(_ text: String, phone: String = "4915112345678", bsuid: String = "US.1502000000000001", hoursAgo: Double = 0,
                       id: String? = nil, referral: JSON? = nil, instance: String = "wa-a") throws -> String {
        let message = WhatsAppPayloads.text(text, id: id ?? "wamid.\(bsuid).\(hoursAgo)", from: phone, fromUserID: bsuid,
                                            timestampMs: MetaWorld.time(hoursAgo: hoursAgo), referral: referral)
        let answer = try post(WhatsAppPayloads.batch([(wabaID: Self.waba, changes: [
            change(contacts: [WhatsAppPayloads.contact(name: "Ann Lee", waID: phone, userID: bsuid)], messages: [message])])]))
        XCTAssertEqual(answer.status, 200, answer.text)
        return try host.eventually("\(bsuid)'s conversation") { () -> String? in
            try conversations(on: instance).first { c in
                (try? conversation(c["id"]?.stringValue ?? ""))?["contact"]?["identities"]?.arrayValue?.contains { $0["value"]?.stringValue == bsuid } == true
            }?["id"]?.stringValue
        }
    }

    // MARK: what the host stored (the rest: ConversationReading)

    /// A reply through the API (text, rich JSON); returns the message id.
    func reply(_ conversation: String, _ text: String, rich: JSON? = nil) throws -> Int {
        var body: JSONObject = ["text": .string(text)]
        if let rich { body["rich"] = rich }
        let r = try host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: .object(body))
        guard r.status == 202, let id = r.json["id"]?.intValue else { throw HostError("reply: \(r.status) \(r.text)") }
        return id
    }

    func pluginStatus(_ id: String) throws -> JSON { try channelStatus(id)["plugin_status"] ?? .null }
}
