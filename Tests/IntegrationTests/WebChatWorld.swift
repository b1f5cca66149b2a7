import Foundation
import SwitchboardSupport
import XCTest

/// The web chat widget's world for integration tests: the real host with the webchat, email and
/// API plugins (no relay, so "sms" is a planned kind), a loopback Mailgun, a widget instance
/// "site", and the visitor's side of the widget's HTTP contract (/hooks/site/…).
final class WebChatWorld {
    let host: HostProcess
    let mailgun: FakeMailgun
    static let secret = "widget-secret-0123456789"
    static let shop = "http://shop.example"

    init(config extra: JSONObject = [:], plugins: [String] = ["webchat", "email", "api"]) throws {
        mailgun = try FakeMailgun()
        // A known port, so the public URL (in upload links) is where the host really listens.
        let port = try EmailChannelTests.freeLoopbackPort()
        host = try HostProcess(plugins: plugins,
                               extraArguments: ["--listen", "127.0.0.1:\(port)", "--public-url", "http://127.0.0.1:\(port)"])
        try host.putCredential("widget-secret", Self.secret)
        try host.addChannel("site", plugin: "webchat", config: Self.config(extra))
    }

    func stop() {
        host.stop()
        mailgun.stop()
    }

    static func config(_ extra: JSONObject = [:]) -> JSON {
        // A heartbeat every second: the host notices a closed connection when a write to it fails, and
        // a stream's connection thread waits up to one heartbeat before the host can stop.
        var object: JSONObject = ["secret_credential": "widget-secret", "title": "Acme help", "team_name": "Acme Support",
                                  "allowed_origins": [.string(shop)], "heartbeat_seconds": 1]
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }

    func reconfigure(_ extra: JSONObject) throws {
        let r = try host.request("PATCH", "/api/v1/channels/site", json: ["config": Self.config(extra)])
        guard r.status == 200 else { throw HostError("reconfigure: \(r.status) \(r.text)") }
    }

    /// The email channel, with the loopback Mailgun behind it.
    func addEmailChannel() throws {
        try host.putCredential("mg-key", mailgun.apiKey)
        try host.putCredential("mg-signing", mailgun.signingKey)
        try host.addChannel("mail1", plugin: "email", config: [
            "support_address": "support@acme.example", "support_name": "Acme Support", "mailgun_domain": .string(mailgun.domain),
            "api_base_url": .string(mailgun.baseURL), "api_key_credential": "mg-key", "signing_key_credential": "mg-signing"])
    }

    // MARK: the visitor's side

    @discardableResult
    func widget(_ method: String, _ path: String, json: JSON? = nil, token: String? = nil, origin: String? = nil,
                headers: [(String, String)] = []) throws -> (status: Int, json: JSON, text: String) {
        var all = headers
        if let token { all.append(("Authorization", "Bearer \(token)")) }
        if let origin { all.append(("Origin", origin)) }
        return try host.request(method, "/hooks/site" + path, json: json, headers: all)
    }

    /// POST /session; returns (token, visitor id, the whole answer).
    func session(_ body: JSONObject = [:]) throws -> (token: String, visitorID: String, json: JSON) {
        let r = try widget("POST", "/session", json: .object(body))
        guard r.status == 200 || r.status == 201, let token = r.json["visitor_token"]?.stringValue,
              let visitor = r.json["visitor_id"]?.stringValue else { throw HostError("session: \(r.status) \(r.text)") }
        return (token, visitor, r.json)
    }

    /// POST /messages; returns (message id, conversation id).
    @discardableResult
    func send(_ token: String, _ text: String, clientID: String = UUID().uuidString) throws -> (messageID: Int, conversationID: String) {
        let r = try widget("POST", "/messages", json: ["text": .string(text), "client_message_id": .string(clientID)], token: token)
        guard r.status == 201, let id = r.json["message_id"]?.intValue, let conversation = r.json["conversation_id"]?.stringValue else {
            throw HostError("send: \(r.status) \(r.text)")
        }
        return (id, conversation)
    }

    /// POST /uploads with the raw file as the body.
    func upload(_ token: String, name: String?, contentType: String, bytes: [UInt8]) throws -> (status: Int, json: JSON) {
        let query = name.map { "?name=\(FormURLEncoding.encodeComponent($0))" } ?? ""
        let response = try HTTPClient.perform(HTTPClientRequest(
            method: "POST", url: host.baseURL + "/hooks/site/uploads" + query,
            headers: [("Authorization", "Bearer \(token)"), ("Content-Type", contentType)], body: bytes))
        return (response.status, (try? JSON.parse(response.body)) ?? .null)
    }

    /// GET /stream as EventSource does (token in the query, Last-Event-ID when resuming).
    func stream(_ token: String, lastEventID: Int? = nil) throws -> SSEClient {
        let client = try SSEClient(port: host.port, path: "/hooks/site/stream?token=\(FormURLEncoding.encodeComponent(token))",
                                   headers: lastEventID.map { [("Last-Event-ID", String($0))] } ?? [])
        guard client.status == 200 else { throw HostError("stream: \(client.status) \(client.errorBody.serialized)") }
        return client
    }

    // MARK: the agents' side

    /// An agent's reply through the REST API; returns its message id.
    func reply(_ conversationID: String, _ text: String) throws -> Int {
        let r = try host.request("POST", "/api/v1/conversations/\(conversationID)/messages", json: ["text": .string(text)])
        guard r.status == 202, let id = r.json["id"]?.intValue else { throw HostError("reply: \(r.status) \(r.text)") }
        return id
    }

    func messages(_ conversationID: String) throws -> [JSON] {
        try host.request("GET", "/api/v1/conversations/\(conversationID)/messages").json["messages"]?.arrayValue ?? []
    }

    func message(_ conversationID: String, _ id: Int) throws -> JSON? {
        try messages(conversationID).first { $0["id"]?.intValue == id }
    }

    /// Waits until the host shows the message with this delivery status.
    func waitForStatus(_ conversationID: String, _ id: Int, _ status: String, timeout: TimeInterval = 10) throws {
        _ = try host.eventually("message \(id) to be \(status)", timeout: timeout) { () -> Bool? in
            try message(conversationID, id)?["delivery_status"]?.stringValue == status ? true : nil
        }
    }

    func conversationCount() throws -> Int {
        try host.request("GET", "/api/v1/conversations").json["conversations"]?.arrayValue?.count ?? -1
    }
}
