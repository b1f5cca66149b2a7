import Foundation
import SlackFake
import SwitchboardSupport
import XCTest

/// The Slack side conversations' world for integration tests: the real host with the slack and
/// api plugins, the loopback Slack (workspace T0ACME with Ann, Bo and Cy, the public channel
/// #vendors with the app in it, #random without it, the private #finance without it), one Slack
/// instance `slack1`, and a customer conversation on the API channel `crm` to hang side
/// conversations on.
final class SlackWorld {
    let host: HostProcess
    let slack: FakeSlack
    let events: SlackEventSender
    static let signingSecret = "8f742231b10e8888abcd99yyyzzz85a5"
    static let ann = "U0ANN", bo = "U0BO", cy = "U0CY"
    static let vendors = "C0VENDORS", random = "C0RANDOM", finance = "G0FINANCE"

    init() throws {
        slack = try FakeSlack()
        slack.addUser(id: Self.ann, name: "ann", realName: "Ann Lee", email: "ann@acme.example")
        slack.addUser(id: Self.bo, name: "bo", realName: "Bo Park", email: "bo@acme.example")
        slack.addUser(id: Self.cy, name: "cy", realName: "Cy Diaz", email: "cy@acme.example")
        slack.addChannel(id: Self.vendors, name: "vendors")
        slack.addChannel(id: Self.random, name: "random", botIsMember: false)
        slack.addChannel(id: Self.finance, name: "finance", isPrivate: true, botIsMember: false)
        // A known port, so the public URL (the link back in the first message) is where the host listens.
        let port = try EmailChannelTests.freeLoopbackPort()
        host = try HostProcess(plugins: ["slack", "api"],
                               extraArguments: ["--listen", "127.0.0.1:\(port)", "--public-url", "http://127.0.0.1:\(port)"])
        try host.putCredential("slack-bot", slack.botToken)
        try host.putCredential("slack-signing", Self.signingSecret)
        try host.putCredential("crm-key", "crm-secret")
        events = SlackEventSender(url: host.baseURL + "/hooks/slack1/events", signingSecret: Self.signingSecret)
        try host.addChannel("slack1", plugin: "slack", config: config())
        try host.addChannel("crm", plugin: "api", config: ["api_key_credential": "crm-key"])
    }

    func stop() {
        host.stop()
        slack.stop()
    }

    func config(token: String = "slack-bot") -> JSON {
        ["bot_token_credential": .string(token), "signing_secret_credential": "slack-signing", "api_base_url": .string(slack.apiBaseURL)]
    }

    /// A customer's message on the API channel: a new conversation; returns its id.
    func customerConversation(_ customer: String = "cust-1", text: String = "My parcel never arrived") throws -> String {
        let r = try host.request("POST", "/hooks/crm/messages", json: ["external_id": .string(customer), "message_id": .string("m-\(customer)"),
                                                                       "text": .string(text)], key: "crm-secret")
        guard r.status == 200 || r.status == 201, let id = r.json["conversation_id"]?.stringValue else { throw HostError("inbound: \(r.status) \(r.text)") }
        return id
    }

    /// Starts a Slack side conversation through REST; returns (status, body).
    func start(_ conversation: String, slack target: JSON, subject: String = "Parcel 1001", text: String = "Can someone check parcel 1001?",
               key: String? = nil) throws -> (status: Int, json: JSON, text: String) {
        try host.request("POST", "/api/v1/conversations/\(conversation)/side-conversations",
                         json: ["channel_instance_id": "slack1", "subject": .string(subject), "slack": target, "text": .string(text)], key: key)
    }

    func side(_ id: String) throws -> JSON { try host.request("GET", "/api/v1/side-conversations/\(id)").json }

    func sideMessages(_ id: String) throws -> [JSON] { try side(id)["messages"]?.arrayValue ?? [] }

    /// Waits until the side conversation has `count` messages and returns them.
    func waitForSideMessages(_ id: String, count: Int, timeout: TimeInterval = 10) throws -> [JSON] {
        try host.eventually("\(count) messages in side conversation \(id)", timeout: timeout) { () -> [JSON]? in
            let messages = try sideMessages(id)
            return messages.count >= count ? messages : nil
        }
    }

    /// Waits until the side conversation's first message left (sent or failed) and returns it.
    func settledFirst(_ id: String, timeout: TimeInterval = 10) throws -> JSON {
        try host.eventually("the first message of \(id) settled", timeout: timeout) { () -> JSON? in
            guard let m = try sideMessages(id).first, ["sent", "failed"].contains(m["delivery_status"]?.stringValue ?? "") else {
                return Optional<JSON>.none
            }
            return m
        }
    }

    /// The app's post that opened a side conversation's thread (waits for the `n`-th post).
    func post(_ n: Int) throws -> FakeSlack.Post {
        try host.eventually("Slack post \(n)") { () -> FakeSlack.Post? in
            let posts = slack.posts
            return posts.count >= n ? posts[n - 1] : nil
        }
    }

    /// The customer conversation: its messages, and what the API channel would hand the integrator.
    func customerView(_ conversation: String) throws -> (messages: [JSON], engagement: String?, updatedAt: String?, pulled: [JSON]) {
        let c = try host.request("GET", "/api/v1/conversations/\(conversation)").json
        let pulled = try host.request("GET", "/hooks/crm/messages?after=0", key: "crm-secret").json["messages"]?.arrayValue ?? []
        return (c["messages"]?.arrayValue ?? [], c["engagement"]?.stringValue, c["updated_at"]?.stringValue, pulled)
    }
}
