import Foundation
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// The webhook queue in the store: where a subscription starts, head-of-line order, retries,
/// dead letters, replays, and who receives what. No HTTP: attempts are recorded by hand.
final class WebhookStoreTests: StoreTestCase {
    /// Tiny delays; `now` values in the tests step over them explicitly.
    let policy = RetryPolicy(baseDelayMs: 1_000, maxDelayMs: 1_000, maxAttempts: 2)

    @discardableResult
    func ingest(_ id: String, from customer: String = "ann", instance: String = "api1") throws -> IngestResult {
        try store.ingest(InboundMessage(channelInstanceID: instance, identity: Identity(kind: "external_id", value: customer),
                                        providerMessageID: id, text: "hello \(id)"))
    }

    func subscribe(_ types: [String], owner: Viewer = .everyone, key: String? = nil) throws -> WebhookSubscription {
        try store.createWebhook(url: "http://127.0.0.1:9/hook", eventTypes: try EventTypeFilter(types), description: "",
                                ownerKeyID: key, owner: owner)
    }

    func jobs(at now: Int64 = Clock.nowMillis(), busy: Set<String> = []) throws -> [WebhookJob] {
        try store.webhookWork(now: now, busy: busy).jobs
    }

    func newestEventID() throws -> Int64 { try store.events(afterID: 0, limit: 10_000).last?.id ?? 0 }

    func record(_ job: WebhookJob, _ status: Int?, now: Int64 = Clock.nowMillis()) throws -> WebhookAttemptResult {
        try store.recordWebhookAttempt(job, statusCode: status, error: status == 200 ? nil : "receiver answered \(status ?? 0)",
                                       durationMs: 3, policy: policy, now: now)
    }

    func testANewSubscriptionStartsAfterTheNewestEvent() throws {
        try ingest("m1")
        let before = try newestEventID()
        let s = try subscribe(["*"])
        XCTAssertEqual(s.cursor, before)
        XCTAssertTrue(s.secret.hasPrefix("whsec_"))
        XCTAssertEqual(try jobs(), [], "no history")
        try ingest("m2")
        let job = try XCTUnwrap(try jobs().first)
        XCTAssertEqual(job.event.event.type, "message.received")
        XCTAssertEqual(job.event.event.id, before + 1)
        XCTAssertEqual(job.attempt, 1)
        XCTAssertEqual(job.deliveryID, "\(s.id)-\(before + 1)")
        XCTAssertEqual(try jobs(busy: [s.id]), [], "one attempt at a time per subscription")
    }

    func testTheHeadEventHoldsLaterOnesUntilDeliveredOrDeadLettered() throws {
        let s = try subscribe(["message.received"])
        try ingest("m1")   // conversation.created is skipped, message.received is the head
        try ingest("m2")
        let now = Clock.nowMillis()
        let first = try XCTUnwrap(try jobs(at: now).first)
        guard case .retry(let at) = try record(first, 503, now: now) else { return XCTFail("expected a retry") }
        XCTAssertTrue(at >= now + 750 && at <= now + 1_250, "backoff with jitter")
        let waiting = try store.webhookWork(now: now + 1, busy: [])
        XCTAssertEqual(waiting.jobs, [], "the later event does not overtake the one waiting for its retry")
        XCTAssertEqual(waiting.nextDueAt, at)
        XCTAssertEqual(try store.webhook(id: s.id)?.headEventID, first.event.event.id)

        let second = try XCTUnwrap(try jobs(at: at).first)
        XCTAssertEqual(second.event.event.id, first.event.event.id)
        XCTAssertEqual(second.attempt, 2)
        XCTAssertEqual(second.deliveryID, first.deliveryID)
        XCTAssertEqual(try record(second, nil, now: at), .deadLettered)

        let next = try XCTUnwrap(try jobs(at: at).first)
        XCTAssertGreaterThan(next.event.event.id, first.event.event.id)
        XCTAssertEqual(next.attempt, 1)
        XCTAssertEqual(try record(next, 200), .delivered)
        XCTAssertEqual(try store.webhook(id: s.id)?.cursor, next.event.event.id)
        XCTAssertEqual(try jobs(), [])

        let dead = try store.webhookDeadLetters(subscriptionID: s.id)
        XCTAssertEqual(dead.map(\.eventID), [first.event.event.id])
        XCTAssertEqual(dead.first?.attempts, 2)
        XCTAssertNil(dead.first?.statusCode)
        XCTAssertEqual(dead.first?.replayPending, false)
        XCTAssertEqual(try store.webhook(id: s.id)?.deadLetterCount, 1)
    }

    func testReplaysGoFirstInIdOrderAndRewindsResendDeliveredEvents() throws {
        let s = try subscribe(["message.received"])
        var deadIDs: [Int64] = []
        for id in ["m1", "m2"] {
            try ingest(id)
            var job = try XCTUnwrap(try jobs().first)
            _ = try record(job, 500)
            job = try XCTUnwrap(try jobs(at: Clock.nowMillis() + 2_000).first)
            XCTAssertEqual(try record(job, 500), .deadLettered)
            deadIDs.append(job.event.event.id)
        }
        try ingest("m3")
        XCTAssertNil(try store.replayWebhook(subscriptionID: "whk_none", fromEventID: nil))
        XCTAssertEqual(try store.replayWebhook(subscriptionID: s.id, fromEventID: nil), 2)
        XCTAssertTrue(try store.webhookDeadLetters(subscriptionID: s.id).allSatisfy(\.replayPending))

        // Both dead letters before m3, lowest first, each keeping its delivery id.
        var sent: [Int64] = []
        while let job = try jobs().first {
            XCTAssertEqual(job.deliveryID, "\(s.id)-\(job.event.event.id)")
            XCTAssertEqual(try record(job, 200), .delivered)
            sent.append(job.event.event.id)
        }
        XCTAssertEqual(sent.count, 3)
        XCTAssertEqual(Array(sent.prefix(2)), deadIDs)
        XCTAssertEqual(sent, sent.sorted())
        XCTAssertEqual(try store.webhookDeadLetters(subscriptionID: s.id), [])

        // Replay from the first message on: the delivered events go again, in order.
        XCTAssertEqual(try store.replayWebhook(subscriptionID: s.id, fromEventID: deadIDs[0]), 0)
        var again: [Int64] = []
        while let job = try jobs().first {
            XCTAssertFalse(job.replay)
            _ = try record(job, 204)
            again.append(job.event.event.id)
        }
        XCTAssertEqual(again, sent)

        XCTAssertFalse(try store.replayWebhookDeadLetter(subscriptionID: s.id, eventID: sent[0]), "not a dead letter")
    }

    func testAnOutcomeRecordedAfterARewindIsDropped() throws {
        let s = try subscribe(["message.received"])
        try ingest("m1")
        try ingest("m2")
        let first = try XCTUnwrap(try jobs().first)
        _ = try record(first, 200)
        let inFlight = try XCTUnwrap(try jobs().first)
        _ = try store.replayWebhook(subscriptionID: s.id, fromEventID: first.event.event.id)
        XCTAssertEqual(try record(inFlight, 200), .stale)
        XCTAssertEqual(try jobs().first?.event.event.id, first.event.event.id, "the rewind wins")
        XCTAssertEqual(try store.webhookDeliveries(subscriptionID: s.id).count, 2, "the attempt is still logged")
    }

    func testIntegratorsReceiveOnlyTheirInstancesPublicConversationEvents() throws {
        let (key, _) = try store.createAPIKey(name: "crm", role: .integrator, channelInstanceIDs: ["api1"])
        let mine = try subscribe(["*"], owner: .integrator(["api1"]), key: key.id)
        let admin = try subscribe(["*"])
        try ingest("other-1", from: "bob", instance: "api2")
        try store.recordEvent(conversationID: nil, type: "system.notice", actor: "system", data: [:])
        let own = try ingest("mine-1", instance: "api1")
        let mention = try store.recordEvent(conversationID: own.conversationID, type: "agent.mentioned", actor: "system", data: [:])
        _ = try store.write { db in try db.run("UPDATE events SET agent_id = 'agt_1' WHERE id = ?", [.integer(mention)]) }
        try ingest("mine-2", instance: "api1")

        func drain(_ id: String) throws -> [String] {
            var types: [String] = []
            while let job = try jobs().first(where: { $0.subscriptionID == id }) {
                _ = try record(job, 200)
                types.append(job.event.event.type)
            }
            return types
        }
        XCTAssertEqual(try drain(mine.id), ["conversation.created", "message.received", "message.received"])
        XCTAssertEqual(try drain(admin.id), ["conversation.created", "message.received", "system.notice", "conversation.created",
                                             "message.received", "agent.mentioned", "message.received"])

        // A revoked key's subscription pauses where it is.
        XCTAssertTrue(try store.revokeAPIKey(id: key.id))
        try ingest("mine-3", instance: "api1")
        XCTAssertEqual(try jobs().map(\.subscriptionID), [admin.id])
    }

    func testDisabledSubscriptionsPauseAndChangesClearTheBackoff() throws {
        let s = try subscribe(["message.*"])
        try ingest("m1")
        let job = try XCTUnwrap(try jobs().first)
        _ = try record(job, 500)
        XCTAssertEqual(try jobs(), [], "waiting for the retry")
        _ = try store.updateWebhook(id: s.id, WebhookChange(enabled: false))
        try ingest("m2")
        XCTAssertEqual(try jobs(at: Clock.nowMillis() + 10_000), [], "disabled: nothing goes")
        let resumed = try XCTUnwrap(try store.updateWebhook(id: s.id, WebhookChange(url: "http://127.0.0.1:10/fixed", enabled: true)))
        XCTAssertEqual(resumed.cursor, s.cursor, "the cursor stayed")
        let retry = try XCTUnwrap(try jobs().first, "a change ends the wait")
        XCTAssertEqual(retry.event.event.id, job.event.event.id)
        XCTAssertEqual(retry.url, "http://127.0.0.1:10/fixed")
        XCTAssertEqual(retry.attempt, 1)
        XCTAssertTrue(try store.deleteWebhook(id: s.id))
        XCTAssertEqual(try record(retry, 200), .stale)
        XCTAssertNil(try store.webhook(id: s.id))
    }

    func testTheAttemptLogKeepsTheNewest() throws {
        let s = try subscribe(["message.received"])
        try ingest("m1")
        let job = try XCTUnwrap(try jobs().first)
        let lenient = RetryPolicy(baseDelayMs: 1, maxDelayMs: 1, maxAttempts: 1_000)
        for n in 1...(Store.webhookLogSize + 20) {
            var attempt = job
            attempt.attempt = n
            _ = try store.recordWebhookAttempt(attempt, statusCode: 502, error: "bad gateway \(n)", durationMs: 1, policy: lenient)
        }
        let log = try store.webhookDeliveries(subscriptionID: s.id)
        XCTAssertEqual(log.count, Store.webhookLogSize)
        XCTAssertEqual(log.first?.attempt, Store.webhookLogSize + 20, "newest first")
        XCTAssertEqual(log.first?.statusCode, 502)
        XCTAssertEqual(log.last?.attempt, 21)
    }
}
