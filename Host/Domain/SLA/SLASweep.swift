import SwitchboardSupport

extension Store {
    /// When the sweep next has something to announce, if ever (on either clock).
    public func nextSLAAlert() throws -> Int64? {
        try read { db in
            try SLAClockColumns.both.compactMap { clock in
                try db.queryOne("SELECT MIN(\(clock.alertAt)) FROM conversations WHERE \(clock.alertAt) IS NOT NULL", [], { $0.optionalInt(0) }) ?? nil
            }.min()
        }
    }

    /// Announce, once each, the targets about to be missed (`sla.at_risk`) and missed (`sla.missed`)
    /// by `now`, on both clocks (the event's `target` names which: first_response, next_response or
    /// resolution); a target already past due when first looked at is only announced as missed.
    /// Returns how many events were written.
    @discardableResult
    public func sweepSLA(now: Int64 = Clock.nowMillis(), limit: Int = 500, fence: Lease? = nil) throws -> Int {
        // Spares ingest's cache: it sets only the SLA columns (state, alert time) of conversations and
        // appends events; the status, stack, contact and updated_at that IngestCache keeps stay as they are.
        try write(rerunnable: true, sparesIngestCache: true) { db in
            try Self.checkFence(db, fence)
            var written = 0
            for clock in SLAClockColumns.both {
                let due = try db.query(
                    """
                    SELECT id, \(clock.dueAt), \(clock.targetSQL), \(clock.policyID) FROM conversations
                    WHERE \(clock.alertAt) <= ? AND \(clock.dueAt) IS NOT NULL ORDER BY \(clock.alertAt) LIMIT ?
                    """, [.integer(now), .integer(Int64(limit))], { ($0.text(0), $0.int(1), $0.optionalText(2), $0.optionalText(3)) })
                for (id, dueAt, target, policyID) in due {
                    let missed = dueAt <= now
                    try db.run("UPDATE conversations SET \(clock.state) = ?, \(clock.alertAt) = ? WHERE id = ?",
                               [.text(missed ? "missed" : "at_risk"), missed ? .null : .integer(dueAt), .text(id)])
                    try Self.appendEvent(db, conversationID: id, type: missed ? "sla.missed" : "sla.at_risk", actor: "system",
                                         data: ["target": .from(target), "due_at": .string(Clock.iso8601(dueAt)), "policy_id": .from(policyID)],
                                         now: now)
                }
                written += due.count
            }
            return written
        }
    }
}
