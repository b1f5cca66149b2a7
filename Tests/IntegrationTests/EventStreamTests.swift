import Foundation
import SwitchboardSupport
import XCTest

/// `GET /api/v1/stream` through the real host: live events, resume after a drop, visibility, refusals, shutdown.
final class EventStreamTests: XCTestCase {
    var host: HostProcess!

    override func tearDown() { host?.stop() }

    func start(_ extraArguments: [String] = [], channels: [String] = ["api1"]) throws {
        host = try HostProcess(plugins: ["api"], extraArguments: extraArguments)
        try host.putCredential("api-key", "integrator-secret")
        for channel in channels { try host.addChannel(channel, plugin: "api", config: ["api_key_credential": "api-key"]) }
    }

    /// A customer message through the API channel: writes conversation.created (first time) and message.received.
    @discardableResult
    func push(_ messageID: String, from customer: String, on channel: String = "api1") throws -> String {
        let r = try host.request("POST", "/hooks/\(channel)/messages", json: ["external_id": .string(customer), "message_id": .string(messageID),
                                                                              "text": "hello"], key: "integrator-secret")
        guard r.status == 201, let id = r.json["conversation_id"]?.stringValue else { throw HostError("push \(messageID): \(r.status) \(r.text)") }
        return id
    }

    func stream(_ query: String = "", key: String? = nil, headers: [(String, String)] = []) throws -> SSEClient {
        try SSEClient(port: host.port, path: "/api/v1/stream" + query,
                      headers: [("Authorization", "Bearer \(key ?? host.adminKey)")] + headers)
    }

    /// The feed as an admin sees it: every event after `after`.
    func feed(after: Int64, key: String? = nil, types: String? = nil) throws -> [JSON] {
        let r = try host.request("GET", "/api/v1/events?after=\(after)&limit=1000" + (types.map { "&types=\($0)" } ?? ""), key: key)
        guard r.status == 200 else { throw HostError("events: \(r.status) \(r.text)") }
        return r.json["events"]?.arrayValue ?? []
    }

    func ids(_ events: [JSON]) -> [Int64] { events.compactMap { $0["id"]?.intValue.map(Int64.init) } }

    func testAClientThatDropsAndReconnectsGetsEveryMissedEventOnceInOrderThenLiveOnes() throws {
        try start()
        // History before the client connects: a stream without a resume point starts from now.
        try push("m0", from: "old-customer")
        let history = try XCTUnwrap(ids(try feed(after: 0)).last)

        let first = try stream()
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(first.header("Content-Type"), "text/event-stream; charset=utf-8")
        XCTAssertEqual(first.header("Cache-Control"), "no-cache")
        try first.pump(until: Date().addingTimeInterval(5)) { first.retry != nil }
        XCTAssertEqual(first.retry, 2000)
        XCTAssertEqual(first.lastEventID, "\(history)", "the stream names its starting point before any event")

        let conversation = try push("m1", from: "ann")
        let live = try first.next(2)
        XCTAssertEqual(live.map(\.event), ["conversation.created", "message.received"])
        XCTAssertEqual(live.map(\.eventID), ids(try feed(after: history)))
        let received = live[1].json
        XCTAssertEqual(received["id"]?.intValue.map(Int64.init), live[1].eventID)
        XCTAssertEqual(received["type"]?.stringValue, "message.received")
        XCTAssertEqual(received["conversation_id"]?.stringValue, conversation)
        XCTAssertEqual(received["actor"]?.stringValue, "customer")
        XCTAssertEqual(received["data"]?["channel_instance_id"]?.stringValue, "api1")
        XCTAssertNotNil(received["created_at"]?.stringValue)
        XCTAssertFalse(live[1].data.contains("\n"), "data is one line")

        // The client drops; events happen while it is away.
        let lastSeen = live[1].eventID
        first.close()
        try push("m2", from: "ann")
        try push("m3", from: "bob")
        let missed = ids(try feed(after: lastSeen))
        XCTAssertEqual(missed.count, 3, "m2 received; bob's conversation created and message received")

        // It reconnects with Last-Event-ID: exactly the missed events, once each, in order, then a live one.
        let again = try stream(headers: [("Last-Event-ID", "\(lastSeen)")])
        XCTAssertEqual(again.status, 200)
        XCTAssertEqual(try again.next(missed.count).map(\.eventID), missed)
        try push("m4", from: "bob")
        let liveOne = try again.next(1)
        XCTAssertEqual(liveOne.map(\.eventID), ids(try feed(after: missed.last!)))
        XCTAssertEqual(liveOne.first?.event, "message.received")
        XCTAssertEqual(try again.drain(for: 0.5).map(\.eventID), [], "nothing is sent twice")
        XCTAssertEqual(live.map(\.eventID) + missed + liveOne.map(\.eventID), ids(try feed(after: history)))

        // Clients that cannot set headers resume with ?last_event_id=; the header wins when both are sent
        // (EventSource keeps its URL and sends the newest id as the header).
        let byQuery = try stream("?last_event_id=\(lastSeen)")
        XCTAssertEqual(try byQuery.next(missed.count + 1).map(\.eventID), missed + liveOne.map(\.eventID))
        let both = try stream("?last_event_id=0", headers: [("Last-Event-ID", "\(missed.last!)")])
        XCTAssertEqual(try both.next(1).map(\.eventID), liveOne.map(\.eventID))

        // last_event_id=0 replays from the first event; types filters by name or prefix.
        let created = try stream("?last_event_id=0&types=conversation.*")
        let expected = ids(try feed(after: 0, types: "conversation.*"))
        XCTAssertEqual(expected.count, 3)
        XCTAssertEqual(try created.next(expected.count).map(\.eventID), expected)
        XCTAssertEqual(try created.drain(for: 0.3).count, 0)
    }

    func testAnIntegratorSeesOnlyItsOwnInstancesEvents() throws {
        try start(channels: ["api1", "api2"])
        let made = try host.request("POST", "/api/v1/api-keys", json: ["name": "crm", "role": "integrator", "channel_instance_ids": ["api1"]])
        XCTAssertEqual(made.status, 201, made.text)
        let integratorKey = try XCTUnwrap(made.json["key"]?.stringValue)

        let integrator = try stream("?last_event_id=0", key: integratorKey)
        XCTAssertEqual(integrator.status, 200)
        // api2's events come first: were they visible, they would arrive before api1's.
        let other = try push("x1", from: "zoe", on: "api2")
        let own = try push("y1", from: "ann", on: "api1")
        let messages = try integrator.next(2)
        XCTAssertEqual(messages.map { $0.json["conversation_id"]?.stringValue }, [own, own])
        XCTAssertEqual(try integrator.drain(for: 0.5).count, 0)

        let all = try feed(after: 0)
        XCTAssertEqual(all.count, 4)
        let ownIDs = ids(all.filter { $0["conversation_id"]?.stringValue == own })
        XCTAssertEqual(messages.map(\.eventID), ownIDs)
        XCTAssertTrue(all.contains { $0["conversation_id"]?.stringValue == other })

        // The polling feed is open to every key and filtered the same way; its cursor passes invisible events.
        let polled = try host.request("GET", "/api/v1/events?after=0", key: integratorKey)
        XCTAssertEqual(polled.status, 200, polled.text)
        XCTAssertEqual(ids(polled.json["events"]?.arrayValue ?? []), ownIDs)
        XCTAssertEqual(polled.json["next_after"]?.intValue.map(Int64.init), ids(all).last)
        // An agent in no team, with no conversations, sees nothing.
        let agentKey = try host.addAgent("desk").key
        XCTAssertEqual(try feed(after: 0, key: agentKey).count, 0)
    }

    func testBadRequestsAreRefusedAndOpenStreamsAreBounded() throws {
        try start(["--max-streams", "2", "--stream-heartbeat-ms", "300"])
        let anonymous = try host.request("GET", "/api/v1/stream", key: "")
        XCTAssertEqual(anonymous.status, 401, anonymous.text)

        let badHeader = try stream(headers: [("Last-Event-ID", "abc")])
        XCTAssertEqual(badHeader.status, 400)
        XCTAssertEqual(badHeader.errorBody["field"]?.stringValue, "Last-Event-ID", "\(badHeader.errorBody)")
        let badQuery = try host.request("GET", "/api/v1/stream?last_event_id=-1")
        XCTAssertEqual(badQuery.status, 400)
        XCTAssertEqual(badQuery.json["field"]?.stringValue, "last_event_id", badQuery.text)
        let badTypes = try host.request("GET", "/api/v1/stream?types=not%20a%20type")
        XCTAssertEqual(badTypes.status, 400)
        XCTAssertEqual(badTypes.json["field"]?.stringValue, "types", badTypes.text)

        // Two may be open; the third is refused until one goes away.
        let one = try stream()
        let two = try stream()
        XCTAssertEqual([one.status, two.status], [200, 200])
        let third = try stream()
        XCTAssertEqual(third.status, 503)
        XCTAssertEqual(third.header("Retry-After"), "5")
        XCTAssertEqual(third.errorBody["error"]?.stringValue, "unavailable")

        // An idle stream gets heartbeats; the one whose client left is noticed at its next write.
        try one.pump(until: Date().addingTimeInterval(3)) { one.comments.contains("keep-alive") }
        XCTAssertTrue(one.comments.contains("keep-alive"), "heartbeat comment")
        two.close()
        let replacement = try host.eventually("a stream slot to free up") { () -> SSEClient? in
            let client = try stream()
            return client.status == 200 ? client : nil
        }
        XCTAssertEqual(replacement.status, 200)
    }

    func testShutdownWithOpenStreamsIsPrompt() throws {
        try start()
        let clients = try (0..<3).map { _ in try stream() }
        for client in clients {
            XCTAssertEqual(client.status, 200)
            try client.pump(until: Date().addingTimeInterval(5)) { client.retry != nil }
        }
        let began = Date()
        host.stop()
        let took = Date().timeIntervalSince(began)
        XCTAssertFalse(host.process.isRunning)
        XCTAssertEqual(host.process.terminationReason, .exit, "ended by SIGTERM handling, not killed")
        XCTAssertEqual(host.process.terminationStatus, 0)
        XCTAssertLessThan(took, 5, "shutdown waited on open streams")
        for client in clients { XCTAssertTrue(try client.waitForEnd(timeout: 2), "the stream ended") }
    }
}
