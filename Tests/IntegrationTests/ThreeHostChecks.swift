import Foundation
import SwitchboardDomain
import XCTest

/// The three-host test's checks, each against what the shared database holds at the end.
extension ThreeHostFaultTests {
    /// Every acknowledged message stored once; each customer in one conversation and each
    /// conversation one customer's; per conversation, messages in sequence order.
    func checkStoredExactlyOnce(_ acknowledged: [RoundRobinSender.Acknowledged], _ db: StoreConnection) throws {
        let stored = try db.query("SELECT provider_message_id, conversation_id FROM messages WHERE channel_instance_id = 'fb' AND direction = 'inbound' ORDER BY id") {
            (mid: $0.text(0), conversation: $0.text(1))
        }
        let byMid = Dictionary(grouping: stored, by: \.mid)
        let twice = byMid.filter { $0.value.count > 1 }.keys.sorted()
        XCTAssertEqual(twice.count, 0, "stored more than once: \(twice.prefix(10))")
        let sent = Set(acknowledged.map(\.mid))
        let missing = sent.subtracting(byMid.keys).sorted()
        XCTAssertEqual(missing.count, 0, "acknowledged but not stored: \(missing.prefix(10))")
        XCTAssertEqual(Set(byMid.keys).subtracting(sent).count, 0, "stored but never acknowledged (the sender retried until acknowledged)")

        let sequenceOf = Dictionary(uniqueKeysWithValues: acknowledged.filter { !$0.duplicate }.map { ($0.mid, ($0.customer, $0.sequence)) })
        var conversationsOf: [Int: Set<String>] = [:], customersIn: [String: Set<Int>] = [:], sequencesIn: [String: [Int]] = [:]
        for message in stored {
            guard let (customer, sequence) = sequenceOf[message.mid] else { continue }
            conversationsOf[customer, default: []].insert(message.conversation)
            customersIn[message.conversation, default: []].insert(customer)
            sequencesIn[message.conversation, default: []].append(sequence)
        }
        let split = conversationsOf.filter { $0.value.count > 1 }
        XCTAssertEqual(split.count, 0, "customers whose messages opened several conversations: \(split.prefix(5))")
        let mixed = customersIn.filter { $0.value.count > 1 }
        XCTAssertEqual(mixed.count, 0, "conversations holding several customers: \(mixed.prefix(5))")
        XCTAssertEqual(conversationsOf.count, customers, "one conversation per customer")
        let disordered = sequencesIn.filter { $0.value != $0.value.sorted() }
        XCTAssertEqual(disordered.count, 0, "conversations whose messages are out of sequence order: \(disordered.prefix(5))")
    }

    /// Feed ids dense: no id missing between the first and the last. Returns the last.
    func checkFeedIsDense(_ db: StoreConnection) throws -> Int64 {
        let ids = try db.query("SELECT id FROM events ORDER BY id") { $0.int(0) }
        let gaps = zip(ids, ids.dropFirst()).filter { $1 != $0 + 1 }.map { "\($0)→\($1)" }
        XCTAssertEqual(gaps.count, 0, "feed ids not dense (\(ids.count) events): gaps \(gaps.prefix(10))")
        return ids.last ?? 0
    }

    /// Each stream saw every event after its start once, in order, across its reconnections.
    func checkStreams(_ db: StoreConnection, after feedStart: Int64, through maxID: Int64) throws {
        let feed = try db.query("SELECT id FROM events WHERE id > ? AND id <= ? ORDER BY id", [.integer(feedStart), .integer(maxID)]) { $0.int(0) }
        let deadline = Date().addingTimeInterval(30)
        for (index, stream) in streams.enumerated() {
            let caughtUp = stream.waitFor(maxID, timeout: max(0.1, deadline.timeIntervalSinceNow))
            let received = stream.received.withLock { $0 }.filter { $0 <= maxID }
            let start = stream.startID.withLock { $0 } ?? 0
            let expected = feed.filter { $0 > start }
            let hosts = stream.connections.withLock { $0 }
            let name = "stream \(index) (connected to hosts \(hosts))"
            XCTAssertTrue(caughtUp, "\(name) reached the last event \(maxID); its last: \(stream.lastID ?? -1); endings: \(stream.endings.withLock { $0.suffix(5) })")
            let repeated = Dictionary(grouping: received, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
            XCTAssertEqual(repeated.count, 0, "\(name) received events twice: \(repeated.prefix(10))")
            let backwards = zip(received, received.dropFirst()).filter { $1 <= $0 }.map { "\($0)→\($1)" }
            XCTAssertEqual(backwards.count, 0, "\(name) received events out of order: \(backwards.prefix(10))")
            let missing = Set(expected).subtracting(received).sorted()
            XCTAssertEqual(missing.count, 0, "\(name) missed \(missing.count) events: \(missing.prefix(10))")
            XCTAssertGreaterThan(Set(hosts).count, 1, "\(name) reconnected to another host")
        }
    }

    /// Each subscription got every event of its type, in order; a resend only around a
    /// fault (the kill, or the database restart), with its delivery id unchanged.
    func checkSubscriptions(_ subscriptions: [String], _ db: StoreConnection, faults: Faults) throws {
        let expected = try db.query("SELECT id FROM events WHERE type = ? ORDER BY id", [.text(Self.subscribedType)]) { $0.int(0) }
        let slack = Double(Self.ttlMs) / 1000 + 8
        let windows = [(faults.killedAt, faults.restartedAt.addingTimeInterval(slack)),
                       (faults.databaseDownAt, faults.databaseUpAt.addingTimeInterval(slack))]
        // Wait while deliveries still come (at most 60 s); 10 s without one is a stall.
        let deadline = Date().addingTimeInterval(60)
        var lastCount = -1, lastProgress = Date()
        while Date() < deadline && Date().timeIntervalSince(lastProgress) < 10 {
            let count = receivers.map { Set($0.delivered.map(\.eventID)).count }.reduce(0, +)
            if count == expected.count * receivers.count { break }
            if count != lastCount { (lastCount, lastProgress) = (count, Date()) }
            usleep(100_000)
        }
        for (subscription, receiver) in zip(subscriptions, receivers) {
            let hits = receiver.delivered
            let missing = Set(expected).subtracting(hits.map(\.eventID)).sorted()
            XCTAssertEqual(missing.count, 0, "subscription \(subscription) missed \(missing.count) of \(expected.count): \(missing.prefix(10))")
            XCTAssertTrue(receiver.all.allSatisfy(\.signed), "every delivery to \(subscription) signed with its secret")
            var firstAt: [Int64: Date] = [:], highest: Int64 = 0, resent: [String] = []
            for hit in hits {
                XCTAssertEqual(hit.deliveryID, "\(subscription)-\(hit.eventID)", "a delivery id names the subscription and event, resends too")
                if let original = firstAt[hit.eventID] {
                    let aroundFault = windows.contains { original <= $0.0.addingTimeInterval(0.5) && hit.receivedAt >= $0.0 && hit.receivedAt <= $0.1 }
                    if !aroundFault { resent.append("\(hit.eventID)") }
                } else {
                    XCTAssertGreaterThan(hit.eventID, highest, "subscription \(subscription): event \(hit.eventID) first sent after \(highest)")
                    firstAt[hit.eventID] = hit.receivedAt
                    highest = max(highest, hit.eventID)
                }
            }
            XCTAssertEqual(resent, [], "subscription \(subscription): events sent again away from any fault")
            progress("subscription \(subscription): \(hits.count) deliveries of \(expected.count) events")
        }
    }

    /// No two owners of one lease at once; the killed host's leases taken over within TTL and a pass.
    func checkLeases(_ db: StoreConnection, faults: Faults) throws {
        let history = try LeaseHistory.read(from: db)
        XCTAssertFalse(history.writes.isEmpty, "the lease history recorded writes")
        XCTAssertEqual(history.overlaps(), [], "lease terms overlap")
        let killedAtMs = Int64(faults.killedAt.timeIntervalSince1970 * 1000)
        // No host can take a lease while PostgreSQL is down: an outage that begins before the bound
        // ends pushes it back by the outage's length.
        var bound = Self.ttlMs + 2000
        let downMs = Int64(faults.databaseDownAt.timeIntervalSince1970 * 1000), upMs = Int64(faults.databaseUpAt.timeIntervalSince1970 * 1000)
        if downMs < killedAtMs + bound, upMs > killedAtMs { bound += upMs - max(downMs, killedAtMs) }
        let takeovers = history.takeovers(from: faults.killedHostID, at: killedAtMs)
        XCTAssertFalse(takeovers.isEmpty, "the killed host held leases")
        for (name, afterMs) in takeovers {
            progress("lease \(name) of the killed host: taken over \(afterMs.map { "\($0) ms" } ?? "never") after kill -9 (TTL \(Self.ttlMs) ms)")
            // Work that runs all the time must move; a channel instance's timers only move when they fire.
            guard name.hasPrefix("webhook:") || name == "workflow.sweeps" else { continue }
            XCTAssertNotNil(afterMs, "\(name) taken over after the kill")
            XCTAssertLessThanOrEqual(afterMs ?? .max, bound, "\(name) taken over within TTL + one pass (+ the database's outage, if it fell inside)")
        }
    }
}
