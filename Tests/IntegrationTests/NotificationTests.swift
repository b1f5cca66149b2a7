import Foundation
import SwitchboardSupport
import XCTest

/// Notification rules, the notification centre and Web Push, through the REST API of the real host
/// and a loopback push service that decrypts with http_ece and verifies VAPID with py_vapid.
final class NotificationTests: XCTestCase {
    var host: HostProcess!

    override func setUpWithError() throws {
        host = try HostProcess(plugins: ["api"], extraArguments: ["--push-retry-base-ms", "50", "--vapid-subject", "mailto:ops@example.com"])
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("web", plugin: "api", config: ["api_key_credential": "api-key"])
    }

    override func tearDown() { host?.stop() }

    func customerWrites(_ externalID: String, _ text: String = "I need help") throws -> String {
        let r = try host.request("POST", "/hooks/web/messages", json: ["external_id": .string(externalID), "message_id": .string(UUID().uuidString),
                                                                       "text": .string(text)], key: "integrator-secret")
        guard r.status == 201 || r.status == 200, let id = r.json["conversation_id"]?.stringValue else { throw HostError("\(r.status) \(r.text)") }
        return id
    }

    func notifications(_ key: String, after: Int64? = nil) throws -> (items: [JSON], unread: Int) {
        let r = try host.request("GET", "/api/v1/notifications" + (after.map { "?after=\($0)" } ?? ""), key: key)
        XCTAssertEqual(r.status, 200, r.text)
        return (r.json["notifications"]?.arrayValue ?? [], r.json["unread"]?.intValue ?? -1)
    }

    /// Wait for the agent's centre to hold a notification of `kind` (about `conversation`, when given).
    func awaitNotification(_ key: String, kind: String, conversation: String? = nil) throws -> JSON {
        try host.eventually("a \(kind) notification") {
            try notifications(key).items.first { $0["kind"]?.stringValue == kind && (conversation == nil || $0["conversation_id"]?.stringValue == conversation) }
        }
    }

    func putRules(_ body: JSON, key: String? = nil) throws -> (status: Int, json: JSON, text: String) {
        try host.request("PUT", "/api/v1/notification-rules", json: body, key: key)
    }

    func mention(_ agentID: String, in conversation: String, by key: String? = nil) throws {
        let r = try host.request("POST", "/api/v1/conversations/\(conversation)/comments",
                                 json: ["text": "please look", "mentions": [.string(agentID)]], key: key)
        XCTAssertEqual(r.status, 201, r.text)
    }

    func testRulesDecideWhoIsNotifiedOfWhatAndTheCentreReadsAndCatchesUp() throws {
        let support = try host.addTeam("Support", isDefault: true)
        let ann = try host.addAgent("ann", capacity: 1, teams: [support])
        let bob = try host.addAgent("bob", availability: "offline", teams: [support])

        // Bad rules are refused, naming the field; nothing is stored.
        let unknownEvent = try putRules(["scope": "workspace", "rules": [["event": "coffee.ready", "via": ["app"]]]])
        XCTAssertEqual(unknownEvent.status, 400, unknownEvent.text)
        XCTAssertEqual(unknownEvent.json["field"]?.stringValue, "rules[0].event")
        let badChannel = try putRules(["scope": "workspace", "rules": [["event": "assigned", "via": ["pigeon"]]]])
        XCTAssertEqual(badChannel.json["field"]?.stringValue, "rules[0].via[0]")
        let unknownTeam = try putRules(["scope": "team", "team_id": "team_nope", "rules": []])
        XCTAssertEqual(unknownTeam.status, 400, unknownTeam.text)
        XCTAssertEqual(unknownTeam.json["field"]?.stringValue, "team_id")
        let unknownAgent = try putRules(["scope": "agent", "agent_id": "agent_nope", "rules": []])
        XCTAssertEqual(unknownAgent.json["field"]?.stringValue, "agent_id")
        XCTAssertEqual(try putRules(["scope": "workspace", "rules": []], key: ann.key).status, 403, "the workspace's rules are an admin's")
        XCTAssertEqual(try putRules(["scope": "agent", "agent_id": .string(bob.id), "rules": []], key: ann.key).status, 403)

        // Workspace: queued conversations notify in the app; the team turns customer answers off; ann turns mentions off.
        XCTAssertEqual(try putRules(["scope": "workspace", "rules": [["event": "queued", "via": ["app"]], ["event": "customer_replied", "via": ["app"]]]]).status, 200)
        XCTAssertEqual(try putRules(["scope": "team", "team_id": .string(support), "rules": [["event": "customer_replied", "via": []]]]).status, 200)
        let own = try putRules(["rules": [["event": "mentioned", "via": []]]], key: ann.key)
        XCTAssertEqual(own.status, 200, own.text)
        let effective = own.json["effective"]?.arrayValue ?? []
        XCTAssertEqual(effective.first { $0["event"] == "mentioned" }?["via"], .array([]), "her own rule")
        XCTAssertEqual(effective.first { $0["event"] == "customer_replied" }?["via"], .array([]), "her team's rule")
        XCTAssertEqual(effective.first { $0["event"] == "assigned" }?["via"], ["app"], "the default")

        // A conversation assigned to ann (bob is offline): she hears of it, bob does not.
        let first = try customerWrites("c1")
        let assigned = try awaitNotification(ann.key, kind: "assigned", conversation: first)
        XCTAssertTrue(assigned["title"]?.stringValue?.hasPrefix("Assigned to you") ?? false, assigned.serialized)
        // ann is at capacity: the next waits in the queue, and both members hear of that.
        let second = try customerWrites("c2")
        _ = try awaitNotification(ann.key, kind: "queued", conversation: second)
        _ = try awaitNotification(bob.key, kind: "queued", conversation: second)
        XCTAssertNil(try notifications(bob.key).items.first { $0["kind"] == "assigned" })
        // The customer answers: the team's rule keeps it quiet. A mention of ann: her own rule keeps it quiet; of bob: he hears.
        _ = try customerWrites("c1", "any news?")
        try mention(ann.id, in: first, by: bob.key)
        try mention(bob.id, in: first, by: ann.key)
        let mentioned = try awaitNotification(bob.key, kind: "mentioned", conversation: first)
        XCTAssertEqual(mentioned["body"]?.stringValue, "please look")
        let annItems = try notifications(ann.key).items.map { $0["kind"]?.stringValue ?? "" }
        XCTAssertEqual(annItems.sorted(), ["assigned", "queued"], "nothing for the quiet rules")

        // Read state: one by one, then all; another agent's id is not found.
        let annPage = try notifications(ann.key)
        XCTAssertEqual(annPage.unread, 2)
        let firstID = try XCTUnwrap(assigned["id"]?.intValue)
        XCTAssertEqual(try host.request("POST", "/api/v1/notifications/\(firstID)/read", key: ann.key).json["unread"]?.intValue, 1)
        XCTAssertEqual(try host.request("POST", "/api/v1/notifications/\(firstID)/read", key: bob.key).status, 404)
        XCTAssertEqual(try host.request("POST", "/api/v1/notifications/read-all", key: ann.key).json["unread"]?.intValue, 0)
        XCTAssertNotNil(try notifications(ann.key).items.first?["read_at"]?.stringValue)

        // Caught up after a reconnect: only what came after the last id held. Live: the same arrive on the
        // event feed (the stream's source) addressed to the agent, and to nobody else.
        let lastHeld = Int64(try XCTUnwrap(try notifications(bob.key).items.first?["id"]?.intValue))
        try mention(bob.id, in: second, by: ann.key)
        let later = try host.eventually("a later notification") { () -> [JSON]? in
            let items = try notifications(bob.key, after: lastHeld).items
            return items.isEmpty ? nil : items
        }
        XCTAssertEqual(later.map { $0["conversation_id"]?.stringValue }, [second])
        let bobFeed = try host.request("GET", "/api/v1/events?types=notification.created", key: bob.key).json["events"]?.arrayValue ?? []
        XCTAssertEqual(bobFeed.count, try notifications(bob.key).items.count)
        let annFeed = try host.request("GET", "/api/v1/events?types=notification.created", key: ann.key).json["events"]?.arrayValue ?? []
        XCTAssertFalse(annFeed.contains { $0["data"]?["notification_id"] == later[0]["id"] }, "bob's notification is not ann's business")
        // An admin API key has no centre of its own.
        XCTAssertEqual(try host.request("GET", "/api/v1/notifications").status, 403)
    }

    func testWebPushIsEncryptedSignedRetriedAndExpiredSubscriptionsDropped() throws {
        let push = try PushService()
        let support = try host.addTeam("Support", isDefault: true)
        let ann = try host.addAgent("ann", teams: [support])
        let key = try host.request("GET", "/api/v1/notifications/vapid-public-key", key: ann.key)
        XCTAssertEqual(Base64URL.decode(key.json["public_key"]?.stringValue ?? "")?.count, 65, key.text)

        // Bad subscriptions are refused, naming the field.
        let badKey = try host.request("POST", "/api/v1/notifications/push-subscriptions", json: [
            "endpoint": .string(push.endpoint("push", "x")), "keys": ["p256dh": .string(String(push.p256dh.dropLast(4)) + "AAAA"), "auth": .string(push.auth)]],
                                      key: ann.key)
        XCTAssertEqual(badKey.status, 400, badKey.text)
        XCTAssertEqual(badKey.json["field"]?.stringValue, "keys.p256dh")
        let badAuth = try host.request("POST", "/api/v1/notifications/push-subscriptions", json: [
            "endpoint": .string(push.endpoint("push", "x")), "keys": ["p256dh": .string(push.p256dh), "auth": "c2hvcnQ"]], key: ann.key)
        XCTAssertEqual(badAuth.json["field"]?.stringValue, "keys.auth")
        let badEndpoint = try host.request("POST", "/api/v1/notifications/push-subscriptions", json: [
            "endpoint": "ftp://push", "keys": ["p256dh": .string(push.p256dh), "auth": .string(push.auth)]], key: ann.key)
        XCTAssertEqual(badEndpoint.json["field"]?.stringValue, "endpoint")

        // Three browsers: a good one, one whose first two pushes fail, one the push service has expired.
        var subscriptions: [String: String] = [:]
        for kind in ["push", "flaky", "gone"] {
            let made = try host.request("POST", "/api/v1/notifications/push-subscriptions", json: [
                "endpoint": .string(push.endpoint(kind, "ann")), "keys": ["p256dh": .string(push.p256dh), "auth": .string(push.auth)]], key: ann.key)
            XCTAssertEqual(made.status, 201, made.text)
            subscriptions[kind] = made.json["id"]?.stringValue
        }
        XCTAssertEqual(try putRules(["rules": [["event": "assigned", "via": ["app", "push"]], ["event": "mentioned", "via": ["push"]]]], key: ann.key).status, 200)

        let conversation = try customerWrites("c1")
        let arrived = try host.eventually("pushes to the good and the flaky browser", timeout: 15) { () -> [JSON]? in
            let all = try push.received()
            return all.count >= 2 ? all : nil
        }
        XCTAssertEqual(Set(arrived.compactMap { $0["path"]?.stringValue }), ["/push/ann", "/flaky/ann"])
        let payload = try XCTUnwrap(arrived.first?["payload"])
        XCTAssertEqual(payload["kind"]?.stringValue, "assigned")
        XCTAssertEqual(payload["conversation_id"]?.stringValue, conversation)
        XCTAssertEqual(payload["url"]?.stringValue, "/app/c/\(conversation)")
        XCTAssertEqual(arrived.first?["vapid_sub"]?.stringValue, "mailto:ops@example.com")

        // The expired browser is gone, with its delivery failed in the admin's log; the flaky one took three attempts.
        let listed = try host.eventually("the expired subscription dropped") { () -> [JSON]? in
            let all = try host.request("GET", "/api/v1/notifications/push-subscriptions", key: ann.key).json["push_subscriptions"]?.arrayValue ?? []
            return all.count == 2 ? all : nil
        }
        XCTAssertFalse(listed.contains { $0["id"]?.stringValue == subscriptions["gone"] })
        let log = try host.request("GET", "/api/v1/notifications/deliveries").json["deliveries"]?.arrayValue ?? []
        let gone = try XCTUnwrap(log.first { $0["target"]?.stringValue == subscriptions["gone"] })
        XCTAssertEqual(gone["status"]?.stringValue, "failed")
        XCTAssertTrue(gone["last_error"]?.stringValue?.contains("410") ?? false, gone.serialized)
        let flaky = try host.eventually("the flaky push recorded as sent") { () -> JSON? in
            let all = try host.request("GET", "/api/v1/notifications/deliveries?status=sent").json["deliveries"]?.arrayValue ?? []
            return all.first { $0["target"]?.stringValue == subscriptions["flaky"] }
        }
        XCTAssertEqual(flaky["attempts"]?.intValue, 3, "two 500s, then delivered")
        XCTAssertEqual(try host.request("GET", "/api/v1/notifications/deliveries?status=failed").json["deliveries"]?.arrayValue?.count, 1)
        XCTAssertEqual(try host.request("GET", "/api/v1/notifications/deliveries?status=lost").status, 400)
        XCTAssertEqual(try host.request("GET", "/api/v1/notifications/deliveries", key: ann.key).status, 403)

        // Offline: a mention stays in the store, no push, until the rule asks for push while offline.
        XCTAssertEqual(try host.request("PATCH", "/api/v1/me", json: ["availability": "offline"], key: ann.key).status, 200)
        let before = try push.received().count
        try mention(ann.id, in: conversation)
        try waitForNotifierPast(ann.key)
        XCTAssertEqual(try push.received().count, before, "no push while offline")
        XCTAssertEqual(try putRules(["rules": [["event": "mentioned", "via": ["push"], "while_offline": true]]], key: ann.key).status, 200)
        try mention(ann.id, in: conversation)
        _ = try host.eventually("a push while offline, as the rule asks") { try push.received().count > before ? true : nil }

        // Quiet hours around now in her time zone: nothing is pushed, even though the rule would.
        let zone = "America/New_York"
        let local = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: zone)!, from: Date())
        let minutes = local.hour! * 60 + local.minute!
        func clock(_ m: Int) -> String { String(format: "%02d:%02d", ((m + 1440) % 1440) / 60, ((m + 1440) % 1440) % 60) }
        let quiet = try host.request("PUT", "/api/v1/notifications/settings", json: ["time_zone": .string(zone),
                                     "quiet_hours": ["start": .string(clock(minutes - 60)), "end": .string(clock(minutes + 60))]], key: ann.key)
        XCTAssertEqual(quiet.status, 200, quiet.text)
        XCTAssertEqual(try host.request("PUT", "/api/v1/notifications/settings", json: ["time_zone": "Mars/Olympus"], key: ann.key).json["field"]?.stringValue,
                       "time_zone")
        XCTAssertEqual(try host.request("PUT", "/api/v1/notifications/settings", json: ["time_zone": "UTC", "quiet_hours": ["start": "25:00", "end": "07:00"]],
                                        key: ann.key).json["field"]?.stringValue, "quiet_hours.start")
        let beforeQuiet = try push.received().count
        try mention(ann.id, in: conversation)
        try waitForNotifierPast(ann.key)
        XCTAssertEqual(try push.received().count, beforeQuiet, "no push in quiet hours")
    }

    /// A real Agent Stack hands a conversation over; routing (no handover team on the stack) gives it
    /// to Ann: she hears of a handover, with the stack's reason, not of a routine assignment.
    func testAStackHandoverRoutedToAnAgentIsPushedAsAHandover() throws {
        let push = try PushService()
        let support = try host.addTeam("Support", isDefault: true)
        let ann = try host.addAgent("ann", teams: [support])
        let made = try host.request("POST", "/api/v1/notifications/push-subscriptions", json: [
            "endpoint": .string(push.endpoint("push", "ann")), "keys": ["p256dh": .string(push.p256dh), "auth": .string(push.auth)]], key: ann.key)
        XCTAssertEqual(made.status, 201, made.text)
        XCTAssertEqual(try putRules(["rules": [["event": "handover", "via": ["app", "push"]]]], key: ann.key).status, 200)
        let imported = try host.request("POST", "/api/v1/knowledge/import", json: ["collection": "help", "articles": [
            ["title": "Returns", "body": "Return any item within 30 days with the prepaid label in your parcel."]]])
        XCTAssertEqual(imported.status, 200, imported.text)
        let stack = try host.request("PUT", "/api/v1/stacks/support", json: [
            "name": "Acme support", "greeting": "Hi.", "collections": ["help"],
            "topics": [["name": "returns", "examples": ["how do I return an item", "return my parcel", "send it back"]]],
            "handover": ["min_confidence": 0.5, "message": "A colleague will take it from here."]])
        XCTAssertTrue([200, 201].contains(stack.status), stack.text)

        let r = try host.request("POST", "/hooks/web/messages", json: ["external_id": "c1", "message_id": .string(UUID().uuidString),
                                                                       "text": "Can I talk to a human please?", "agent_stack": "support"],
                                 key: "integrator-secret")
        let conversation = try XCTUnwrap(r.json["conversation_id"]?.stringValue, r.text)
        let handedOver = try host.eventually("the stack's handover") { () -> Bool? in
            let events = try host.request("GET", "/api/v1/conversations/\(conversation)/events").json["events"]?.arrayValue ?? []
            return events.contains { $0["type"] == "stack.handover" } ? true : nil
        }
        XCTAssertTrue(handedOver)
        let arrived = try host.eventually("the handover pushed", timeout: 15) { try push.received().first }
        XCTAssertEqual(arrived["payload"]?["kind"]?.stringValue, "handover", arrived.serialized)
        XCTAssertEqual(arrived["payload"]?["conversation_id"]?.stringValue, conversation)
        XCTAssertTrue(arrived["payload"]?["title"]?.stringValue?.hasPrefix("Handed over to you") ?? false, arrived.serialized)
        let inCentre = try awaitNotification(ann.key, kind: "handover", conversation: conversation)
        XCTAssertTrue(inCentre["body"]?.stringValue?.contains("asked for a person") ?? false, inCentre.serialized)
        XCTAssertNil(try notifications(ann.key).items.first { $0["kind"]?.stringValue == "assigned" }, "not a routine assignment")
    }

    func testAPushThatNoLongerMattersIsDropped() throws {
        // Retries a good while apart: the agent answers between the failed first attempt and the retry.
        host.stop()
        host = try HostProcess(plugins: ["api"], extraArguments: ["--push-retry-base-ms", "2000"])
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("web", plugin: "api", config: ["api_key_credential": "api-key"])
        let push = try PushService()
        let support = try host.addTeam("Support", isDefault: true)
        let ann = try host.addAgent("ann", teams: [support])
        let conversation = try customerWrites("c1")
        _ = try awaitNotification(ann.key, kind: "assigned", conversation: conversation)
        let made = try host.request("POST", "/api/v1/notifications/push-subscriptions", json: [
            "endpoint": .string(push.endpoint("flaky", "ann")), "keys": ["p256dh": .string(push.p256dh), "auth": .string(push.auth)]], key: ann.key)
        XCTAssertEqual(made.status, 201, made.text)
        XCTAssertEqual(try putRules(["rules": [["event": "customer_replied", "via": ["push"]]]], key: ann.key).status, 200)
        _ = try customerWrites("c1", "hello again?")
        _ = try host.eventually("the first attempt failed") { () -> Bool? in
            let log = try host.request("GET", "/api/v1/notifications/deliveries?status=pending").json["deliveries"]?.arrayValue ?? []
            return log.contains { $0["attempts"]?.intValue == 1 } ? true : nil
        }
        let reply = try host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: ["text": "Here now!"], key: ann.key)
        XCTAssertTrue([200, 201, 202].contains(reply.status), reply.text)
        let dropped = try host.eventually("the push dropped", timeout: 10) { () -> JSON? in
            try host.request("GET", "/api/v1/notifications/deliveries?status=dropped").json["deliveries"]?.arrayValue?.first
        }
        XCTAssertEqual(dropped["last_error"]?.stringValue, "the conversation was answered")
        XCTAssertTrue(try push.received().isEmpty, "nothing pushed after the answer")
    }

    /// The notifier has handled every event so far: a marker mention of a second agent has reached their centre.
    func waitForNotifierPast(_ key: String) throws {
        let marker = try host.addAgent("marker\(UInt32.random(in: 0..<UInt32.max))")
        let conversation = try customerWrites("marker-\(UUID().uuidString)")
        try mention(marker.id, in: conversation)
        _ = try awaitNotification(marker.key, kind: "mentioned", conversation: conversation)
        // Pushes owed by earlier events are sent before the worker sleeps; give the sender one more pass.
        usleep(300_000)
    }
}
