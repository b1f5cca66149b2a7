import Foundation
@testable import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// `Store.events(after:visibleTo:types:limit:)`: who sees which events, paging, type filters.
final class EventFeedTests: StoreTestCase {

    func ingest(_ id: String, from email: String, instance: String) throws -> String {
        try store.ingest(InboundMessage(channelInstanceID: instance, identity: Identity(kind: "email", value: email),
                                        providerMessageID: id, text: "hello")).conversationID
    }

    /// An event addressed to one agent (a mention), written as the workflow will write it.
    func addressedEvent(conversationID: String?, to agentID: String) throws -> Int64 {
        try store.writeEvent { db in
            try Store.appendEvent(db, conversationID: conversationID, type: "mention", actor: "agent:kim", data: [:], now: Clock.nowMillis(), agentID: agentID)
        }
    }

    func ids(_ viewer: Viewer, types: EventTypeFilter = .all, after: Int64 = 0) throws -> [Int64] {
        try store.events(after: after, visibleTo: viewer, types: types, limit: 1000).events.map(\.id)
    }

    func testEachViewerSeesItsConversationsAndItsOwnAddressedEvents() throws {
        // A: assigned to sam; B: team t1 (sam's team); C: team t2 (kim's), on another instance.
        let a = try ingest("a1", from: "ann@example.com", instance: "email1")
        let b = try ingest("b1", from: "bob@example.com", instance: "email1")
        let c = try ingest("c1", from: "cat@example.com", instance: "email2")
        let now = Clock.nowMillis()
        try store.write { db in
            try db.run("UPDATE conversations SET assignee = 'sam' WHERE id = ?", [.text(a)])
            try db.run("UPDATE conversations SET team_id = 't1' WHERE id = ?", [.text(b)])
            try db.run("UPDATE conversations SET team_id = 't2' WHERE id = ?", [.text(c)])
            try db.run("INSERT INTO team_members (team_id, agent_id, created_at) VALUES ('t1', 'sam', ?), ('t2', 'kim', ?)",
                       [.integer(now), .integer(now)])
        }
        let mentionSamInC = try addressedEvent(conversationID: c, to: "sam")
        let mentionKimInA = try addressedEvent(conversationID: a, to: "kim")
        let operatorEvent = try store.recordEvent(conversationID: nil, type: "operator.note", actor: "system", data: [:])
        _ = try ingest("a2", from: "ann@example.com", instance: "email1")

        let all = try store.events(limit: 1000)
        XCTAssertEqual(try ids(.everyone), all.map(\.id), "admins see everything")
        let addressed: Set<Int64> = [mentionSamInC, mentionKimInA]
        func plain(_ conversations: Set<String>) -> [Int64] {
            all.filter { !addressed.contains($0.id) && $0.conversationID.map(conversations.contains) == true }.map(\.id)
        }

        // sam: A (assignee) and B (team), plus the mention addressed to him in C; not kim's mention in A.
        XCTAssertEqual(try ids(.agent("sam")), (plain([a, b]) + [mentionSamInC]).sorted())
        // kim: C (team) and her mention in A, which she otherwise does not see.
        XCTAssertEqual(try ids(.agent("kim")), (plain([c]) + [mentionKimInA]).sorted())
        XCTAssertEqual(try ids(.agent("nobody")), [])
        // Integrators: their instances' conversations, never addressed events, never conversation-less ones.
        XCTAssertEqual(try ids(.integrator(["email2"])), plain([c]))
        XCTAssertEqual(try ids(.integrator(["email1", "email2"])), plain([a, b, c]))
        XCTAssertEqual(try ids(.integrator([])), [])
        XCTAssertFalse(try ids(.agent("sam")).contains(operatorEvent))
        XCTAssertTrue(try ids(.everyone).contains(operatorEvent))
    }

    func testPagesResumeAfterThroughWithoutGapsOrRepeats() throws {
        for i in 0..<4 { _ = try ingest("m\(i)", from: "u\(i)@example.com", instance: i % 2 == 0 ? "email1" : "email2") }
        let newest = try store.latestEventID()
        XCTAssertEqual(newest, 8)
        let viewer = Viewer.integrator(["email1"])
        let expected = try ids(viewer)
        XCTAssertEqual(expected.count, 4)

        var seen: [Int64] = []
        var cursor: Int64 = 0
        for _ in 0..<10 {
            let page = try store.events(after: cursor, visibleTo: viewer, limit: 3)
            seen += page.events.map(\.id)
            XCTAssertGreaterThanOrEqual(page.through, page.events.last?.id ?? cursor)
            if page.through == cursor { break }
            cursor = page.through
        }
        XCTAssertEqual(seen, expected)
        // The last page was short, so it covered up to the newest id: invisible events are not rescanned.
        XCTAssertEqual(cursor, newest)
        XCTAssertEqual(try store.events(after: newest, visibleTo: viewer, limit: 3), EventPage(events: [], through: newest))
        // A viewer who sees nothing still moves up to the newest id.
        XCTAssertEqual(try store.events(after: 0, visibleTo: .integrator([]), limit: 3), EventPage(events: [], through: newest))
        // A full page stops at its last event.
        let full = try store.events(after: 0, visibleTo: .everyone, limit: 3)
        XCTAssertEqual(full.events.map(\.id), [1, 2, 3])
        XCTAssertEqual(full.through, 3)
    }

    func testTypeFilters() throws {
        _ = try ingest("m1", from: "ann@example.com", instance: "email1")
        _ = try ingest("m2", from: "ann@example.com", instance: "email1")
        let all = try store.events(limit: 100)
        XCTAssertEqual(all.map(\.type), ["conversation.created", "message.received", "message.received"])

        let conversations = try EventTypeFilter(commaSeparated: "conversation.*")
        XCTAssertEqual(try ids(.everyone, types: conversations), [all[0].id])
        let received = try EventTypeFilter(commaSeparated: "message.received, conversation.reopened")
        XCTAssertEqual(try ids(.everyone, types: received), [all[1].id, all[2].id])
        // `_` and `%` are not wildcards; a prefix needs its `.*`.
        XCTAssertEqual(try ids(.everyone, types: try EventTypeFilter(commaSeparated: "message_received")), [])
        XCTAssertEqual(try ids(.everyone, types: try EventTypeFilter(commaSeparated: "message")), [])
        XCTAssertEqual(try ids(.everyone, types: try EventTypeFilter(commaSeparated: "message.*")), [all[1].id, all[2].id])
        XCTAssertTrue(try EventTypeFilter(commaSeparated: "*,message.received").isAll)

        for bad in ["", "message received", "a,,b", "message.%", "message*", "conv*.x", "*,not valid", String(repeating: "a,", count: 60) + "a"] {
            XCTAssertThrowsError(try EventTypeFilter(commaSeparated: bad), bad)
        }
    }
}
