import SwitchboardSupport

/// A caller joining a queue live (`callSid` set) or asking for a callback.
public struct VoiceQueueJoin: Sendable, Equatable {
    public var queueID: String
    public var callSid: String?
    public var number: String
    public var calledNumber: String?
    public var conversationID: String?
    /// Callbacks only while it is open (the flow's hours, or the one an agent chose).
    public var scheduleID: String?

    public init(queueID: String, callSid: String?, number: String, calledNumber: String?, conversationID: String?, scheduleID: String? = nil) {
        self.queueID = queueID
        self.callSid = callSid
        self.number = number
        self.calledNumber = calledNumber
        self.conversationID = conversationID
        self.scheduleID = scheduleID
    }
}

extension Store {
    static let voiceQueueEntryColumns = """
        id, queue_id, status, call_sid, number, called_number, conversation_id, virtual_enqueued_at, attempts, max_attempts,
        retry_delay_seconds, next_attempt_at, agent_id, schedule_id, created_at, updated_at
        """

    static func voiceQueueEntry(_ row: Row) -> VoiceQueueEntry {
        VoiceQueueEntry(id: row.text(0), queueID: row.text(1), status: VoiceQueueEntryStatus(rawValue: row.text(2)) ?? .cancelled,
                        callSid: row.optionalText(3), number: row.text(4), calledNumber: row.optionalText(5),
                        conversationID: row.optionalText(6), virtualEnqueuedAt: row.int(7), attempts: Int(row.int(8)),
                        maxAttempts: Int(row.int(9)), retryDelaySeconds: Int(row.int(10)), nextAttemptAt: row.optionalInt(11),
                        agentID: row.optionalText(12), scheduleID: row.optionalText(13), createdAt: row.int(14), updatedAt: row.int(15))
    }

    public func voiceQueueEntry(id: String) throws -> VoiceQueueEntry? {
        try read { db in
            try db.queryOne("SELECT \(Self.voiceQueueEntryColumns) FROM voice_queue_entries WHERE id = ?", [.text(id)], Self.voiceQueueEntry)
        }
    }

    /// The call's live place, if it still waits on hold.
    public func voiceQueueEntry(callSid: String) throws -> VoiceQueueEntry? {
        try read { db in
            try db.queryOne("SELECT \(Self.voiceQueueEntryColumns) FROM voice_queue_entries WHERE call_sid = ? AND status = 'waiting'",
                            [.text(callSid)], Self.voiceQueueEntry)
        }
    }

    /// The place the agent's phone is ringing for (a caller offered to them, or a callback being dialled), if any.
    public func voiceQueueEntryRinging(agentID: String) throws -> VoiceQueueEntry? {
        try read { db in
            try db.queryOne("SELECT \(Self.voiceQueueEntryColumns) FROM voice_queue_entries WHERE agent_id = ? AND status IN ('waiting', 'dialing') LIMIT 1",
                            [.text(agentID)], Self.voiceQueueEntry)
        }
    }

    /// Everyone holding a place in the queue, in the order agents get them.
    public func voiceQueuePlaces(queueID: String) throws -> [VoiceQueueEntry] {
        try read { db in try Self.places(db, queueID: queueID) }
    }

    /// Place-holding callbacks across queues (the callbacks list), earliest place first.
    public func voiceCallbacks(queueID: String?) throws -> [VoiceQueueEntry] {
        try read { db in
            try db.query("""
                SELECT \(Self.voiceQueueEntryColumns) FROM voice_queue_entries
                WHERE status IN ('callback_waiting', 'dialing') AND (? IS NULL OR queue_id = ?)
                ORDER BY virtual_enqueued_at, id
                """, [.optional(queueID), .optional(queueID)], Self.voiceQueueEntry)
        }
    }

    /// The entry a free agent of the queue gets now (see `VoiceQueueOrder.next`); a schedule deleted
    /// since counts as closed (the callback waits rather than ringing at night).
    public func nextVoiceQueueEntry(queueID: String, nowMillis: Int64) throws -> VoiceQueueEntry? {
        let places = try voiceQueuePlaces(queueID: queueID)
        var open: [String: Bool] = [:]
        for id in Set(places.compactMap(\.scheduleID)) {
            open[id] = try voiceSchedule(id: id)?.ivrSchedule.status(atMillis: nowMillis) == .open
        }
        return VoiceQueueOrder.next(places, nowMillis: nowMillis, scheduleOpen: { open[$0] ?? false })
    }

    /// A live caller joins the queue. A callback the same number still holds in that queue is cancelled
    /// and its place taken over: calling in again never costs the place. A repeated request for the
    /// same call answers the existing entry.
    public func enqueueVoiceCall(_ join: VoiceQueueJoin, policy: VoiceCallbackPolicy = .standard, nowMillis: Int64) throws -> VoiceQueueEntry {
        guard let callSid = join.callSid else { throw VoiceQueueError.invalid(field: "call_sid", "a live caller needs the call's CallSid") }
        return try write { db in
            if let existing = try db.queryOne("SELECT \(Self.voiceQueueEntryColumns) FROM voice_queue_entries WHERE call_sid = ? AND status = 'waiting'",
                                              [.text(callSid)], Self.voiceQueueEntry) { return existing }
            let earlier = try db.queryOne(
                "SELECT MIN(virtual_enqueued_at) FROM voice_queue_entries WHERE queue_id = ? AND number = ? AND status = 'callback_waiting'",
                [.text(join.queueID), .text(join.number)], { $0.optionalInt(0) }) ?? nil
            try db.run("UPDATE voice_queue_entries SET status = 'cancelled', updated_at = ? WHERE queue_id = ? AND number = ? AND status = 'callback_waiting'",
                       [.integer(nowMillis), .text(join.queueID), .text(join.number)])
            return try Self.insertEntry(db, join, status: .waiting, virtualEnqueuedAt: min(earlier ?? nowMillis, nowMillis), policy: policy, now: nowMillis)
        }
    }

    /// A caller asks for a callback. From the hold (their call is waiting) the entry becomes a callback
    /// in the same place; from a callback node it joins now. A number holding a callback in the queue
    /// already keeps that one (no duplicates).
    public func requestVoiceCallback(_ join: VoiceQueueJoin, policy: VoiceCallbackPolicy = .standard, nowMillis: Int64) throws -> VoiceQueueEntry {
        try Self.check(policy)
        return try write { db in
            if let callSid = join.callSid, let live = try db.queryOne(
                "SELECT \(Self.voiceQueueEntryColumns) FROM voice_queue_entries WHERE call_sid = ? AND status = 'waiting'",
                [.text(callSid)], Self.voiceQueueEntry) {
                try db.run("""
                    UPDATE voice_queue_entries SET status = 'callback_waiting', max_attempts = ?, retry_delay_seconds = ?,
                        schedule_id = COALESCE(?, schedule_id), updated_at = ?
                    WHERE id = ?
                    """, [.integer(Int64(policy.maxAttempts)), .integer(Int64(policy.retryDelaySeconds)), .optional(join.scheduleID),
                          .integer(nowMillis), .text(live.id)])
                return try Self.entry(db, id: live.id)
            }
            if let held = try db.queryOne("""
                SELECT \(Self.voiceQueueEntryColumns) FROM voice_queue_entries
                WHERE queue_id = ? AND number = ? AND status IN ('callback_waiting', 'dialing') ORDER BY virtual_enqueued_at LIMIT 1
                """, [.text(join.queueID), .text(join.number)], Self.voiceQueueEntry) { return held }
            return try Self.insertEntry(db, join, status: .callbackWaiting, virtualEnqueuedAt: nowMillis, policy: policy, now: nowMillis)
        }
    }

    /// The live call left the queue: answered (by `agentID`), abandoned or out of time. Nil when the
    /// call holds no live place (a repeated or late request).
    @discardableResult
    public func leaveVoiceQueue(callSid: String, result: IVRQueueResult, agentID: String?, nowMillis: Int64) throws -> VoiceQueueEntry? {
        let status: VoiceQueueEntryStatus
        switch result {
        case .answered: status = .answered
        case .abandoned: status = .abandoned
        case .maxWait: status = .maxWait
        case .callbackRequested: throw VoiceQueueError.invalid(field: "result", "a callback request goes through requestVoiceCallback")
        }
        return try write { db in
            guard let live = try db.queryOne("SELECT id FROM voice_queue_entries WHERE call_sid = ? AND status = 'waiting'",
                                             [.text(callSid)], { $0.text(0) }) else { return nil }
            try db.run("UPDATE voice_queue_entries SET status = ?, agent_id = ?, updated_at = ? WHERE id = ?",
                       [.text(status.rawValue), .optional(agentID), .integer(nowMillis), .text(live)])
            return try Self.entry(db, id: live)
        }
    }

    /// The queue node's exit for a call whose place ended: how it ended (a provider's plain "left the
    /// queue" is told apart here). Nil while the call still waits, or never joined.
    public func voiceQueueExit(callSid: String) throws -> IVRQueueResult? {
        let status = try read { db in
            try db.queryOne("SELECT status FROM voice_queue_entries WHERE call_sid = ? ORDER BY updated_at DESC, created_at DESC LIMIT 1",
                            [.text(callSid)], { VoiceQueueEntryStatus(rawValue: $0.text(0)) }) ?? nil
        }
        switch status {
        case .answered: return .answered
        case .abandoned: return .abandoned
        case .maxWait: return .maxWait
        case .callbackWaiting, .dialing, .completed, .failed: return .callbackRequested
        case .waiting, .cancelled, nil: return nil
        }
    }

    /// A live caller is offered to an agent: their phone rings, and nobody else is offered this caller
    /// meanwhile. False when the caller no longer waits or is already offered.
    public func offerVoiceQueueEntry(id: String, agentID: String, nowMillis: Int64) throws -> Bool {
        try write { db in
            try db.run("UPDATE voice_queue_entries SET agent_id = ?, updated_at = ? WHERE id = ? AND status = 'waiting' AND agent_id IS NULL",
                       [.text(agentID), .integer(nowMillis), .text(id)])
            return db.changes == 1
        }
    }

    /// The agent's leg failed (busy, no answer): the caller is offered again, in the same place.
    public func withdrawVoiceOffer(id: String, nowMillis: Int64) throws {
        try write { db in
            try db.run("UPDATE voice_queue_entries SET agent_id = NULL, updated_at = ? WHERE id = ? AND status = 'waiting'",
                       [.integer(nowMillis), .text(id)])
        }
    }

    /// An agent is free for a callback: the outbound leg is being placed (agent first). Counts the attempt.
    public func startVoiceCallback(id: String, agentID: String, nowMillis: Int64) throws -> VoiceQueueEntry {
        try write { db in
            let entry = try Self.entry(db, id: id)
            guard entry.status == .callbackWaiting else { throw VoiceQueueError.conflict("callback \(id) is \(entry.status.rawValue), not waiting") }
            guard (entry.nextAttemptAt ?? 0) <= nowMillis else { throw VoiceQueueError.conflict("callback \(id) is not due before its retry delay") }
            try db.run("UPDATE voice_queue_entries SET status = 'dialing', attempts = attempts + 1, agent_id = ?, updated_at = ? WHERE id = ?",
                       [.text(agentID), .integer(nowMillis), .text(id)])
            return try Self.entry(db, id: id)
        }
    }

    /// The callback's dial ended: done, due again after the retry delay (same place), or out of attempts.
    public func finishVoiceCallbackAttempt(id: String, result: IVRDialResult, nowMillis: Int64) throws -> VoiceQueueEntry {
        try write { db in
            let entry = try Self.entry(db, id: id)
            guard entry.status == .dialing else { throw VoiceQueueError.conflict("callback \(id) is \(entry.status.rawValue), not dialing") }
            let policy = VoiceCallbackPolicy(maxAttempts: entry.maxAttempts, retryDelaySeconds: entry.retryDelaySeconds)
            switch policy.next(after: result, attempts: entry.attempts, nowMillis: nowMillis) {
            case .completed:
                try db.run("UPDATE voice_queue_entries SET status = 'completed', updated_at = ? WHERE id = ?", [.integer(nowMillis), .text(id)])
            case .failed:
                try db.run("UPDATE voice_queue_entries SET status = 'failed', updated_at = ? WHERE id = ?", [.integer(nowMillis), .text(id)])
            case .retry(let at):
                try db.run("UPDATE voice_queue_entries SET status = 'callback_waiting', agent_id = NULL, next_attempt_at = ?, updated_at = ? WHERE id = ?",
                           [.integer(at), .integer(nowMillis), .text(id)])
            }
            return try Self.entry(db, id: id)
        }
    }

    /// Cancels a waiting callback (an admin's or the caller's choice).
    public func cancelVoiceCallback(id: String, nowMillis: Int64) throws -> VoiceQueueEntry {
        try write { db in
            let entry = try Self.entry(db, id: id)
            guard entry.status == .callbackWaiting else { throw VoiceQueueError.conflict("callback \(id) is \(entry.status.rawValue), not waiting") }
            try db.run("UPDATE voice_queue_entries SET status = 'cancelled', updated_at = ? WHERE id = ?", [.integer(nowMillis), .text(id)])
            return try Self.entry(db, id: id)
        }
    }

    static func check(_ policy: VoiceCallbackPolicy) throws {
        guard VoiceCallbackPolicy.attemptsRange.contains(policy.maxAttempts) else {
            throw VoiceQueueError.invalid(field: "max_attempts", "must be from 1 to \(VoiceCallbackPolicy.attemptsRange.upperBound)")
        }
        guard VoiceCallbackPolicy.retryDelayRange.contains(policy.retryDelaySeconds) else {
            throw VoiceQueueError.invalid(field: "retry_delay_seconds", "must be from 30 to 86400")
        }
    }

    static func places(_ db: StoreConnection, queueID: String) throws -> [VoiceQueueEntry] {
        VoiceQueueOrder.ordered(try db.query(
            "SELECT \(voiceQueueEntryColumns) FROM voice_queue_entries WHERE queue_id = ? AND status IN ('waiting', 'callback_waiting', 'dialing')",
            [.text(queueID)], voiceQueueEntry))
    }

    static func entry(_ db: StoreConnection, id: String) throws -> VoiceQueueEntry {
        guard let entry = try db.queryOne("SELECT \(voiceQueueEntryColumns) FROM voice_queue_entries WHERE id = ?", [.text(id)], voiceQueueEntry)
        else { throw VoiceQueueError.notFound("no callback or queue entry \(id)") }
        return entry
    }

    static func insertEntry(_ db: StoreConnection, _ join: VoiceQueueJoin, status: VoiceQueueEntryStatus, virtualEnqueuedAt: Int64,
                            policy: VoiceCallbackPolicy, now: Int64) throws -> VoiceQueueEntry {
        let id = Identifier.make("vqe")
        try db.run("""
            INSERT INTO voice_queue_entries (id, queue_id, status, call_sid, number, called_number, conversation_id, virtual_enqueued_at,
                                             attempts, max_attempts, retry_delay_seconds, schedule_id, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)
            """, [.text(id), .text(join.queueID), .text(status.rawValue), .optional(join.callSid), .text(join.number),
                  .optional(join.calledNumber), .optional(join.conversationID), .integer(virtualEnqueuedAt),
                  .integer(Int64(policy.maxAttempts)), .integer(Int64(policy.retryDelaySeconds)), .optional(join.scheduleID),
                  .integer(now), .integer(now)])
        return try entry(db, id: id)
    }
}
