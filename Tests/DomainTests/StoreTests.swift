import Foundation
import SwitchboardDomain
import SwitchboardSupport
import XCTest

final class StoreTests: StoreTestCase {

    func message(_ id: String, from identity: String = "ann@example.com", instance: String = "email1", text: String = "hello") -> InboundMessage {
        InboundMessage(channelInstanceID: instance, identity: Identity(kind: "email", value: identity), providerMessageID: id, text: text)
    }

    func testIngestCreatesThenContinuesAConversationAndDedupes() throws {
        let first = try store.ingest(message("m1"))
        XCTAssertTrue(first.createdConversation)
        XCTAssertFalse(first.duplicate)
        let second = try store.ingest(message("m2"))
        XCTAssertEqual(second.conversationID, first.conversationID)
        XCTAssertFalse(second.createdConversation)
        let retry = try store.ingest(message("m1"))
        XCTAssertTrue(retry.duplicate)
        XCTAssertEqual(retry.messageID, first.messageID)
        XCTAssertEqual(try store.messages(conversationID: first.conversationID).count, 2)
        // The same provider id on another instance is another message.
        XCTAssertFalse(try store.ingest(message("m1", instance: "email2")).duplicate)
        // Another customer gets their own conversation.
        XCTAssertNotEqual(try store.ingest(message("m3", from: "bob@example.com")).conversationID, first.conversationID)
    }

    func testIngestRejectsMissingFields() throws {
        XCTAssertThrowsError(try store.ingest(message(""))) { error in
            XCTAssertTrue("\(error)".contains("provider_message_id"), "\(error)")
        }
        XCTAssertThrowsError(try store.ingest(message("m1", text: "")))
        XCTAssertEqual(try store.conversations(ConversationFilter()).count, 0)
    }

    func testReplyQueuesInTheOutboxAndEngages() throws {
        let inbound = try store.ingest(message("m1"))
        XCTAssertEqual(try store.conversation(id: inbound.conversationID)?.engagement, .pending)
        let reply = try store.queueReply(Reply(conversationID: inbound.conversationID, authorKind: .agent, authorID: "sam", text: "Hi Ann"))
        XCTAssertEqual(reply.deliveryStatus, .queued)
        XCTAssertEqual(try store.conversation(id: inbound.conversationID)?.engagement, .engaged)
        let heads = try store.dueOutboxHeads(now: Clock.nowMillis() + 1, limit: 10)
        XCTAssertEqual(heads.map(\.messageID), [reply.id])
        // A customer message makes it the customer's turn again.
        _ = try store.ingest(message("m2"))
        XCTAssertEqual(try store.conversation(id: inbound.conversationID)?.engagement, .pending)
    }

    func testOutboxHandsOutOneReplyPerConversationInOrder() throws {
        let a = try store.ingest(message("a1", from: "a@example.com")).conversationID
        let b = try store.ingest(message("b1", from: "b@example.com")).conversationID
        let a1 = try store.queueReply(Reply(conversationID: a, authorKind: .agent, authorID: nil, text: "one"))
        let a2 = try store.queueReply(Reply(conversationID: a, authorKind: .agent, authorID: nil, text: "two"))
        let b1 = try store.queueReply(Reply(conversationID: b, authorKind: .agent, authorID: nil, text: "three"))
        var heads = try store.dueOutboxHeads(now: Clock.nowMillis() + 1, limit: 10)
        XCTAssertEqual(Set(heads.map(\.messageID)), [a1.id, b1.id])

        // A retry keeps a2 behind a1 until a1 is done.
        let head = heads.first { $0.messageID == a1.id }!
        try store.markRetry(head, error: "503", nextAttemptAt: Clock.nowMillis() + 60_000)
        heads = try store.dueOutboxHeads(now: Clock.nowMillis() + 1, limit: 10)
        XCTAssertEqual(heads.map(\.messageID), [b1.id])
        try store.markFailed(head, error: "gave up")
        heads = try store.dueOutboxHeads(now: Clock.nowMillis() + 1, limit: 10)
        XCTAssertEqual(Set(heads.map(\.messageID)), [a2.id, b1.id])
        XCTAssertEqual(try store.outboxEntries(state: "failed").map(\.messageID), [a1.id])
        XCTAssertEqual(try store.message(id: a1.id)?.deliveryStatus, .failed)
    }

    func testSnoozedAndDoneConversationsReopenOnACustomerMessage() throws {
        let id = try store.ingest(message("m1")).conversationID
        _ = try store.write { db in try db.run("UPDATE conversations SET status = 'done' WHERE id = ?", [.text(id)]) }
        XCTAssertEqual(try store.ingest(message("m2")).conversationID, id)
        XCTAssertEqual(try store.conversation(id: id)?.status, .active)
        XCTAssertTrue(try store.events(conversationID: id).contains { $0.type == "conversation.reopened" })
        // An archived conversation stays closed: the next message starts a new one.
        _ = try store.write { db in try db.run("UPDATE conversations SET status = 'archived' WHERE id = ?", [.text(id)]) }
        XCTAssertNotEqual(try store.ingest(message("m3")).conversationID, id)
    }

    func testChannelSwitchKeepsTheConversationAndAddsTheIdentity() throws {
        let inbound = try store.ingest(message("m1"))
        let conversation = try XCTUnwrap(store.conversation(id: inbound.conversationID))
        try store.switchChannel(conversationID: inbound.conversationID, to: "sms1", identity: Identity(kind: "phone", value: "+15551234567"), actor: "test")
        let moved = try XCTUnwrap(store.conversation(id: inbound.conversationID))
        XCTAssertEqual(moved.channelInstanceID, "sms1")
        XCTAssertEqual(moved.contactID, conversation.contactID)
        XCTAssertEqual(try store.identity(contactID: conversation.contactID, kinds: ["phone"])?.value, "+15551234567")
        XCTAssertTrue(try store.events(conversationID: moved.id).contains { $0.type == "conversation.channel_switched" })
    }

    func testGroupCommitUnderConcurrentWriters() throws {
        let group = DispatchGroup()
        let errors = Locked(0)
        let store = self.store!
        for thread in 0..<16 {
            group.enter()
            Thread {
                for i in 0..<50 {
                    let m = InboundMessage(channelInstanceID: "email1", identity: Identity(kind: "email", value: "u\(thread)@example.com"),
                                           providerMessageID: "t\(thread)-\(i)", text: "hello")
                    do { _ = try store.ingest(m) } catch { errors.withLock { $0 += 1 } }
                }
                group.leave()
            }.start()
        }
        XCTAssertEqual(group.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(errors.withLock { $0 }, 0)
        XCTAssertEqual(try store.counts().messages, 800)
        XCTAssertEqual(try store.counts().conversations, 16)
    }

    func testAFailingWriteRollsBackAloneInItsGroup() throws {
        XCTAssertThrowsError(try store.write { db in
            try db.run("INSERT INTO credentials (id, secret, created_at) VALUES ('a', 's', 0)")
            throw CocoaError(.featureUnsupported)
        })
        try store.putCredential(id: "b", secret: "s", description: "")
        XCTAssertNil(try store.credentialSecret(id: "a"))
        XCTAssertEqual(try store.credentialSecret(id: "b"), "s")
    }

    /// Writes queued while the writer is busy commit together: a failing ingest among them (an
    /// unknown conversation_id) fails alone, and every other one is stored exactly once.
    func testAFailingIngestFailsAloneInItsGroup() throws {
        let store = self.store!
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        Thread { _ = try? store.write { _ in holding.signal(); release.wait() } }.start()
        holding.wait()
        let outcomes = Locked([String: Bool]())
        let group = DispatchGroup()
        for i in 0..<8 {
            var unsent = message("g\(i)", from: "u\(i)@example.com")
            if i == 3 { unsent.conversationID = "cnv_missing" }
            let m = unsent
            group.enter()
            Thread {
                let stored = (try? store.ingest(m)) != nil
                outcomes.withLock { $0[m.providerMessageID] = stored }
                group.leave()
            }.start()
        }
        Clock.sleep(milliseconds: 200)   // all eight queue behind the held write: one group
        release.signal()
        XCTAssertEqual(group.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(outcomes.withLock { $0.filter(\.value).count }, 7)
        XCTAssertEqual(outcomes.withLock { $0["g3"] }, false)
        XCTAssertEqual(try store.counts().messages, 7)
        XCTAssertEqual(try store.counts().conversations, 7)
        // The retried group left nothing behind: each customer continues their one conversation.
        for i in [0, 7] { XCTAssertFalse(try store.ingest(message("again\(i)", from: "u\(i)@example.com")).createdConversation) }
        XCTAssertEqual(try store.counts().conversations, 7)
    }

    /// Ingest remembers what it looked up (contact, open conversation); any other write may change
    /// that, and the next ingest sees the change.
    func testIngestSeesWhatOtherWritesChanged() throws {
        let first = try store.ingest(message("m1"))
        _ = try store.write { db in try db.run("UPDATE conversations SET status = 'done' WHERE id = ?", [.text(first.conversationID)]) }
        let second = try store.ingest(message("m2"))
        XCTAssertEqual(second.conversationID, first.conversationID)
        XCTAssertEqual(try store.conversation(id: first.conversationID)?.status, .active)
        XCTAssertTrue(try store.events(conversationID: first.conversationID).contains { $0.type == "conversation.reopened" })
        _ = try store.write { db in try db.run("UPDATE conversations SET status = 'archived' WHERE id = ?", [.text(first.conversationID)]) }
        let third = try store.ingest(message("m3"))
        XCTAssertTrue(third.createdConversation)
        XCTAssertFalse(try store.ingest(message("m4")).createdConversation)
        XCTAssertEqual(try store.ingest(message("m4")).conversationID, third.conversationID)
        XCTAssertTrue(try store.ingest(message("m4")).duplicate)
        // A message naming a stack that does not exist is refused whole, even once its row was inserted.
        var unknownStack = message("m5")
        unknownStack.agentStack = "no-such-stack"
        XCTAssertThrowsError(try store.ingest(unknownStack))
        XCTAssertEqual(try store.counts().messages, 4)
        XCTAssertFalse(try store.ingest(message("m5")).duplicate)
    }

    func testPluginStateScan() throws {
        for key in ["out/002", "out/001", "out/003", "seq", "other/1"] {
            try store.stateSet(instanceID: "i", key: key, value: Array(key.utf8))
        }
        XCTAssertEqual(try store.stateScan(instanceID: "i", prefix: "out/", after: "", limit: 10).map(\.0), ["out/001", "out/002", "out/003"])
        XCTAssertEqual(try store.stateScan(instanceID: "i", prefix: "out/", after: "out/001", limit: 1).map(\.0), ["out/002"])
        XCTAssertTrue(try store.stateScan(instanceID: "other", prefix: "", after: "", limit: 10).isEmpty)
    }

    func testAPIKeysAreStoredHashedAndScoped() throws {
        let (info, secret) = try store.createAPIKey(name: "crm", role: .integrator, channelInstanceIDs: ["api1"])
        XCTAssertEqual(try store.authenticate(apiKey: secret)?.channelInstanceIDs, ["api1"])
        XCTAssertNil(try store.authenticate(apiKey: secret + "x"))
        let stored = try store.read { db in try db.queryOne("SELECT key_hash FROM api_keys WHERE id = ?", [.text(info.id)]) { $0.text(0) } }
        XCTAssertNotEqual(stored, secret)
        XCTAssertTrue(try store.revokeAPIKey(id: info.id))
        XCTAssertNil(try store.authenticate(apiKey: secret))
    }

    /// Checkpoints run off the writer (Checkpointer) and still keep the WAL bounded: it starts over
    /// once copied, instead of growing for as long as writes keep coming.
    func testTheWALIsCheckpointedAndStartsOverUnderSteadyWrites() throws {
        let path = directory + "/wal.sqlite"
        let small = try Store(path: path, checkpointFrames: 50)
        defer { small.close() }
        let text = String(repeating: "x", count: 1000)
        let writers = DispatchGroup()
        for w in 0..<8 {
            writers.enter()
            Thread {
                defer { writers.leave() }
                for i in 0..<150 {
                    _ = try? small.ingest(InboundMessage(channelInstanceID: "c", identity: Identity(kind: "email", value: "p\(i % 40)@example.com"),
                                                         providerMessageID: "w\(w)-\(i)", text: text))
                }
            }.start()
        }
        writers.wait()
        let walBytes = (try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.intValue ?? 0
        let dbBytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        // 1200 messages of 1 KB is some 4 MB of pages written; without checkpoints it would all be in the WAL.
        XCTAssertGreaterThan(dbBytes, 1_000_000, "pages were copied into the database file")
        XCTAssertLessThan(walBytes, 3_000_000, "the WAL started over instead of holding every write")
        XCTAssertEqual(try small.read { db in try db.queryOne("SELECT COUNT(*) FROM messages") { $0.int(0) } }, 1200)
    }
}
