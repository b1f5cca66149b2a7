import Foundation
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// The inbox list (`Store.inbox`): rows with their customer, channel, preview and waiting time;
/// filters, search, the cursor, and the counts.
final class InboxQueryTests: StoreTestCase {

    @discardableResult
    func message(_ customer: String, _ text: String, name: String? = nil, instance: String = "sms-1") throws -> String {
        try store.ingest(InboundMessage(channelInstanceID: instance, identity: Identity(kind: "phone", value: customer),
                                        providerMessageID: UUID().uuidString, text: text, displayName: name)).conversationID
    }

    func setUpdatedAt(_ id: String, _ millis: Int64) throws {
        try store.write { db in try db.run("UPDATE conversations SET updated_at = ? WHERE id = ?", [.integer(millis), .text(id)]) }
    }

    func page(_ configure: (inout InboxFilter) -> Void = { _ in }) throws -> [InboxItem] {
        var filter = InboxFilter()
        configure(&filter)
        return try store.inbox(filter)
    }

    func testRowsCarryCustomerChannelPreviewAndWaitingTime() throws {
        try store.write { db in
            try db.run("INSERT INTO channel_instances (id, plugin_id, name, config, created_at, updated_at) VALUES ('sms-1', 'relay', 'Support SMS', '{}', 0, 0)")
        }
        let id = try message("+15550001", "Where is my parcel?", name: "Dana Scully")
        var row = try XCTUnwrap(try page().first)
        XCTAssertEqual(row.contactName, "Dana Scully")
        XCTAssertEqual(row.contactIdentity, Identity(kind: "phone", value: "+15550001"))
        XCTAssertEqual(row.channelName, "Support SMS")
        XCTAssertEqual(row.channelPluginID, "relay")
        XCTAssertEqual(row.lastMessage?.text, "Where is my parcel?")
        XCTAssertEqual(row.lastMessage?.direction, .inbound)
        let firstAsk = try XCTUnwrap(row.waitingSince)

        // A second question keeps the wait running from the first one.
        try message("+15550001", "Hello??")
        row = try XCTUnwrap(try page().first)
        XCTAssertEqual(row.waitingSince, firstAsk)
        XCTAssertEqual(row.lastMessage?.text, "Hello??")

        // An internal note is not a preview and does not stop the wait; a reply does.
        _ = try store.addComment(Comment(text: "checking", authorAgentID: nil), conversationID: id, viewer: .everyone, actor: "agent:x")
        row = try XCTUnwrap(try page().first)
        XCTAssertEqual(row.lastMessage?.text, "Hello??")
        XCTAssertEqual(row.waitingSince, firstAsk)
        _ = try store.queueReply(Reply(conversationID: id, authorKind: .agent, authorID: "Ann", text: String(repeating: "x", count: 400)))
        row = try XCTUnwrap(try page().first)
        XCTAssertNil(row.waitingSince, "we answered")
        XCTAssertEqual(row.lastMessage?.direction, .outbound)
        XCTAssertEqual(row.lastMessage?.text.count, InboxFilter.previewLength, "previews are cut")

        // The customer writes again: waiting since that message.
        try message("+15550001", "Thanks, but…")
        row = try XCTUnwrap(try page().first)
        XCTAssertNotNil(row.waitingSince)
        XCTAssertGreaterThanOrEqual(row.waitingSince!, firstAsk)
    }

    func testTheCursorNeverSkipsConversationsUpdatedInTheSameMillisecond() throws {
        var ids: [String] = []
        for n in 0..<25 { ids.append(try message("+1555\(n)", "question \(n)")) }
        // Ten of them share one millisecond: a cursor on updated_at alone would lose some.
        for id in ids.prefix(10) { try setUpdatedAt(id, 1_000) }
        var seen: [String] = []
        var cursor: InboxCursor?
        repeat {
            let rows = try page { $0.limit = 4; $0.before = cursor }
            seen += rows.map(\.conversation.id)
            cursor = rows.count == 4 ? InboxCursor(updatedAt: rows.last!.conversation.updatedAt, id: rows.last!.conversation.id) : nil
        } while cursor != nil
        XCTAssertEqual(seen.count, 25)
        XCTAssertEqual(Set(seen), Set(ids))
        XCTAssertEqual(InboxCursor(token: InboxCursor(updatedAt: 42, id: "cnv_a:b").token), InboxCursor(updatedAt: 42, id: "cnv_a:b"))
        XCTAssertNil(InboxCursor(token: "nonsense"))
    }

    func testFiltersAndSearch() throws {
        let dana = try message("+15550001", "My parcel A-1001 is late", name: "Dana Scully")
        let fox = try message("+15550002", "Refund please", name: "Fox Mulder")
        let walter = try message("+15550003", "Hello", name: "Walter Skinner", instance: "mail-1")
        try store.write { db in
            try db.run("INSERT INTO agents (id, email, name, handle, role, availability, capacity, created_at, updated_at) VALUES ('agt_a', 'a@x', 'A', 'a', 'agent', 'online', 5, 0, 0)")
        }
        _ = try store.perform(.assignAgent("agt_a"), on: fox, viewer: .everyone, actor: "agent:agt_a")
        _ = try store.perform(.addTags(["vip"]), on: walter, viewer: .everyone, actor: "agent:agt_a")
        _ = try store.perform(.close, on: walter, viewer: .everyone, actor: "agent:agt_a")
        let ids = { (rows: [InboxItem]) in Set(rows.map(\.conversation.id)) }

        XCTAssertEqual(ids(try page { $0.assignee = .agent("agt_a") }), [fox])
        XCTAssertEqual(ids(try page { $0.assignee = .nobody }), [dana, walter])
        XCTAssertEqual(ids(try page { $0.status = .active }), [dana, fox])
        XCTAssertEqual(ids(try page { $0.channelInstanceID = "mail-1" }), [walter])
        XCTAssertEqual(ids(try page { $0.tag = "vip" }), [walter])
        XCTAssertEqual(ids(try page { $0.ids = [dana, walter]; $0.status = .active }), [dana], "ids are still filtered")

        XCTAssertEqual(ids(try page { $0.query = "scully" }), [dana], "the name, any case")
        XCTAssertEqual(ids(try page { $0.query = "5550002" }), [fox], "an identity")
        XCTAssertEqual(ids(try page { $0.query = "a-1001" }), [dana], "message text")
        XCTAssertEqual(ids(try page { $0.query = "VIP" }), [walter], "a tag")
        XCTAssertEqual(ids(try page { $0.query = fox }), [fox], "the id")
        XCTAssertEqual(ids(try page { $0.query = "100%_" }), [], "LIKE wildcards are literal")
        XCTAssertEqual(ids(try page { $0.query = "parcel"; $0.status = .done }), [])
    }

    func testAgentsSeeOnlyTheirConversationsAndCountsUseTheSameRules() throws {
        let mine = try message("+15550001", "one")
        let theirs = try message("+15550002", "two")
        _ = try message("+15550003", "three")
        try store.write { db in
            for agent in ["agt_a", "agt_b"] {
                try db.run("INSERT INTO agents (id, email, name, handle, role, availability, capacity, created_at, updated_at) VALUES (?, ?, ?, ?, 'agent', 'online', 5, 0, 0)",
                           [.text(agent), .text("\(agent)@x"), .text(agent), .text(agent)])
            }
        }
        _ = try store.perform(.assignAgent("agt_a"), on: mine, viewer: .everyone, actor: "system")
        _ = try store.perform(.assignAgent("agt_b"), on: theirs, viewer: .everyone, actor: "system")
        _ = try store.addComment(Comment(text: "@agt_a look", authorAgentID: "agt_b"), conversationID: theirs, viewer: .everyone, actor: "agent:agt_b")

        XCTAssertEqual(Set(try page { $0.viewer = .agent("agt_a") }.map(\.conversation.id)), [mine, theirs], "assigned, and mentioned in")
        XCTAssertEqual(try page { $0.viewer = .agent("agt_a"); $0.mentionedAgentID = "agt_a" }.map(\.conversation.id), [theirs])
        XCTAssertEqual(try store.inboxCounts(agentID: "agt_a", viewer: .agent("agt_a")), InboxCounts(mine: 1, unassigned: 0, mentioned: 1))
        XCTAssertEqual(try store.inboxCounts(agentID: nil, viewer: .everyone), InboxCounts(mine: 0, unassigned: 1, mentioned: 0))
        _ = try store.perform(.addTags(["b", "a"]), on: mine, viewer: .everyone, actor: "system")
        XCTAssertEqual(try store.tagsInUse(), ["a", "b"])
    }
}
