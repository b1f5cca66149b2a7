import Foundation
import SwitchboardSupport
import XCTest

/// ABI 1.3 SB_HTTP_USER_URL: when a plugin fetches a URL a user chose (an outbound attachment), the
/// host applies its network guard; the provider's own API (here the loopback Mailgun) is not guarded.
final class UserChosenURLGuardTests: XCTestCase {
    func testAnAttachmentURLAtLoopbackIsRefusedWhileTheProviderAPIIsReached() throws {
        let mailgun = try FakeMailgun()
        defer { mailgun.stop() }
        let port = try EmailChannelTests.freeLoopbackPort()
        // No --allow-networks: the guard refuses loopback for URLs users chose.
        let host = try HostProcess(plugins: ["email", "api"], extraArguments: ["--listen", "127.0.0.1:\(port)", "--public-url", "http://127.0.0.1:\(port)"],
                                   allowedNetworks: nil)
        defer { host.stop() }
        try host.putCredential("mg-key", mailgun.apiKey)
        try host.putCredential("mg-signing", mailgun.signingKey)
        try host.addChannel("mail1", plugin: "email", config: [
            "support_address": "support@acme.example", "support_name": "Acme Support", "mailgun_domain": .string(mailgun.domain),
            "region": "eu", "api_base_url": .string(mailgun.baseURL), "api_key_credential": "mg-key", "signing_key_credential": "mg-signing",
        ])
        let inbound = try mailgun.forward(to: host, instance: "mail1", mail: FakeMailgun.mail(
            from: "Ann Lee <ann@customer.example>", to: "support@acme.example", subject: "Order", plain: "Where is it?", stripped: "Where is it?",
            messageID: "guard@customer.example"))
        XCTAssertEqual(inbound.status, 200, inbound.text)
        let conversation = try XCTUnwrap(inbound.json["conversation_id"]?.stringValue)

        // An agent attaches a URL that leads to a loopback service: the fetch is refused, nothing is mailed.
        let reply = try host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: [
            "text": "See attached", "attachments": [["name": "secret.txt", "url": .string(mailgun.baseURL + "/secret.txt"), "content_type": "text/plain"]]])
        XCTAssertEqual(reply.status, 202, reply.text)
        let detail = try host.eventually("the refused fetch on the message") { () -> String? in
            let messages = try host.request("GET", "/api/v1/conversations/\(conversation)/messages").json["messages"]?.arrayValue ?? []
            return messages.last?["delivery_detail"]?.stringValue.flatMap { $0.contains("loopback") ? $0 : nil }
        }
        XCTAssertTrue(detail.contains("secret.txt"), detail)
        XCTAssertTrue(mailgun.sent.withLock { $0.isEmpty }, "nothing reached Mailgun with the loopback file")
    }
}
