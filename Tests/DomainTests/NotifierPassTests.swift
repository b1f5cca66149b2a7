import Foundation
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// The notifier runs after every group commit: events that notify nobody must not cost the store's
/// writer a transaction, and the first event that does notify someone must still be found.
final class NotifierPassTests: StoreTestCase {
    func ingest(_ customer: String) throws -> String {
        try store.ingest(InboundMessage(channelInstanceID: "sms-1", identity: Identity(kind: "phone", value: customer),
                                        providerMessageID: UUID().uuidString, text: "help")).conversationID
    }

    func testEventsThatNotifyNobodyTakeNoWriteAndTheNextThatNotifiesIsFound() throws {
        var progress = NotifierProgress()
        let now = Clock.nowMillis()
        let first = try ingest("+1555")
        _ = try store.notifyFromEvents(now: now, progress: &progress)   // the first pass starts at the newest event

        // Customers writing to conversations nobody is assigned: nobody hears, and the writer is not asked.
        for i in 0..<20 { _ = try ingest("+1666\(i)") }
        var commits = store.commitStats.commits
        let quiet = try store.notifyFromEvents(now: now + 10, progress: &progress)
        XCTAssertEqual([quiet.events, quiet.notifications, quiet.deliveries], [0, 0, 0])
        XCTAssertEqual(store.commitStats.commits, commits, "no write for events that notify nobody")

        // A second later the cursor follows, in one write; then nothing is written again.
        _ = try store.notifyFromEvents(now: now + 1_100, progress: &progress)
        XCTAssertEqual(store.commitStats.commits, commits + 1, "the cursor is stored at most once a second")
        _ = try store.notifyFromEvents(now: now + 1_200, progress: &progress)
        XCTAssertEqual(store.commitStats.commits, commits + 1)

        // Assigned: the assignment and the customer's next message notify the agent.
        try store.write { db in
            try db.run("INSERT INTO agents (id, email, name, handle, role, availability, capacity, created_at, updated_at) VALUES ('ann', 'ann@example.com', 'Ann', 'ann', 'agent', 'online', 5, 0, 0)")
        }
        _ = try store.perform(.assignAgent("ann"), on: first, viewer: .everyone, actor: "agent:tester")
        for i in 0..<5 { _ = try ingest("+1777\(i)") }
        XCTAssertEqual(try ingest("+1555"), first)
        commits = store.commitStats.commits
        let pass = try store.notifyFromEvents(now: now + 1_300, progress: &progress)
        XCTAssertEqual(store.commitStats.commits, commits + 1)
        XCTAssertEqual(pass.notifications, 2, "assigned, then the customer's answer: \(pass)")

        // Another notifier (after a restart) starts from the stored cursor: nothing is notified twice.
        var restarted = NotifierProgress()
        XCTAssertEqual(try store.notifyFromEvents(now: now + 1_400, progress: &restarted).notifications, 0)
    }
}
