import Foundation
import AmazonFake
import SwitchboardSupport
import SwitchboardTransport
import XCTest

/// The Amazon channel in the real host, with loopback fakes of Login with Amazon + the SP-API
/// (AmazonFake) and of Mailgun (the relay's route forwards, replies out).
final class AmazonWorld {
    let host: HostProcess
    let amazon: FakeSellingPartnerAPI
    let mailgun: FakeMailgun
    let instance = "amz-us"
    let sender = "buyers@mg.acme.example"

    init(region: String = "NA", marketplaces: [String] = ["ATVPDKIKX0DER"], tokenLifetimeSeconds: Int = 3600,
         extraConfig: JSONObject = [:], plugins: [String] = ["amazon"]) throws {
        amazon = try FakeSellingPartnerAPI(region: region, tokenLifetimeSeconds: tokenLifetimeSeconds)
        mailgun = try FakeMailgun()
        host = try HostProcess(plugins: plugins)
        try host.putCredential("lwa-id", amazon.clientID)
        try host.putCredential("lwa-secret", amazon.clientSecret)
        try host.putCredential("seller-refresh", amazon.refreshToken)
        try host.putCredential("mg-key", mailgun.apiKey)
        try host.putCredential("mg-signing", mailgun.signingKey)
        var config: JSONObject = [
            "seller_id": "A1SELLER0TEST", "marketplace_ids": .array(marketplaces.map(JSON.string)), "region": .string(region),
            "sp_api_base_url": .string(amazon.baseURL), "lwa_base_url": .string(amazon.baseURL),
            "lwa_client_id_credential": "lwa-id", "lwa_client_secret_credential": "lwa-secret", "refresh_token_credential": "seller-refresh",
            "sender_address": .string(sender), "sender_name": "Acme Store", "mailgun_domain": .string(mailgun.domain),
            "mailgun_api_base_url": .string(mailgun.baseURL), "mailgun_api_key_credential": "mg-key",
            "mailgun_signing_key_credential": "mg-signing", "order_retry_seconds": 1,
        ]
        for (k, v) in extraConfig { config[k] = v }
        try host.addChannel(instance, plugin: "amazon", config: .object(config))
    }

    func stop() {
        host.stop()
        amazon.stop()
        mailgun.stop()
    }

    /// A buyer's message as Amazon's relay mails it (channels.md §7), forwarded by the Mailgun route.
    func relay(alias: String = "5vlhexample0h9h5abcdefghijklmnopqrs@marketplace.amazon.com", buyer: String = "Ann Lee",
               topic: String = "Shipping", orderID: String? = "111-2223334-5556667", body: String = "Where is my kettle? It was due yesterday.",
               messageID: String = UUID().uuidString + "@relay.amazon.com", files: [MultipartFormData.Part] = [],
               signed: [(name: String, value: String)]? = nil) throws -> (status: Int, json: JSON, text: String) {
        let subject = orderID.map { "\(topic) inquiry from Amazon customer \(buyer) (Order: \($0))" } ?? "\(topic) inquiry from Amazon customer \(buyer)"
        let plain = """
        ------------- Begin message -------------

        \(body)

        ------------- End message -------------

        For Your Information: To help arbitrate disputes and preserve trust and safety, we retain all messages buyers and sellers send through Amazon.com for two years.
        Was this email helpful? No response needed: https://sellercentral.amazon.com/messaging/noresponse
        [commMgrTok:A3QKCOMMTOKEN1234]
        """
        let mail = FakeMailgun.mail(from: "\(buyer) - Amazon Marketplace <\(alias)>", to: "amazon-\(instance)@\(mailgun.domain)",
                                    subject: subject, plain: plain, messageID: messageID)
        return try mailgun.forward(to: host, instance: instance, mail: mail, files: files, signed: signed)
    }

    func conversation(_ id: String) throws -> JSON { try host.request("GET", "/api/v1/conversations/\(id)").json }

    func messages(_ id: String) throws -> [JSON] {
        try host.request("GET", "/api/v1/conversations/\(id)/messages").json["messages"]?.arrayValue ?? []
    }

    func status() throws -> JSON { try host.request("GET", "/api/v1/channels/\(instance)").json["plugin_status"] ?? .null }

    func events(_ id: String, _ type: String) throws -> [JSON] {
        (try host.request("GET", "/api/v1/conversations/\(id)/events").json["events"]?.arrayValue ?? []).filter { $0["type"]?.stringValue == type }
    }

    /// Posts an agent reply (text and/or rich) and waits for its delivery outcome.
    func reply(_ conversation: String, text: String = "", rich: JSON? = nil) throws -> JSON {
        var body: JSONObject = ["text": .string(text)]
        if let rich { body["rich"] = rich }
        let posted = try host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: .object(body))
        XCTAssertEqual(posted.status, 202, posted.text)
        let id = posted.json["id"] ?? posted.json["message_id"] ?? .null
        return try host.eventually("the reply's outcome") { () -> JSON? in
            let m = try messages(conversation).last { $0["direction"] == "outbound" && ($0["id"] == id || id == .null) }
            let status = m?["delivery_status"]?.stringValue ?? ""
            if status == "sent" || status == "failed" || status == "delivered" { return m }
            return Optional<JSON>.none
        }
    }
}
