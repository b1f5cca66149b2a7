import SwitchboardSupport

extension Store {
    /// The earliest time a snoozed conversation is due to wake, if any.
    public func nextSnoozeDue() throws -> Int64? {
        try read { db in try db.queryOne("SELECT MIN(snoozed_until) FROM conversations WHERE status = 'snoozed'", [], { $0.optionalInt(0) }) ?? nil }
    }

    /// Wake the snoozed conversations whose time has come (a customer message wakes them earlier, in Ingest).
    /// Returns the ids woken.
    @discardableResult
    public func wakeDueSnoozes(now: Int64 = Clock.nowMillis(), limit: Int = 500, fence: Lease? = nil) throws -> [String] {
        try write { db in
            try Self.checkFence(db, fence)
            let due = try db.query(
                "SELECT id, snoozed_until FROM conversations WHERE status = 'snoozed' AND snoozed_until <= ? ORDER BY snoozed_until LIMIT ?",
                [.integer(now), .integer(Int64(limit))], { ($0.text(0), $0.int(1)) })
            for (id, until) in due {
                try db.run("UPDATE conversations SET status = 'active', snoozed_until = NULL, updated_at = ? WHERE id = ?", [.integer(now), .text(id)])
                try Self.resumeSLAClock(db, conversationID: id, now: now)
                try Self.keepResolutionClock(db, conversationID: id, now: now)
                try Self.appendEvent(db, conversationID: id, type: "conversation.woken", actor: "system",
                                     data: ["reason": "snooze_ended", "snoozed_until": .string(Clock.iso8601(until))], now: now)
            }
            return due.map(\.0)
        }
    }
}
