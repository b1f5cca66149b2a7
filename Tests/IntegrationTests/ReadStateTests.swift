import Foundation
import SwitchboardSupport
import XCTest

/// Read state through the real host: two browser sessions of one agent see the same unread
/// conversations and counts, marking read and unread follows the agent across them, and it survives a restart.
final class ReadStateTests: XCTestCase {
    var host: HostProcess!

    override func setUpWithError() throws {
        host = try HostProcess(plugins: ["api"])
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("web", plugin: "api", config: ["api_key_credential": "api-key"])
    }

    override func tearDown() { host?.stop() }

    func customerWrites(_ externalID: String, _ text: String = "hello") throws -> String {
        let r = try host.request("POST", "/hooks/web/messages", json: ["external_id": .string(externalID), "message_id": .string(UUID().uuidString),
                                                                       "text": .string(text)], key: "integrator-secret")
        guard let id = r.json["conversation_id"]?.stringValue else { throw HostError("\(r.status) \(r.text)") }
        return id
    }

    func state(_ session: BrowserSession) throws -> JSON {
        let r = try host.browser("GET", "/api/v1/read-state", cookie: session.cookie)
        XCTAssertEqual(r.status, 200, r.text)
        return r.json
    }

    func unread(_ session: BrowserSession) throws -> Set<String> {
        Set(try state(session)["unread_conversation_ids"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    func mark(_ conversation: String, _ what: String, _ session: BrowserSession) throws {
        let r = try host.browser("POST", "/api/v1/conversations/\(conversation)/\(what)", cookie: session.cookie, csrf: session.csrf)
        XCTAssertEqual(r.status, 200, r.text)
    }

    func testReadStateFollowsTheAgentAcrossSessionsAndRestarts() throws {
        let support = try host.addTeam("Support", isDefault: true)
        let ann = try XCTUnwrap(try host.createAgent("ann@example.com", name: "Ann", password: "correct horse battery")["id"]?.stringValue)
        XCTAssertEqual(try host.request("PATCH", "/api/v1/agents/\(ann)", json: ["availability": "online"]).status, 200)
        XCTAssertEqual(try host.request("PUT", "/api/v1/teams/\(support)/members/\(ann)").status < 300, true)
        let outsider = try host.addAgent("bob")
        let laptop = try host.signIn("ann@example.com", "correct horse battery")
        let phone = try host.signIn("ann@example.com", "correct horse battery")

        let first = try customerWrites("c1")
        try host.eventually("c1 assigned to ann") {
            try host.request("GET", "/api/v1/conversations/\(first)").json["assignee"]?.stringValue == ann ? true : nil
        }
        XCTAssertEqual(try unread(phone), [first])
        let counts = try state(phone)
        XCTAssertEqual(counts["views"]?["mine"]?.intValue, 1)
        XCTAssertEqual(counts["teams"]?.arrayValue?.first?["unread"]?.intValue, 1)
        XCTAssertEqual(counts["teams"]?.arrayValue?.first?["name"]?.stringValue, "Support")

        // Opened on the laptop: read on the phone too.
        try mark(first, "read", laptop)
        XCTAssertEqual(try unread(phone), [])
        XCTAssertEqual(try state(phone)["views"]?["mine"]?.intValue, 0)
        // The agent's own reply is not news to them; the customer's next message is.
        let reply = try host.browser("POST", "/api/v1/conversations/\(first)/comments", json: ["text": "noted"], cookie: laptop.cookie, csrf: laptop.csrf)
        XCTAssertEqual(reply.status, 201, reply.text)
        XCTAssertEqual(try unread(phone), [])
        _ = try customerWrites("c1", "still there?")
        XCTAssertEqual(try unread(laptop), [first])
        try mark(first, "read", phone)
        // Unread by hand on the phone: unread on the laptop.
        try mark(first, "unread", phone)
        XCTAssertEqual(try unread(laptop), [first])

        // Someone else's conversation cannot be marked; an API key without a person has no read state.
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(first)/read", key: outsider.key).status, 404)
        XCTAssertEqual(try host.request("GET", "/api/v1/read-state").status, 403)

        // Kept in the store: after a restart a new session sees the same.
        host.stop()
        host = try HostProcess(plugins: ["api"], dataDirectory: host.dataDirectory, pluginsDirectory: host.pluginsDirectory)
        let later = try host.signIn("ann@example.com", "correct horse battery")
        XCTAssertEqual(try unread(later), [first])
        try mark(first, "read", later)
        XCTAssertEqual(try unread(later), [])
    }
}
