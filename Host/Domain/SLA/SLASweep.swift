import SwitchboardSupport

extension Store {
    /// When the sweep next has something to announce, if ever.
    public func nextSLAAlert() throws -> Int64? {
        try read { db in try db.queryOne("SELECT MIN(sla_alert_at) FROM conversations WHERE sla_alert_at IS NOT NULL", [], { $0.optionalInt(0) }) ?? nil }
    }

    /// Announce, once each, the answers about to be missed (`sla.at_risk`) and missed (`sla.missed`)
    /// by `now`; an answer already past due when first looked at is only announced as missed.
    /// Returns how many events were written.
    @discardableResult
    public func sweepSLA(now: Int64 = Clock.nowMillis(), limit: Int = 500, fence: Lease? = nil) throws -> Int {
        try write { db in
            try Self.checkFence(db, fence)
            let due = try db.query(
                """
                SELECT id, response_due_at, sla_target, sla_policy_id FROM conversations
                WHERE sla_alert_at <= ? AND response_due_at IS NOT NULL ORDER BY sla_alert_at LIMIT ?
                """, [.integer(now), .integer(Int64(limit))], { ($0.text(0), $0.int(1), $0.optionalText(2), $0.optionalText(3)) })
            for (id, dueAt, target, policyID) in due {
                let missed = dueAt <= now
                try db.run("UPDATE conversations SET sla_state = ?, sla_alert_at = ? WHERE id = ?",
                           [.text(missed ? "missed" : "at_risk"), missed ? .null : .integer(dueAt), .text(id)])
                try Self.appendEvent(db, conversationID: id, type: missed ? "sla.missed" : "sla.at_risk", actor: "system",
                                     data: ["target": .from(target), "due_at": .string(Clock.iso8601(dueAt)), "policy_id": .from(policyID)],
                                     now: now)
            }
            return due.count
        }
    }
}
