import SwitchboardSupport

/// Switches the customer completes on the other side (ABI 1.3 switch tickets): a Messenger user
/// can only be reached once they write to the Page, so the web chat hands them a link carrying a
/// single-use ticket, and the conversation moves when they arrive with it.
extension Store {
    public static let defaultSwitchTicketTTLMs: Int64 = 30 * 60_000
    public static let maxSwitchTicketTTLMs: Int64 = 24 * 3_600_000

    /// A new ticket (128 random bits, stored only as its hash) and when it expires.
    public func issueSwitchTicket(conversationID: String, targetKind: String, ttlMs: Int64) throws -> (ticket: String, expiresAt: Int64) {
        let ticket = Crypto.randomHex(bytes: 16)
        let now = Clock.nowMillis()
        let expires = now + min(ttlMs > 0 ? ttlMs : Self.defaultSwitchTicketTTLMs, Self.maxSwitchTicketTTLMs)
        try write { db in
            // Old tickets are of no use to anyone: pruned as new ones are made.
            try db.run("DELETE FROM switch_tickets WHERE expires_at < ?", [.integer(now - Self.maxSwitchTicketTTLMs)])
            try db.run("INSERT INTO switch_tickets (ticket_hash, conversation_id, target_kind, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                       [.text(Crypto.sha256Hex(ticket)), .text(conversationID), .text(targetKind), .integer(now), .integer(expires)])
        }
        return (ticket, expires)
    }

    /// Uses a ticket for `targetKind` once: its conversation, or nil when the ticket is unknown,
    /// used, expired or for another kind.
    public func useSwitchTicket(_ ticket: String, targetKind: String) throws -> String? {
        try write { db in
            let now = Clock.nowMillis()
            let hash = Crypto.sha256Hex(ticket)
            guard let conversationID = try db.queryOne(
                "SELECT conversation_id FROM switch_tickets WHERE ticket_hash = ? AND target_kind = ? AND used_at IS NULL AND expires_at > ?",
                [.text(hash), .text(targetKind), .integer(now)], { $0.text(0) }) else { return nil }
            try db.run("UPDATE switch_tickets SET used_at = ? WHERE ticket_hash = ?", [.integer(now), .text(hash)])
            return conversationID
        }
    }
}
