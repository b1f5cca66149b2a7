import Foundation
import SwitchboardSupport
import XCTest

/// Event webhooks through the real host: outages, dead letters and replays, restarts, and who
/// may subscribe to what. Events come from customer messages pushed into API channel instances.
final class WebhookTests: XCTestCase {
    var host: HostProcess!
    var receivers: [WebhookReceiver] = []

    override func tearDown() {
        host?.stop()
        receivers.forEach { $0.stop() }
    }

    /// Backoff in milliseconds, so retries happen within a test.
    static func fastRetries(maxAttempts: Int, extra: [String] = []) -> [String] {
        ["--webhook-retry-base-ms", "50", "--webhook-retry-max-ms", "300", "--webhook-max-attempts", String(maxAttempts)] + extra
    }

    func start(maxAttempts: Int, extra: [String] = []) throws {
        host = try HostProcess(plugins: ["api"], extraArguments: Self.fastRetries(maxAttempts: maxAttempts, extra: extra))
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
    }

    func receiver(_ answer: @escaping @Sendable (Int) -> Int = { _ in 200 }) throws -> WebhookReceiver {
        let r = try WebhookReceiver(answer: answer)
        receivers.append(r)
        return r
    }

    /// Subscribe `receiver` (admin key unless given); its secret is handed to the receiver at once.
    func subscribe(_ receiver: WebhookReceiver, _ types: [String], key: String? = nil) throws -> JSON {
        let r = try host.request("POST", "/api/v1/webhooks", json: ["url": .string(receiver.url), "event_types": .array(types.map(JSON.string)),
                                                                     "description": "test receiver"], key: key)
        XCTAssertEqual(r.status, 201, r.text)
        let secret = try XCTUnwrap(r.json["secret"]?.stringValue)
        XCTAssertTrue(secret.hasPrefix("whsec_"))
        receiver.secret.withLock { $0 = secret }
        return r.json
    }

    @discardableResult
    func push(_ messageID: String, customer: String = "c-1", instance: String = "api1", key: String = "integrator-secret") throws -> String {
        let r = try host.request("POST", "/hooks/\(instance)/messages", json: ["external_id": .string(customer), "message_id": .string(messageID),
                                                                               "text": .string("hello \(messageID)")], key: key)
        XCTAssertEqual(r.status, 201, r.text)
        return r.json["conversation_id"]?.stringValue ?? ""
    }

    /// Every event after `cursor` whose type one of the patterns (exact or "prefix.*") names.
    func events(after cursor: Int, matching patterns: [String]) throws -> [(id: Int64, type: String)] {
        let all = try host.request("GET", "/api/v1/events?after=\(cursor)&limit=1000").json["events"]?.arrayValue ?? []
        return all.compactMap { e in
            guard let id = e["id"]?.intValue, let type = e["type"]?.stringValue else { return nil }
            let wanted = patterns.contains { $0 == "*" || $0 == type || ($0.hasSuffix(".*") && type.hasPrefix(String($0.dropLast()))) }
            return wanted ? (Int64(id), type) : nil
        }
    }

    func subscriptionID(_ subscription: JSON) throws -> String { try XCTUnwrap(subscription["id"]?.stringValue) }

    // MARK: outage

    func testAnOutageDelaysEventsButNoneIsLostDuplicatedOrReordered() throws {
        try start(maxAttempts: 50)
        // Down for the first 5 requests and the first second after the first request.
        let firstRequest = Locked<Date?>(nil)
        let endpoint = try receiver { n in
            let first = firstRequest.withLock { f -> Date in
                if f == nil { f = Date() }
                return f!
            }
            return n <= 5 || Date().timeIntervalSince(first) < 1 ? 503 : 200
        }
        let types = ["conversation.*", "message.received"]
        let subscription = try subscribe(endpoint, types)
        let id = try subscriptionID(subscription)
        let cursor = try XCTUnwrap(subscription["cursor"]?.intValue)
        XCTAssertNil(subscription["retrying"]?.objectValue)

        // Events keep coming during the outage: three customers, new conversations and follow-ups.
        var conversation = ""
        for i in 0..<9 {
            conversation = try push("m-\(i)", customer: "c-\(i % 3)")
            usleep(100_000)
        }
        // A reply adds message.queued and message.sent: not subscribed, never sent.
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: ["text": "on it"]).status, 202)

        let expected = try host.eventually("every subscribed event to be delivered", timeout: 30) { () -> [(id: Int64, type: String)]? in
            let wanted = try events(after: cursor, matching: types)
            return endpoint.delivered.map(\.eventID) == wanted.map(\.id) ? wanted : nil
        }
        usleep(300_000)  // time for a duplicate to show up, if there were one
        let hits = endpoint.all
        let delivered = hits.filter(\.delivered)
        XCTAssertEqual(expected.count, 12, "3 conversation.created + 9 message.received")
        XCTAssertEqual(delivered.map(\.eventID), expected.map(\.id), "each event delivered once, in id order")
        XCTAssertEqual(delivered.map(\.type), expected.map(\.type))
        XCTAssertTrue(hits.allSatisfy(\.signed), "every request carries a valid signature")
        XCTAssertGreaterThanOrEqual(hits.filter { $0.status == 503 }.count, 5, "the outage was seen")
        // Head of line: no request ever carries an event before the earlier one was delivered.
        XCTAssertEqual(hits.map(\.eventID), hits.map(\.eventID).sorted())
        for hit in hits {
            XCTAssertEqual(hit.deliveryID, "\(id)-\(hit.eventID)", "one delivery id per event, the same on every retry")
            XCTAssertEqual(hit.body["id"]?.stringValue, hit.deliveryID)
            XCTAssertEqual(hit.eventHeader, hit.type)
        }
        let retried = Dictionary(grouping: hits, by: \.eventID).filter { $0.value.count > 1 }
        XCTAssertFalse(retried.isEmpty)
        for (_, attempts) in retried { XCTAssertEqual(Set(attempts.map(\.deliveryID)).count, 1) }
        XCTAssertTrue(delivered.allSatisfy { $0.body["event"]?["created_at"]?.stringValue?.hasSuffix("Z") ?? false })

        // The attempt log shows the 503s; the subscription never shows its secret again.
        let log = try host.request("GET", "/api/v1/webhooks/\(id)/deliveries").json["deliveries"]?.arrayValue ?? []
        XCTAssertEqual(log.count, hits.count)
        XCTAssertEqual(log.first?["status_code"]?.intValue, 200, "newest first")
        XCTAssertTrue(log.contains { $0["status_code"]?.intValue == 503 && ($0["error"]?.stringValue?.contains("503") ?? false) })
        let shown = try host.request("GET", "/api/v1/webhooks/\(id)")
        XCTAssertEqual(shown.status, 200)
        XCTAssertNil(shown.json["secret"])
        XCTAssertEqual(shown.json["dead_letters"]?.intValue, 0)
        XCTAssertNil(try host.request("GET", "/api/v1/webhooks").json["webhooks"]?.arrayValue?.first?["secret"])
        let metrics = try host.request("GET", "/api/v1/metrics").text
        XCTAssertTrue(metrics.contains("switchboard_webhook_deliveries_total{outcome=\"delivered\"} 12"), metrics)
        XCTAssertTrue(metrics.contains("switchboard_webhook_deliveries_total{outcome=\"failed\"}"), metrics)
    }

    // MARK: dead letters

    func testEventsOutOfAttemptsAreDeadLetteredThenReplayedInOrder() throws {
        try start(maxAttempts: 3)
        let broken = Locked(true)
        let endpoint = try receiver { _ in broken.withLock { $0 } ? 500 : 200 }
        let subscription = try subscribe(endpoint, ["message.received"])
        let id = try subscriptionID(subscription)
        for i in 1...3 { try push("m-\(i)") }

        let dead = try host.eventually("three dead letters", timeout: 20) { () -> [JSON]? in
            let list = try host.request("GET", "/api/v1/webhooks/\(id)/dead-letters").json["dead_letters"]?.arrayValue ?? []
            return list.count == 3 ? list : nil
        }
        let deadIDs = dead.compactMap { $0["event_id"]?.intValue }.map(Int64.init)
        XCTAssertEqual(deadIDs, deadIDs.sorted())
        for letter in dead {
            XCTAssertEqual(letter["attempts"]?.intValue, 3)
            XCTAssertEqual(letter["status_code"]?.intValue, 500)
            XCTAssertEqual(letter["replay_pending"]?.boolValue, false)
            XCTAssertEqual(letter["event"]?["type"]?.stringValue, "message.received")
            XCTAssertEqual(letter["delivery_id"]?.stringValue, "\(id)-\(letter["event_id"]?.intValue ?? 0)")
        }
        XCTAssertEqual(endpoint.all.count, 9, "three attempts per event, then the next one")
        XCTAssertEqual(endpoint.all.map(\.eventID), deadIDs.flatMap { [$0, $0, $0] })
        let shown = try host.request("GET", "/api/v1/webhooks/\(id)").json
        XCTAssertEqual(shown["dead_letters"]?.intValue, 3)
        XCTAssertEqual(shown["cursor"]?.intValue.map(Int64.init), deadIDs.last, "the cursor moved on")
        XCTAssertTrue(try host.request("GET", "/api/v1/metrics").text.contains("switchboard_webhook_dead_letters_total 3"))

        // The receiver is fixed: new events flow, and the dead letters wait for a replay.
        broken.withLock { $0 = false }
        try push("m-4")
        let fourth = try host.eventually("the next event") { endpoint.delivered.first }
        XCTAssertGreaterThan(fourth.eventID, deadIDs.last!)

        XCTAssertEqual(try host.request("POST", "/api/v1/webhooks/\(id)/dead-letters/\(fourth.eventID)/replay").status, 404)
        XCTAssertEqual(try host.request("POST", "/api/v1/webhooks/\(id)/dead-letters/soon/replay").json["field"]?.stringValue, "event_id")
        let one = try host.request("POST", "/api/v1/webhooks/\(id)/dead-letters/\(deadIDs[1])/replay")
        XCTAssertEqual(one.status, 202, one.text)
        _ = try host.eventually("the replayed dead letter") { endpoint.delivered.count == 2 ? true : nil }
        XCTAssertEqual(endpoint.delivered.last?.eventID, deadIDs[1])
        // The receiver has it a moment before the host records the answer (and drops the dead letter).
        _ = try host.eventually("the replayed dead letter gone from the list") { () -> Bool? in
            try host.request("GET", "/api/v1/webhooks/\(id)/dead-letters").json["dead_letters"]?.arrayValue?.count == 2 ? true : nil
        }

        let rest = try host.request("POST", "/api/v1/webhooks/\(id)/replay")
        XCTAssertEqual(rest.status, 202, rest.text)
        XCTAssertEqual(rest.json["dead_letters"]?.intValue, 2)
        _ = try host.eventually("the other dead letters") { endpoint.delivered.count == 4 ? true : nil }
        XCTAssertEqual(endpoint.delivered.suffix(2).map(\.eventID), [deadIDs[0], deadIDs[2]], "replayed in id order")
        // As above: the receiver has the last one a moment before the host drops its dead letter.
        _ = try host.eventually("every replayed dead letter gone from the list") { () -> Bool? in
            try host.request("GET", "/api/v1/webhooks/\(id)/dead-letters").json["dead_letters"]?.arrayValue?.count == 0 ? true : nil
        }
        for hit in endpoint.all { XCTAssertEqual(hit.deliveryID, "\(id)-\(hit.eventID)", "a replay keeps the delivery id") }

        // Replay through the API from the first event on: delivered ones go again, in order.
        let bad = try host.request("POST", "/api/v1/webhooks/\(id)/replay", json: ["from_event_id": "first"])
        XCTAssertEqual(bad.status, 400)
        XCTAssertEqual(bad.json["field"]?.stringValue, "from_event_id")
        let again = try host.request("POST", "/api/v1/webhooks/\(id)/replay", json: ["from_event_id": .number(Double(deadIDs[0]))])
        XCTAssertEqual(again.status, 202, again.text)
        _ = try host.eventually("the events from the first on, again") { endpoint.delivered.count == 8 ? true : nil }
        XCTAssertEqual(endpoint.delivered.suffix(4).map(\.eventID), deadIDs + [fourth.eventID])
        XCTAssertTrue(endpoint.all.allSatisfy(\.signed))
    }

    // MARK: independence, pause, restart

    func testASlowReceiverHoldsUpOnlyItsOwnSubscription() throws {
        try start(maxAttempts: 50, extra: ["--webhook-timeout-ms", "3000"])
        let slow = try receiver { _ in usleep(3_500_000); return 200 }
        let fast = try receiver()
        _ = try subscribe(slow, ["message.received"])
        _ = try subscribe(fast, ["message.received"])
        let started = Date()
        for i in 1...5 { try push("m-\(i)") }
        _ = try host.eventually("the healthy receiver to get all five", timeout: 10) { fast.delivered.count == 5 ? true : nil }
        XCTAssertLessThan(Date().timeIntervalSince(started), 2.5, "not held behind the slow receiver's 3 s timeouts")
        XCTAssertEqual(fast.delivered.map(\.eventID), fast.delivered.map(\.eventID).sorted())
        XCTAssertLessThanOrEqual(slow.all.count, 1, "one request at a time to the slow receiver")
    }

    func testProgressSurvivesARestartAndDisabledSubscriptionsPause() throws {
        try start(maxAttempts: 50)
        let broken = Locked(false)
        let endpoint = try receiver { _ in broken.withLock { $0 } ? 503 : 200 }
        let id = try subscriptionID(try subscribe(endpoint, ["message.received"]))
        try push("m-1")
        _ = try host.eventually("the first event") { endpoint.delivered.count == 1 ? true : nil }

        broken.withLock { $0 = true }
        try push("m-2")
        _ = try host.eventually("failed attempts at the second event") { endpoint.all.count >= 3 ? true : nil }
        let retrying = try host.request("GET", "/api/v1/webhooks/\(id)").json["retrying"]
        XCTAssertNotNil(retrying?["event_id"]?.intValue, "the waiting event is shown")
        host.stop()

        broken.withLock { $0 = false }
        let before = endpoint.all.count
        host = try HostProcess(extraArguments: Self.fastRetries(maxAttempts: 50), dataDirectory: host.dataDirectory,
                               pluginsDirectory: host.pluginsDirectory)
        _ = try host.eventually("the second event after the restart") { endpoint.delivered.count == 2 ? true : nil }
        XCTAssertEqual(endpoint.all.count, before + 1, "nothing delivered is sent again")

        let paused = try host.request("PATCH", "/api/v1/webhooks/\(id)", json: ["enabled": false])
        XCTAssertEqual(paused.status, 200, paused.text)
        XCTAssertEqual(paused.json["enabled"]?.boolValue, false)
        try push("m-3")
        usleep(500_000)
        XCTAssertEqual(endpoint.all.count, before + 1, "a disabled subscription sends nothing")
        XCTAssertEqual(try host.request("PATCH", "/api/v1/webhooks/\(id)", json: ["enabled": true]).status, 200)
        _ = try host.eventually("the event recorded while paused") { endpoint.delivered.count == 3 ? true : nil }

        let delivered = endpoint.delivered.map(\.eventID)
        XCTAssertEqual(delivered, delivered.sorted())
        XCTAssertEqual(Set(delivered).count, 3)
        XCTAssertTrue(endpoint.all.allSatisfy(\.signed))
    }

    // MARK: who may subscribe to what

    func createKey(_ role: String, instances: [String] = []) throws -> String {
        let r = try host.request("POST", "/api/v1/api-keys", json: ["name": .string("\(role) key"), "role": .string(role),
                                                                    "channel_instance_ids": .array(instances.map(JSON.string))])
        XCTAssertEqual(r.status, 201, r.text)
        return try XCTUnwrap(r.json["key"]?.stringValue)
    }

    func testIntegratorsGetOnlyTheirOwnInstancesEventsAndSubscriptions() throws {
        try start(maxAttempts: 5)
        try host.putCredential("api-key-2", "other-secret")
        try host.addChannel("api2", plugin: "api", config: ["api_key_credential": "api-key-2"])
        let crm = try createKey("integrator", instances: ["api1"])
        let shop = try createKey("integrator", instances: ["api2"])
        let agent = try host.addAgent("desk").key

        // Bad input names the field.
        func field(_ body: JSON, method: String = "POST", path: String = "/api/v1/webhooks", key: String? = nil) throws -> String? {
            let r = try host.request(method, path, json: body, key: key ?? crm)
            XCTAssertEqual(r.status, 400, r.text)
            return r.json["field"]?.stringValue
        }
        XCTAssertEqual(try field(["event_types": ["*"]]), "url")
        XCTAssertEqual(try field(["url": "ftp://example.com/x", "event_types": ["*"]]), "url")
        XCTAssertEqual(try field(["url": "example.com/hooks", "event_types": ["*"]]), "url")
        XCTAssertEqual(try field(["url": 5, "event_types": ["*"]]), "url")
        XCTAssertEqual(try field(["url": "https://example.com/h"]), "event_types")
        XCTAssertEqual(try field(["url": "https://example.com/h", "event_types": []]), "event_types")
        XCTAssertEqual(try field(["url": "https://example.com/h", "event_types": ["conversation*"]]), "event_types")
        XCTAssertEqual(try field(["url": "https://example.com/h", "event_types": "message.received"]), "event_types")
        XCTAssertEqual(try field(["url": "https://example.com/h", "event_types": [1]]), "event_types")
        XCTAssertEqual(try field(["url": "https://example.com/h", "event_types": ["*"], "description": .string(String(repeating: "x", count: 501))]),
                       "description")
        XCTAssertEqual(try host.request("POST", "/api/v1/webhooks", json: ["url": "https://example.com/h", "event_types": ["*"]], key: agent).status, 403)
        XCTAssertEqual(try host.request("GET", "/api/v1/webhooks", key: agent).status, 403)

        let mineEndpoint = try receiver(), adminEndpoint = try receiver()
        let mine = try subscriptionID(try subscribe(mineEndpoint, ["*"], key: crm))
        let all = try subscriptionID(try subscribe(adminEndpoint, ["*"]))
        let created = try host.request("GET", "/api/v1/webhooks/\(mine)", key: crm).json
        XCTAssertEqual(created["owner"]?["role"]?.stringValue, "integrator")
        XCTAssertEqual(created["owner"]?["channel_instance_ids"]?.arrayValue, ["api1"])

        let theirs = try push("s-1", customer: "x", instance: "api2", key: "other-secret")
        let ours = try push("c-1", customer: "y", instance: "api1")
        try push("s-2", customer: "x", instance: "api2", key: "other-secret")
        try push("c-2", customer: "y", instance: "api1")
        try push("s-3", customer: "x", instance: "api2", key: "other-secret")
        _ = try host.eventually("the admin's subscription to get all seven events") { adminEndpoint.delivered.count == 7 ? true : nil }
        _ = try host.eventually("the integrator's three") { mineEndpoint.delivered.count == 3 ? true : nil }
        usleep(300_000)
        XCTAssertEqual(mineEndpoint.all.count, 3)
        XCTAssertEqual(Set(mineEndpoint.delivered.compactMap(\.conversationID)), [ours])
        XCTAssertEqual(Set(adminEndpoint.delivered.compactMap(\.conversationID)), [ours, theirs])
        XCTAssertEqual(mineEndpoint.delivered.map(\.type), ["conversation.created", "message.received", "message.received"])

        // Each integrator sees only its own subscriptions; another's answers 404.
        XCTAssertEqual(try host.request("GET", "/api/v1/webhooks", key: crm).json["webhooks"]?.arrayValue?.compactMap { $0["id"]?.stringValue }, [mine])
        XCTAssertEqual(try host.request("GET", "/api/v1/webhooks", key: shop).json["webhooks"]?.arrayValue?.count, 0)
        XCTAssertEqual(try host.request("GET", "/api/v1/webhooks").json["webhooks"]?.arrayValue?.count, 2, "admins see all")
        for (method, path) in [("GET", ""), ("PATCH", ""), ("DELETE", ""), ("GET", "/deliveries"), ("GET", "/dead-letters"), ("POST", "/replay")] {
            let body: JSON? = method == "PATCH" ? ["enabled": false] : nil
            XCTAssertEqual(try host.request(method, "/api/v1/webhooks/\(mine)\(path)", json: body, key: shop).status, 404, "\(method) \(path)")
            XCTAssertEqual(try host.request(method, "/api/v1/webhooks/\(all)\(path)", json: body, key: crm).status, 404, "\(method) \(path)")
        }
        XCTAssertEqual(try host.request("GET", "/api/v1/webhooks/whk_unknown", key: crm).status, 404)

        // Changes are checked like creation.
        XCTAssertEqual(try field(["enabled": "yes"], method: "PATCH", path: "/api/v1/webhooks/\(mine)"), "enabled")
        XCTAssertEqual(try field(["url": "not a url"], method: "PATCH", path: "/api/v1/webhooks/\(mine)"), "url")
        XCTAssertEqual(try field(["event_types": ["message..sent"]], method: "PATCH", path: "/api/v1/webhooks/\(mine)"), "event_types")
        let changed = try host.request("PATCH", "/api/v1/webhooks/\(mine)", json: ["event_types": ["message.*"], "description": "replies"], key: crm)
        XCTAssertEqual(changed.status, 200, changed.text)
        XCTAssertEqual(changed.json["event_types"]?.arrayValue, ["message.*"])
        XCTAssertEqual(changed.json["description"]?.stringValue, "replies")
        XCTAssertNil(changed.json["secret"])
        XCTAssertEqual(try host.request("DELETE", "/api/v1/webhooks/\(mine)", key: crm).status, 204)
        XCTAssertEqual(try host.request("GET", "/api/v1/webhooks/\(mine)", key: crm).status, 404)
    }
}
