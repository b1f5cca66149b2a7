import Foundation
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// The resolution clock against a real store: counted in business hours across DST changes, paused
/// while waiting on the customer and while snoozed, stopped when done, restarted by a reopen,
/// independent of the response clock, and announced by the sweep naming the target.
final class SLAResolutionTests: StoreTestCase {
    let hour: Int64 = 3_600_000
    func at(_ text: String) -> Int64 { Clock.parseISO8601(text)! }
    func iso(_ millis: Int64?) -> String? { millis.map(Clock.iso8601) }

    @discardableResult
    func customer(_ who: String, _ text: String = "help", sentAt: Int64? = nil) throws -> String {
        try store.ingest(InboundMessage(channelInstanceID: "sms-1", identity: Identity(kind: "phone", value: who),
                                        providerMessageID: UUID().uuidString, text: text, sentAt: sentAt)).conversationID
    }

    func conversation(_ id: String) throws -> Conversation { try XCTUnwrap(try store.conversation(id: id)) }

    func act(_ action: ConversationAction, _ id: String) throws { _ = try store.perform(action, on: id, viewer: .everyone, actor: "agent:ann") }

    func testResolutionCountsBusinessHoursAcrossDSTChanges() throws {
        let weekdays: JSON = ["days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00", "close": "17:00"]
        _ = try store.saveSLAPolicy(id: nil, body: ["name": "Berlin office", "first_response_minutes": 60, "resolution_minutes": 540,
                                                    "business_hours": ["timeZone": "Europe/Berlin", "weekly": [weekdays]]])
        // Friday 27 March 2026 16:00 CET + 9 open hours: 1 on Friday, 8 on Monday after the change to
        // CEST, so due Monday 30 March 17:00 CEST (15:00Z), not 16:00Z.
        var c = try conversation(try customer("+1", sentAt: at("2026-03-27T15:00:00Z")))
        XCTAssertEqual(iso(c.resolution?.dueAt), "2026-03-30T15:00:00.000Z")
        XCTAssertEqual(c.resolution?.target, .resolution)
        XCTAssertEqual(iso(c.responseDueAt), "2026-03-27T16:00:00.000Z", "the response clock runs beside it")
        XCTAssertEqual(c.nextDueAt, c.responseDueAt)
        // Back to CET: Friday 23 October 16:00 CEST (14:00Z) → Monday 26 October 17:00 CET (16:00Z).
        c = try conversation(try customer("+2", sentAt: at("2026-10-23T14:00:00Z")))
        XCTAssertEqual(iso(c.resolution?.dueAt), "2026-10-26T16:00:00.000Z")
    }

    func testPausedWhileWaitingOnTheCustomerAndSnoozedStoppedWhenDone() throws {
        let policy = try store.saveSLAPolicy(id: nil, body: ["name": "Resolve in 4 h", "resolution_minutes": 240, "at_risk_minutes": 30])
        let sent = Clock.nowMillis()
        let id = try customer("+3", sentAt: sent)
        var c = try conversation(id)
        XCTAssertEqual(c.resolution?.policyID, policy.id)
        XCTAssertEqual(c.resolution?.dueAt, sent + 4 * hour)
        XCTAssertNil(c.sla, "a policy timing only resolutions times no answer")
        XCTAssertEqual(c.nextDueAt, sent + 4 * hour)

        // Our answer: waiting on the customer, the clock stands still with the time left.
        _ = try store.queueReply(Reply(conversationID: id, authorKind: .agent, authorID: "ann", text: "Try turning it off and on"))
        c = try conversation(id)
        XCTAssertNil(c.resolution?.dueAt)
        let left = try XCTUnwrap(c.resolution?.pausedRemainingMs)
        XCTAssertTrue((4 * hour - 5_000...4 * hour).contains(left), "\(left)")
        XCTAssertNil(c.nextDueAt)

        // The customer answers: it counts on from now.
        let back = Clock.nowMillis()
        try customer("+3", "did not help")
        c = try conversation(id)
        let due = try XCTUnwrap(c.resolution?.dueAt)
        XCTAssertTrue((back + left - 1_000...back + left + 5_000).contains(due), "\(due - back) vs \(left)")

        // Snoozed: paused; awake (reopened by hand) with the customer still owed: counting again.
        try act(.snooze(until: Clock.nowMillis() + hour), id)
        XCTAssertNotNil(try conversation(id).resolution?.pausedRemainingMs)
        try act(.reopen, id)
        XCTAssertNotNil(try conversation(id).resolution?.dueAt)

        // Done: stopped. The customer writing again reopens it with a whole new target.
        try act(.close, id)
        XCTAssertNil(try conversation(id).resolution)
        let again = Clock.nowMillis()
        try customer("+3", "it broke again")
        let reopened = try XCTUnwrap(try conversation(id).resolution?.dueAt)
        XCTAssertTrue((again + 4 * hour - 1_000...again + 4 * hour + 5_000).contains(reopened))
    }

    func testTheSweepAnnouncesTheResolutionTargetAndTheInboxSortsByTheNearerDue() throws {
        _ = try store.saveSLAPolicy(id: nil, body: ["name": "Both", "first_response_minutes": 600, "resolution_minutes": 120, "at_risk_minutes": 30])
        let soon = try customer("+4")
        let later = try customer("+5")
        // `later`'s answer is due in 10 h and its resolution in 2 h; `soon`'s resolution is due sooner still.
        try store.write { db in
            try db.run("UPDATE conversations SET resolution_due_at = resolution_due_at - 3600000, resolution_alert_at = resolution_alert_at - 3600000 WHERE id = ?",
                       [.text(soon)])
        }
        var filter = InboxFilter()
        filter.order = .nextDue
        XCTAssertEqual(try store.inbox(filter).map(\.conversation.id), [soon, later])
        filter.responseDue = .overdue(now: Clock.nowMillis() + 90 * 60_000)
        XCTAssertEqual(try store.inbox(filter).map(\.conversation.id), [soon], "past its resolution due time in 90 minutes")

        // 100 minutes on: `soon` is past due (missed), `later` has 20 minutes left (at risk).
        XCTAssertEqual(try store.sweepSLA(now: Clock.nowMillis() + 100 * 60_000), 2)
        XCTAssertEqual(try conversation(soon).resolution?.state, .missed)
        XCTAssertEqual(try conversation(later).resolution?.state, .atRisk)
        XCTAssertEqual(try conversation(later).sla?.state, .ok, "the response clock is its own")
        let events = try store.events().filter { $0.type.hasPrefix("sla.") }
        XCTAssertEqual(events.map(\.type), ["sla.missed", "sla.at_risk"])
        XCTAssertEqual(events.compactMap { try? JSON.parse($0.dataJSON)["target"]?.stringValue }, ["resolution", "resolution"])
        XCTAssertEqual(try store.sweepSLA(now: Clock.nowMillis() + 100 * 60_000), 0, "announced once")
        filter = InboxFilter()
        filter.responseDue = .atRisk
        XCTAssertEqual(Set(try store.inbox(filter).map(\.conversation.id)), [soon, later])
    }

    func testAPolicyWithoutResolutionLeavesTheClockOff() throws {
        _ = try store.saveSLAPolicy(id: nil, body: ["name": "Answers only", "first_response_minutes": 60])
        let c = try conversation(try customer("+6"))
        XCTAssertNil(c.resolution)
        XCTAssertNotNil(c.sla)
        XCTAssertThrowsError(try store.saveSLAPolicy(id: nil, body: ["name": "x", "resolution_minutes": 0])) { error in
            guard case WorkflowError.invalid(let field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "resolution_minutes")
        }
    }
}
