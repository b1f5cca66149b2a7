import Foundation
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Two real hosts on one PostgreSQL database (PostgreSQL only: skipped without
/// SWITCHBOARD_TEST_STORE; scripts/test runs it). The outbox is claimed by conversation lane, so
/// every reply goes out once and in order per conversation whichever host queued it, and a host
/// killed mid-delivery is replaced after the lease TTL with the same idempotency key; Agent Stack
/// turns hold a lease per conversation, so two hosts never run one conversation's turns at once.
final class LanesAcrossHostsTests: XCTestCase {
    let ttlMs = 1500

    override func setUpWithError() throws {
        try XCTSkipUnless(TestStore.isPostgres, "several hosts share a store on PostgreSQL: set SWITCHBOARD_TEST_STORE (scripts/postgres start)")
    }

    /// A first host configured by `setUp`, then a second on the same database and plugins.
    private func twoHosts(plugins: [String], arguments: [String], setUp: (HostProcess) throws -> Void) throws -> [HostProcess] {
        let first = try HostProcess(plugins: plugins, extraArguments: ["--lease-ttl-ms", "\(ttlMs)"] + arguments)
        try setUp(first)
        let second = try HostProcess(extraArguments: ["--lease-ttl-ms", "\(ttlMs)"] + arguments,
                                     dataDirectory: first.dataDirectory, pluginsDirectory: first.pluginsDirectory)
        return [first, second]
    }

    private func database(of host: HostProcess) throws -> StoreConnection {
        try StoreConnection(postgres: try TestStore.database(for: host.dataDirectory, on: try XCTUnwrap(TestStore.server)))
    }

    private func hostID(_ host: HostProcess) throws -> String {
        try XCTUnwrap(host.request("GET", "/api/v1/health").json["host_id"]?.stringValue)
    }

    /// This host's count of replies it sent (its own metrics).
    private func sentBy(_ host: HostProcess) throws -> Int {
        let text = try host.request("GET", "/api/v1/metrics").text
        let line = text.split(separator: "\n").first { $0.hasPrefix("switchboard_deliveries_total{outcome=\"sent\"} ") }
        return line.flatMap { Int(Double($0.split(separator: " ").last ?? "") ?? 0) } ?? 0
    }

    func testEveryReplyIsSentOnceAndInOrderPerConversationAcrossTwoHosts() throws {
        let gateway = try SMSGateway(delayMs: 2)
        let hosts = try twoHosts(plugins: ["relay"], arguments: []) { try $0.addRelay(gatewayURL: gateway.url) }
        defer { hosts.forEach { $0.stop() }; gateway.stop() }
        let customers = 30, repliesEach = 5, total = customers * repliesEach
        var conversations: [(phone: String, id: String)] = []
        for c in 0..<customers {
            let phone = "+1555200\(String(format: "%04d", c))"
            conversations.append((phone, try hosts[c % 2].smsIn("in-\(c)", from: phone, text: "hello")))
        }
        // Replies are queued on both hosts while both are sending.
        for n in 0..<repliesEach {
            for (c, conversation) in conversations.enumerated() {
                let r = try hosts[(c + n) % 2].request("POST", "/api/v1/conversations/\(conversation.id)/messages", json: ["text": .string("reply \(n)")])
                XCTAssertEqual(r.status, 202, r.text)
            }
        }
        _ = try hosts[0].eventually("every reply sent", timeout: 60) { try hosts[0].outbox("sent").count == total ? true : nil }
        let submissions = gateway.submissions.withLock { $0 }
        XCTAssertEqual(submissions.count, total, "nothing sent twice while no host died")
        XCTAssertEqual(Set(submissions.map(\.key)).count, total)
        for (phone, _) in conversations {
            XCTAssertEqual(gateway.deliveredBodies(to: phone), (0..<repliesEach).map { "reply \($0)" }, "in order for \(phone)")
        }
        let sent = try hosts.map(sentBy)
        XCTAssertEqual(sent.reduce(0, +), total)
        XCTAssertTrue(sent.allSatisfy { $0 > 0 }, "both hosts sent: \(sent)")
        print("replies sent per host: \(sent)")
    }

    func testAHostKilledMidDeliveryIsReplacedAfterTheTTLWithTheSameKey() throws {
        // The first submission stalls (its host is killed meanwhile) and then fails; later ones go through.
        let release = Locked(false)
        let gateway = try SMSGateway { _, seen in
            guard seen == 0 else { return nil }
            let deadline = Date().addingTimeInterval(20)
            while !release.withLock({ $0 }) && Date() < deadline { usleep(10_000) }
            return .error(503, "unavailable", "stalled")
        }
        let hosts = try twoHosts(plugins: ["relay"], arguments: ["--deliver-timeout-ms", "30000"]) { try $0.addRelay(gatewayURL: gateway.url) }
        defer { release.withLock { $0 = true }; hosts.forEach { $0.stop() }; gateway.stop() }
        let phone = "+15552990000"
        let id = try hosts[0].smsIn("in-1", from: phone, text: "hello")
        for text in ["first reply", "second reply"] {
            XCTAssertEqual(try hosts[0].request("POST", "/api/v1/conversations/\(id)/messages", json: ["text": .string(text)]).status, 202)
        }
        _ = try hosts[0].eventually("the first reply at the gateway") { gateway.submissions.withLock { $0.count } == 1 ? true : nil }
        let database = try database(of: hosts[0])
        let holder = try XCTUnwrap(try database.queryOne("SELECT lease_owner, lease_token FROM outbox_lanes WHERE conversation_id = ?", [.text(id)]) {
            ($0.text(0), $0.int(1))
        })
        let ids = try hosts.map(hostID)
        let dead = try XCTUnwrap(ids.firstIndex(of: holder.0), "the lane's holder is one of the hosts")
        let killedAt = Date()
        hosts[dead].stop(hard: true)
        _ = try hosts[1 - dead].eventually("the other host delivers both", timeout: 20) {
            gateway.delivered.withLock { $0.count } == 2 ? true : nil
        }
        let tookMs = Int(Date().timeIntervalSince(killedAt) * 1000)
        let submissions = gateway.submissions.withLock { $0 }
        XCTAssertEqual(submissions.map(\.body), ["first reply", "first reply", "second reply"])
        XCTAssertEqual(submissions[1].key, submissions[0].key, "the dead host's delivery is retried with its idempotency key")
        XCTAssertEqual(gateway.deliveredBodies(to: phone), ["first reply", "second reply"], "once each, in order")
        let token = try XCTUnwrap(try database.queryOne("SELECT lease_token FROM outbox_lanes WHERE conversation_id = ?", [.text(id)]) { $0.int(0) })
        XCTAssertGreaterThan(token, holder.1, "taken over with a higher token")
        XCTAssertLessThanOrEqual(tookMs, ttlMs + 2_000, "taken over within the TTL and a dispatcher pass (+ slack)")
        XCTAssertGreaterThanOrEqual(tookMs, ttlMs / 3, "not before the lease could have lapsed")
        print("outbox lane taken over \(tookMs) ms after kill -9 (TTL \(ttlMs) ms)")
    }

    func testTurnsOfOneConversationNeverOverlapAcrossHostsAndRepliesKeepArrivalOrder() throws {
        let turns = Locked<[(start: Date, end: Date)]>([])
        let llm = try FakeChatCompletions { request in
            let start = Date()
            usleep(150_000)   // a slow engine: turns would overlap if two hosts ran them at once
            let sinceReply = request.messages.split { $0["role"] == "assistant" }.last ?? []
            let asked = sinceReply.filter { $0["role"] == "user" }.compactMap { $0["content"]?.stringValue }
            turns.withLock { $0.append((start, Date())) }
            return .content("answered: " + asked.joined(separator: " + "))
        }
        defer { llm.stop() }
        let hosts = try stackHosts(llm)
        defer { hosts.forEach { $0.stop() } }
        let id = try Self.say(hosts[0].baseURL, "where is my parcel")
        // Pairs of messages at once, one to each host, while turns run.
        let questions = ["has my order shipped", "track my delivery", "where is my order", "when will my parcel arrive",
                         "tracking link for my order", "my package has not arrived"]
        for pair in stride(from: 0, to: questions.count, by: 2) {
            let group = DispatchGroup()
            let failures = Locked<[String]>([])
            for (offset, baseURL) in hosts.map(\.baseURL).enumerated() {
                DispatchQueue.global().async(group: group) {
                    do { _ = try Self.say(baseURL, questions[pair + offset]) } catch { failures.withLock { $0.append("\(error)") } }
                }
            }
            XCTAssertEqual(group.wait(timeout: .now() + 15), .success)
            XCTAssertEqual(failures.withLock { $0 }, [])
            usleep(300_000)   // the next pair lands while (or just after) the turns for this one run
        }
        let asked = 1 + questions.count
        let messages = try hosts[1].eventually("every question answered", timeout: 30) { () -> [JSON]? in
            let all = try hosts[1].request("GET", "/api/v1/conversations/\(id)").json["messages"]?.arrayValue ?? []
            let answered = all.filter { $0["author_kind"] == "stack" && $0["direction"] == "outbound" }
                .flatMap { Self.answered($0["text"]?.stringValue ?? "") }
            return answered.count >= asked ? all : nil
        }
        Thread.sleep(forTimeInterval: 0.5)   // a late overlapping turn would have finished by now
        let intervals = turns.withLock { $0 }.sorted { $0.start < $1.start }
        XCTAssertGreaterThanOrEqual(intervals.count, 3, "the hosts contended for several turns")
        for (earlier, later) in zip(intervals, intervals.dropFirst()) {
            XCTAssertLessThanOrEqual(earlier.end, later.start, "two turns of one conversation overlapped")
        }
        // Arrival order is the order the messages were stored in; the replies answer them in that order, each once.
        let customerTexts = messages.filter { $0["direction"] == "inbound" }.compactMap { $0["text"]?.stringValue }
        let final = try hosts[0].request("GET", "/api/v1/conversations/\(id)").json["messages"]?.arrayValue ?? []
        let answered = final.filter { $0["author_kind"] == "stack" && $0["direction"] == "outbound" }.flatMap { Self.answered($0["text"]?.stringValue ?? "") }
        XCTAssertEqual(customerTexts.count, asked)
        XCTAssertEqual(answered, customerTexts, "every message answered once, in arrival order")
        print("\(intervals.count) turns for \(asked) messages across two hosts, none overlapping")
    }

    func testATurnWhoseHostDiedIsTakenOverAfterTheTTL() throws {
        // The first engine call stalls: its host is killed mid-turn. Later calls answer at once.
        let release = Locked(false), calls = Locked(0)
        let llm = try FakeChatCompletions { request in
            let deadline = Date().addingTimeInterval(15)
            if calls.withLock({ n in defer { n += 1 }; return n == 0 }) {
                while !release.withLock({ $0 }) && Date() < deadline { usleep(10_000) }
            }
            return .content("answered: " + request.lastUserText)
        }
        defer { release.withLock { $0 = true }; llm.stop() }
        let hosts = try stackHosts(llm)
        defer { hosts.forEach { $0.stop() } }
        let id = try Self.say(hosts[0].baseURL, "where is my parcel")
        _ = try hosts[0].eventually("the turn at the engine") { llm.requests.withLock { $0.count } == 1 ? true : nil }
        let database = try database(of: hosts[0])
        func holder() throws -> (owner: String, token: Int64)? {
            try database.queryOne("SELECT owner, token FROM leases WHERE name = ? AND expires_at > ?",
                                  [.text("turn:" + id), .integer(Clock.nowMillis())]) { ($0.text(0), $0.int(1)) }
        }
        let dead = try XCTUnwrap(try holder())
        XCTAssertEqual(dead.owner, try hostID(hosts[0]), "the host that took the message runs its turn")
        let killedAt = Date()
        hosts[0].stop(hard: true)
        let replies = try hosts[1].eventually("the other host's turn", timeout: 20) { () -> [String]? in
            let all = try hosts[1].request("GET", "/api/v1/conversations/\(id)").json["messages"]?.arrayValue ?? []
            let stack = all.filter { $0["author_kind"] == "stack" && $0["direction"] == "outbound" }.compactMap { $0["text"]?.stringValue }
            return stack.isEmpty ? nil : stack
        }
        let tookMs = Int(Date().timeIntervalSince(killedAt) * 1000)
        XCTAssertEqual(replies.count, 1)
        XCTAssertTrue(replies[0].hasSuffix("answered: where is my parcel"), replies[0])
        let taken = try XCTUnwrap(try database.queryOne("SELECT owner, token FROM leases WHERE name = ?", [.text("turn:" + id)]) { ($0.text(0), $0.int(1)) })
        XCTAssertEqual(taken.0, try hostID(hosts[1]))
        XCTAssertGreaterThan(taken.1, dead.token)
        // The lease lapses within a TTL; the survivor's sweep runs every TTL.
        XCTAssertLessThanOrEqual(tookMs, 2 * ttlMs + 2_000, "replaced within the TTL and one sweep (+ slack)")
        print("Agent Stack turn taken over \(tookMs) ms after kill -9 (TTL \(ttlMs) ms)")
    }

    /// Two hosts with the API channel and an LLM stack "support" on `llm`, its handover team, an empty collection.
    private func stackHosts(_ llm: FakeChatCompletions) throws -> [HostProcess] {
        try twoHosts(plugins: ["api"], arguments: []) { host in
            try host.putCredential("api-key", "integrator-secret")
            try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
            try host.putCredential("llm-key", llm.key)
            let team = try host.addTeam("Tier 1")
            // An empty collection: knowledge retrieval has no PostgreSQL port yet (FTS5 MATCH), and these turns need no passages.
            let collection = try host.request("POST", "/api/v1/knowledge/collections", json: ["id": "help", "name": "Help"])
            XCTAssertEqual(collection.status, 201, collection.text)
            let stack = StackTests.stack(extra: ["handover_team": .string(team), "handover": ["min_confidence": 0], "engine": [
                "kind": "openai", "base_url": .string(llm.baseURL), "model": .string(llm.model), "api_key_credential": "llm-key", "timeout_ms": 5000]])
            let made = try host.request("PUT", "/api/v1/stacks/support", json: stack)
            XCTAssertTrue(made.status == 201 || made.status == 200, made.text)
        }
    }

    /// A customer message for conversation "c1" handled by the stack (plain requests, not HostProcess's
    /// helper, so that two threads can send at once); returns the conversation id.
    @Sendable private static func say(_ baseURL: String, _ text: String) throws -> String {
        let body = JSON.object(["external_id": "c1", "message_id": .string(UUID().uuidString), "text": .string(text), "agent_stack": "support"])
        let r = try HTTPClient.perform(HTTPClientRequest(method: "POST", url: baseURL + "/hooks/api1/messages",
                                                         headers: [("Authorization", "Bearer integrator-secret"), ("Content-Type", "application/json")],
                                                         body: Array(body.serialized.utf8), timeoutMs: 10_000))
        guard r.status == 201, let id = (try? JSON.parse(r.body))?["conversation_id"]?.stringValue else { throw HostError("message: \(r.status) \(r.text)") }
        return id
    }

    /// The customer messages a reply of the fake engine answered.
    private static func answered(_ reply: String) -> [String] {
        guard let range = reply.range(of: "answered: ") else { return [] }
        return reply[range.upperBound...].components(separatedBy: " + ")
    }
}
