import Foundation
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// What several hosts share through the store, shown with two real host processes on one data
/// directory (one database both open: the SQLite file, or PostgreSQL) and with a restarted host.
final class SeveralHostsTests: XCTestCase {
    let password = "correct horse battery"

    func testTheSignInThrottleHoldsAcrossARestartAndAcrossHosts() throws {
        var host = try HostProcess(plugins: [])
        let data = host.dataDirectory, plugins = host.pluginsDirectory
        _ = try host.createAgent("kim@example.com", name: "Kim", password: password)
        for _ in 0..<10 {
            XCTAssertEqual(try host.browser("POST", "/api/v1/session", json: ["email": "kim@example.com", "password": "guess guess guess"]).status, 401)
        }
        XCTAssertEqual(try host.browser("POST", "/api/v1/session", json: ["email": "kim@example.com", "password": .string(password)]).status, 429)
        host.stop()
        // A restarted host still refuses, even the right password, and so does a second host beside it.
        host = try HostProcess(plugins: [], dataDirectory: data, pluginsDirectory: plugins)
        let second = try HostProcess(plugins: [], dataDirectory: data, pluginsDirectory: plugins)
        defer { second.stop(); host.stop() }
        for answering in [host, second] {
            let refused = try answering.browser("POST", "/api/v1/session", json: ["email": "KIM@example.com", "password": .string(password)])
            XCTAssertEqual(refused.status, 429, refused.text)
            XCTAssertNotNil(refused.header("Retry-After"))
        }
        // Failures on one host count on the other: another account, 10 failures spread over both.
        _ = try host.createAgent("lee@example.com", name: "Lee", password: password)
        for attempt in 0..<10 {
            let answering = attempt % 2 == 0 ? host : second
            XCTAssertEqual(try answering.browser("POST", "/api/v1/session", json: ["email": "lee@example.com", "password": "guess guess guess"]).status, 401)
        }
        XCTAssertEqual(try second.browser("POST", "/api/v1/session", json: ["email": "lee@example.com", "password": .string(password)]).status, 429)
    }

    func testOneHostHoldsTheSweepsAndAnotherTakesOverWhenItDies() throws {
        let ttlMs = 1500
        let first = try HostProcess(plugins: [], extraArguments: ["--lease-ttl-ms", "\(ttlMs)"])
        let second = try HostProcess(plugins: [], extraArguments: ["--lease-ttl-ms", "\(ttlMs)"],
                                     dataDirectory: first.dataDirectory, pluginsDirectory: first.pluginsDirectory)
        defer { second.stop(); first.stop() }
        let ids = try [first, second].map { try XCTUnwrap($0.request("GET", "/api/v1/health").json["host_id"]?.stringValue) }
        XCTAssertNotEqual(ids[0], ids[1], "each process is its own host")
        let database = try first.database(readOnly: true)
        func holder() throws -> (owner: String, token: Int64)? {
            try database.queryOne("SELECT owner, token FROM leases WHERE name = 'workflow.sweeps' AND expires_at > ?",
                                  [.integer(Clock.nowMillis())]) { ($0.text(0), $0.int(1)) }
        }
        // Over several renewal periods one host holds it throughout, and it stays the same host.
        let owner = try first.eventually("a sweeps lease") { try holder() }
        XCTAssertTrue(ids.contains(owner.owner))
        for _ in 0..<10 {
            usleep(useconds_t(ttlMs / 5) * 1000)
            let now = try XCTUnwrap(try holder(), "renewed before it expired")
            XCTAssertEqual(now.owner, owner.owner)
            XCTAssertEqual(now.token, owner.token)
        }
        // kill -9 the owner: the other takes over within the TTL and one pass (at most a second).
        let (dead, survivor) = owner.owner == ids[0] ? (first, ids[1]) : (second, ids[0])
        let killedAt = Date()
        dead.stop(hard: true)
        let taken = try first.eventually("the survivor's lease", timeout: 10) { try holder().flatMap { $0.owner == survivor ? $0 : nil } }
        let tookMs = Int(Date().timeIntervalSince(killedAt) * 1000)
        XCTAssertGreaterThan(taken.token, owner.token, "a new owner fences the old one's writes")
        XCTAssertLessThanOrEqual(tookMs, ttlMs + 1000 + 500, "taken over within TTL + one pass (+ polling slack)")
        print("sweeps lease taken over \(tookMs) ms after kill -9 (TTL \(ttlMs) ms)")
    }

    /// Exports go to the shared directory, not the data directory, and any host serves and erases them.
    func testExportsLiveInTheSharedDirectoryForEveryHost() throws {
        let shared = NSTemporaryDirectory() + "switchboard-shared-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: shared) }
        let writer = try HostProcess(extraArguments: ["--shared-files", shared])
        try writer.putCredential("api-key", "integrator-secret")
        try writer.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
        let reader = try HostProcess(extraArguments: ["--shared-files", shared],
                                     dataDirectory: writer.dataDirectory, pluginsDirectory: writer.pluginsDirectory)
        defer { reader.stop(); writer.stop() }
        let inbound = try writer.request("POST", "/hooks/api1/messages", json: ["external_id": "crm-7", "message_id": "m-1", "text": "hi", "name": "Ann"],
                                         key: "integrator-secret")
        XCTAssertEqual(inbound.status, 201, inbound.text)
        let conversation = try XCTUnwrap(inbound.json["conversation_id"]?.stringValue)
        let contact = try XCTUnwrap(writer.request("GET", "/api/v1/conversations/\(conversation)").json["contact_id"]?.stringValue)
        let requested = try writer.request("POST", "/api/v1/contacts/\(contact)/export")
        XCTAssertEqual(requested.status, 202, requested.text)
        let exportID = try XCTUnwrap(requested.json["id"]?.stringValue)
        let link = try reader.eventually("the export ready", timeout: 20) { () -> String? in
            let status = try reader.request("GET", "/api/v1/exports/\(exportID)").json
            return status["status"]?.stringValue == "ready" ? status["download_url"]?.stringValue : nil
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: shared + "/exports/\(exportID).zip"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: writer.dataDirectory + "/exports/\(exportID).zip"))
        for host in [writer, reader] {
            let archive = try HTTPClient.perform(HTTPClientRequest(url: host.baseURL + link))
            XCTAssertEqual(archive.status, 200)
            XCTAssertEqual(Array(archive.body.prefix(2)), [0x50, 0x4B], "a zip")
        }
        XCTAssertEqual(try reader.request("POST", "/api/v1/contacts/\(contact)/erase").status, 200)
        XCTAssertFalse(FileManager.default.fileExists(atPath: shared + "/exports/\(exportID).zip"), "erasure removes the archive")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: shared + "/exports"), [], "no temporary file left behind")
    }

    /// One subscription, two hosts taking messages: the host holding `webhook:<id>` sends every event
    /// once and in order; when it is killed, the other carries on from the cursor.
    func testASubscriptionIsSentByOneHostInOrderAndMovesWhenItDies() throws {
        let ttlMs = 1500
        let arguments = ["--lease-ttl-ms", "\(ttlMs)", "--webhook-retry-base-ms", "50", "--webhook-retry-max-ms", "300"]
        let first = try HostProcess(plugins: ["api"], extraArguments: arguments)
        try first.putCredential("api-key", "integrator-secret")
        try first.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
        let second = try HostProcess(extraArguments: arguments, dataDirectory: first.dataDirectory, pluginsDirectory: first.pluginsDirectory)
        let receiver = try WebhookReceiver()
        defer { receiver.stop(); second.stop(); first.stop() }
        let made = try first.request("POST", "/api/v1/webhooks", json: ["url": .string(receiver.url), "event_types": ["message.received"]])
        XCTAssertEqual(made.status, 201, made.text)
        receiver.secret.withLock { $0 = made.json["secret"]?.stringValue ?? "" }
        let subscription = try XCTUnwrap(made.json["id"]?.stringValue)
        func push(_ n: Int, to hosts: [HostProcess]) throws {
            let r = try hosts[n % hosts.count].request("POST", "/hooks/api1/messages", json: ["external_id": .string("c-\(n % 3)"),
                                                       "message_id": .string("m-\(n)"), "text": .string("hello \(n)")], key: "integrator-secret")
            XCTAssertEqual(r.status, 201, r.text)
        }
        func distinctDelivered() -> [Int64] {
            var seen = Set<Int64>()
            return receiver.delivered.map(\.eventID).filter { seen.insert($0).inserted }
        }
        for n in 0..<20 { try push(n, to: [first, second]) }
        _ = try first.eventually("20 events delivered", timeout: 20) { distinctDelivered().count == 20 ? true : nil }
        XCTAssertEqual(receiver.delivered.count, 20, "each once while nobody died")
        XCTAssertEqual(distinctDelivered(), distinctDelivered().sorted(), "in event order, whichever host took the message")

        let database = try first.database(readOnly: true)
        let owner = try XCTUnwrap(try database.queryOne("SELECT owner FROM leases WHERE name = ?", [.text("webhook:" + subscription)]) { $0.text(0) })
        let firstID = try XCTUnwrap(first.request("GET", "/api/v1/health").json["host_id"]?.stringValue)
        let (dead, survivor) = owner == firstID ? (first, second) : (second, first)
        dead.stop(hard: true)
        for n in 20..<30 { try push(n, to: [survivor]) }
        _ = try survivor.eventually("the other host carries on", timeout: 20) { distinctDelivered().count == 30 ? true : nil }
        let ids = distinctDelivered()
        XCTAssertEqual(ids, ids.sorted(), "still in order across the takeover")
        for hit in receiver.delivered { XCTAssertEqual(hit.deliveryID, "\(subscription)-\(hit.eventID)", "a resend keeps its delivery id") }
    }
}
