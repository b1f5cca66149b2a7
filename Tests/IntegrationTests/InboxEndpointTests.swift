import Foundation
import SwitchboardSupport
import SwitchboardTransport
import XCTest

/// GET /api/v1/inbox and /api/v1/inbox/summary through the real host, and /app served by it.
final class InboxEndpointTests: XCTestCase {
    var host: HostProcess!

    override func setUpWithError() throws {
        host = try HostProcess(plugins: ["api", "email"])
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
    }

    override func tearDown() { host?.stop() }

    @discardableResult
    func customer(_ external: String, _ text: String, name: String) throws -> String {
        let r = try host.request("POST", "/hooks/api1/messages", json: ["external_id": .string(external), "message_id": .string(UUID().uuidString),
                                                                        "text": .string(text), "name": .string(name)], key: "integrator-secret")
        XCTAssertEqual(r.status, 201, r.text)
        return try XCTUnwrap(r.json["conversation_id"]?.stringValue)
    }

    func testPagesFiltersAndSearchesWithWhatARowShows() throws {
        let dana = try customer("c-dana", "Where is parcel A-1001?", name: "Dana Scully")
        let fox = try customer("c-fox", "I want a refund", name: "Fox Mulder")
        for n in 0..<5 { try customer("c-\(n)", "question \(n)", name: "Customer \(n)") }
        let agent = try host.addAgent("ann")

        let first = try host.request("GET", "/api/v1/inbox?limit=3")
        XCTAssertEqual(first.status, 200, first.text)
        XCTAssertEqual(first.json["items"]?.arrayValue?.count, 3)
        let row = try XCTUnwrap(first.json["items"]?.arrayValue?.first)
        XCTAssertEqual(row["channel"]?["plugin_id"], "api")
        XCTAssertEqual(row["contact"]?["identity"]?["kind"], "api")
        XCTAssertEqual(row["last_message"]?["direction"], "inbound")
        XCTAssertNotNil(row["waiting_since"]?.stringValue)
        var seen = first.json["items"]!.arrayValue!.compactMap { $0["id"]?.stringValue }
        var cursor = first.json["next_before"]?.stringValue
        while let before = cursor {
            let next = try host.request("GET", "/api/v1/inbox?limit=3&before=\(before.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            seen += next.json["items"]!.arrayValue!.compactMap { $0["id"]?.stringValue }
            cursor = next.json["next_before"]?.stringValue
        }
        XCTAssertEqual(seen.count, 7)
        XCTAssertEqual(Set(seen).count, 7)

        let found = try host.request("GET", "/api/v1/inbox?q=a-1001")
        XCTAssertEqual(found.json["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue }, [dana])
        let some = try host.request("GET", "/api/v1/inbox?ids=\(fox),\(dana),cnv_unknown&status=active")
        XCTAssertEqual(Set(some.json["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []), [dana, fox])
        XCTAssertEqual(some.json["next_before"], .null)

        // "me" is the person behind the token; they see what they may see.
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(fox)/assign", json: ["agent_id": .string(agent.id)]).status, 200)
        let mine = try host.request("GET", "/api/v1/inbox?assignee=me", key: agent.key)
        XCTAssertEqual(mine.json["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue }, [fox])
        let unassigned = try host.request("GET", "/api/v1/inbox?assignee=none")
        XCTAssertFalse(unassigned.json["items"]?.arrayValue?.contains { $0["id"]?.stringValue == fox } ?? true)

        for bad in ["status=open", "limit=0", "before=nope", "assignee=me", "mentioned=you", "engagement=x"] {
            let r = try host.request("GET", "/api/v1/inbox?\(bad)")
            XCTAssertEqual(r.status, 400, "\(bad): \(r.text)")
        }
    }

    func testSummaryCountsChannelsAndTagsForPeopleOnly() throws {
        let id = try customer("c-1", "hello", name: "One")
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(id)/tags", json: ["tags": ["vip"]]).status, 200)
        let summary = try host.request("GET", "/api/v1/inbox/summary")
        XCTAssertEqual(summary.status, 200, summary.text)
        XCTAssertEqual(summary.json["counts"]?["unassigned"], 1)
        XCTAssertEqual(summary.json["tags"], ["vip"])
        let channel = try XCTUnwrap(summary.json["channels"]?.arrayValue?.first { $0["id"] == "api1" })
        XCTAssertEqual(channel["plugin_id"], "api")
        XCTAssertEqual(channel["side_conversations"], false)
        let integrator = try host.request("POST", "/api/v1/api-keys", json: ["name": "crm", "role": "integrator", "channel_instance_ids": ["api1"]])
        let key = try XCTUnwrap(integrator.json["key"]?.stringValue)
        XCTAssertEqual(try host.request("GET", "/api/v1/inbox/summary", key: key).status, 403)
        XCTAssertEqual(try host.request("GET", "/api/v1/inbox", key: key).json["items"]?.arrayValue?.count, 1)
    }

    /// The app is served by the binary itself, with its security headers.
    func testTheBinaryServesTheApp() throws {
        let page = try HTTPClient.perform(HTTPClientRequest(method: "GET", url: host.baseURL + "/app/c/anything", timeoutMs: 5000))
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.header("Content-Security-Policy")?.contains("script-src 'self'") ?? false)
        let html = page.text
        let range = try XCTUnwrap(html.range(of: #"/app/assets/[0-9a-f]+/js/main\.js"#, options: .regularExpression))
        let script = try HTTPClient.perform(HTTPClientRequest(method: "GET", url: host.baseURL + html[range], timeoutMs: 5000))
        XCTAssertEqual(script.status, 200)
        XCTAssertEqual(script.header("Content-Type"), "text/javascript; charset=utf-8")
        XCTAssertEqual(script.header("Cache-Control"), "public, max-age=31536000, immutable")
        let root = try HTTPClient.perform(HTTPClientRequest(method: "GET", url: host.baseURL + "/", timeoutMs: 5000))
        XCTAssertEqual(root.status, 302)
    }
}
