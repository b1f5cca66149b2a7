import Foundation
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// `switchboard store migrate`: a host populated on SQLite through its API and a channel, stopped,
/// its store copied into PostgreSQL, and a host on PostgreSQL with the same data directory answers
/// the same: ids, messages and attachments, tags and fields, the event feed (Last-Event-ID resumes),
/// knowledge search, stacks, the plugin's state, sign-in with the same password. Needs a server:
/// SWITCHBOARD_TEST_STORE (scripts/postgres start).
final class StoreMigrateTests: XCTestCase {
    let password = "correct horse battery"

    func testAPopulatedSQLiteInstallationMovesToPostgreSQLWithoutLoss() throws {
        guard let server = TestStore.server else { throw XCTSkip("SWITCHBOARD_TEST_STORE is not set (scripts/postgres start)") }
        let database = "sbt_migrate_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let url = try PostgresServer.createDatabase(database, on: server)
        defer { try? PostgresServer.dropDatabase(database, on: server) }

        let sqliteHost = try HostProcess(plugins: ["api", "webchat"], store: [])
        defer { sqliteHost.stop() }
        let filePath = try populate(sqliteHost)
        var before = try snapshot(sqliteHost)
        before.filePath = filePath

        // A running host's file is refused, and nothing is copied.
        let refused = try HostProcess.cli(["store", "migrate", "--from", "sqlite:" + sqliteHost.dataDirectory, "--to", url])
        XCTAssertEqual(refused.status, 1, refused.output)
        XCTAssertTrue(refused.output.contains("stop the host"), refused.output)

        sqliteHost.stop()
        let migrated = try HostProcess.cli(["store", "migrate", "--from", "sqlite:" + sqliteHost.dataDirectory + "/switchboard.sqlite", "--to", url])
        XCTAssertEqual(migrated.status, 0, migrated.output)
        XCTAssertTrue(migrated.output.contains("every count verified"), migrated.output)
        let messagesLine = migrated.output.split(separator: "\n").first { $0.hasPrefix("messages ") }.map(String.init) ?? ""
        XCTAssertEqual(messagesLine.split(separator: " ").map(String.init), ["messages", "\(before.messageCount)", "\(before.messageCount)"])

        // The target now holds data: a second run is refused without --replace, and runs again with it.
        let again = try HostProcess.cli(["store", "migrate", "--from", "sqlite:" + sqliteHost.dataDirectory, "--to", url])
        XCTAssertEqual(again.status, 1, again.output)
        XCTAssertTrue(again.output.contains("--replace"), again.output)
        let replaced = try HostProcess.cli(["store", "migrate", "--from", "sqlite:" + sqliteHost.dataDirectory, "--to", url, "--replace"])
        XCTAssertEqual(replaced.status, 0, replaced.output)

        let postgresHost = try HostProcess(dataDirectory: sqliteHost.dataDirectory, pluginsDirectory: sqliteHost.pluginsDirectory,
                                           store: ["--store", url])
        defer { postgresHost.stop() }
        let after = try snapshot(postgresHost)
        XCTAssertEqual(after.conversations, before.conversations)
        XCTAssertEqual(after.messages, before.messages)
        XCTAssertEqual(after.events, before.events)
        XCTAssertEqual(after.search, before.search)
        XCTAssertFalse(before.search.isEmpty)
        XCTAssertEqual(after.stacks, before.stacks)
        XCTAssertEqual(after.pulled, before.pulled, "the API plugin's pull queue (its KV state) is all there")
        XCTAssertEqual(after.agents, before.agents)
        XCTAssertEqual(try postgresHost.signIn("sam@example.com", password).cookie.hasPrefix("sb_session="), true, "the same password signs in")
        let file = try HTTPClient.perform(HTTPClientRequest(url: postgresHost.baseURL + before.filePath))
        XCTAssertEqual(file.status, 200)
        XCTAssertEqual(file.body, Self.png, "an uploaded file's bytes (a BLOB) are the same")

        // New rows continue after the copied ids; the feed resumes from a Last-Event-ID of the old host.
        let lastEvent = Int64(try XCTUnwrap(before.events.last?["id"]?.intValue))
        let stream = try SSEClient(port: postgresHost.port, path: "/api/v1/stream",
                                   headers: [("Authorization", "Bearer \(postgresHost.adminKey)"), ("Last-Event-ID", "\(lastEvent - 2)")])
        defer { stream.close() }
        XCTAssertEqual(try stream.next(2).map(\.eventID), [lastEvent - 1, lastEvent])
        let next = try customer(postgresHost, "ann", "m-new", "One more thing")
        XCTAssertEqual(next.status, 201, next.text)
        let live = try stream.next(1)
        XCTAssertGreaterThan(live[0].eventID, lastEvent)
        let newest = try XCTUnwrap(postgresHost.request("GET", "/api/v1/conversations/\(before.annConversation)/messages").json["messages"]?.arrayValue?.last)
        XCTAssertGreaterThan(newest["id"]?.intValue ?? 0, before.messages.compactMap { $0["id"]?.intValue }.max() ?? .max)
    }

    @discardableResult
    func customer(_ host: HostProcess, _ who: String, _ messageID: String, _ text: String, attachments: JSON? = nil) throws -> (status: Int, json: JSON, text: String) {
        var body: JSONObject = ["external_id": .string(who), "message_id": .string(messageID), "text": .string(text), "name": .string(who.capitalized)]
        if let attachments { body["attachments"] = attachments }
        return try host.request("POST", "/hooks/api1/messages", json: .object(body), key: "integrator-secret")
    }

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0xFF] + (0...255).map(UInt8.init)

    /// A web chat visitor uploads a file (kept in the store); returns the file's path on the host.
    func upload(_ host: HostProcess) throws -> String {
        try host.putCredential("widget-secret", WebChatWorld.secret)
        try host.addChannel("site", plugin: "webchat", config: WebChatWorld.config(["allowed_upload_types": ["image/*"]]))
        let session = try host.request("POST", "/hooks/site/session", json: ["name": "Cleo"])
        let token = try XCTUnwrap(session.json["visitor_token"]?.stringValue, session.text)
        let uploaded = try HTTPClient.perform(HTTPClientRequest(
            method: "POST", url: host.baseURL + "/hooks/site/uploads?name=photo.png",
            headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "image/png")], body: Self.png))
        XCTAssertEqual(uploaded.status, 201, uploaded.text)
        let url = try XCTUnwrap((try JSON.parse(uploaded.body))["attachment"]?["url"]?.stringValue)
        let start = try XCTUnwrap(url.range(of: "/files/"), url).lowerBound
        return String(url[start...])
    }

    func populate(_ host: HostProcess) throws -> String {
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
        _ = try host.createAgent("sam@example.com", name: "Sam Lee", password: password)
        let imported = try host.request("POST", "/api/v1/knowledge/import", json: ["collection": "help", "articles": [
            ["title": "Where is my order?", "body": "# Tracking\nEvery parcel gets a tracking link by email as soon as it ships."],
            ["title": "Refunds", "body": "Refunds reach your card within 5 days of the return arriving."],
            ["title": "Opening hours", "body": "We answer from 9 to 5, and the tracking page works all day."]]])
        XCTAssertEqual(imported.status, 200, imported.text)
        let stack: JSON = ["id": "helper", "name": "Helper", "collections": ["help"],
                           "topics": [["name": "shipping", "examples": ["where is my order", "track my parcel", "has my order shipped"]]]]
        let put = try host.request("PUT", "/api/v1/stacks/helper", json: stack)
        XCTAssertTrue(put.status == 201 || put.status == 200, put.text)

        let first = try customer(host, "ann", "m-1", "Where is my parcel?", attachments: [
            ["name": "receipt.pdf", "content_type": "application/pdf", "size": 48213, "url": "https://files.example.com/r/1.pdf"]])
        XCTAssertEqual(first.status, 201, first.text)
        let ann = try XCTUnwrap(first.json["conversation_id"]?.stringValue)
        XCTAssertEqual(try customer(host, "bob", "m-2", "Refund for my card, please — ünïcode ✓").status, 201)
        XCTAssertEqual(try customer(host, "ann", "m-3", "It has been a week").status, 201)
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(ann)/tags", json: ["tags": ["billing", "late"]]).status, 200)
        XCTAssertEqual(try host.request("PATCH", "/api/v1/conversations/\(ann)/fields", json: ["fields": ["order_id": "A-1", "vip": true]]).status, 200)
        let reply = try host.request("POST", "/api/v1/conversations/\(ann)/messages", json: ["text": "It ships **today**.", "format": "markdown"])
        XCTAssertEqual(reply.status, 202, reply.text)
        _ = try host.eventually("the reply in the pull queue") { () -> Bool? in
            try host.request("GET", "/hooks/api1/messages?after=0", key: "integrator-secret").json["messages"]?.arrayValue?.isEmpty == false ? true : nil
        }
        return try upload(host)
    }

    struct Snapshot {
        var annConversation = ""
        var filePath = ""
        var conversations: [JSON] = []
        var messages: [JSON] = []
        var messageCount: Int { messages.count }
        var events: [JSON] = []
        var search: [JSON] = []
        var stacks: JSON = .null
        var pulled: JSON = .null
        var agents: JSON = .null
    }

    /// What the API shows, without what changes between two reads (times of reading, the agents' presence).
    func snapshot(_ host: HostProcess) throws -> Snapshot {
        var s = Snapshot()
        let list = try host.request("GET", "/api/v1/conversations?limit=100")
        XCTAssertEqual(list.status, 200, list.text)
        let ids = (list.json["conversations"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }.sorted()
        XCTAssertEqual(ids.count, 3)
        for id in ids {
            let conversation = try host.request("GET", "/api/v1/conversations/\(id)").json
            s.conversations.append(["id": .string(id), "tags": conversation["tags"] ?? .null, "fields": conversation["fields"] ?? .null,
                                    "contact": conversation["contact"]?["display_name"] ?? .null, "status": conversation["status"] ?? .null])
            s.messages += try host.request("GET", "/api/v1/conversations/\(id)/messages").json["messages"]?.arrayValue ?? []
            if conversation["contact"]?["display_name"]?.stringValue == "Ann" { s.annConversation = id }
        }
        XCTAssertEqual(s.messages.filter { ($0["attachments"]?.arrayValue ?? []).count == 1 }.count, 2, "a linked file and an uploaded one")
        s.events = try host.request("GET", "/api/v1/events?after=0&limit=1000").json["events"]?.arrayValue ?? []
        // The same passages in the same order; scores are each store's ranking's own (bm25, ts_rank_cd).
        s.search = (try host.request("GET", "/api/v1/knowledge/search?q=tracking%20link%20parcel").json["passages"]?.arrayValue ?? []).map {
            ["article_id": $0["article_id"] ?? .null, "heading": $0["heading"] ?? .null, "text": $0["text"] ?? .null]
        }
        s.stacks = try host.request("GET", "/api/v1/stacks").json
        s.pulled = try host.request("GET", "/hooks/api1/messages?after=0", key: "integrator-secret").json
        s.agents = .array((try host.request("GET", "/api/v1/agents").json["agents"]?.arrayValue ?? []).map { agent in
            ["id": agent["id"] ?? .null, "email": agent["email"] ?? .null, "role": agent["role"] ?? .null]
        })
        return s
    }
}
