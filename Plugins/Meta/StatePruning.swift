import PluginKit

/// Forgets delivery bookkeeping once it can no longer matter: sent/<key> (a reply's progress,
/// needed only while the host may still retry it) and ours/<mid> (needed only until Meta's echo
/// of it arrives, seconds later), and WhatsApp's unread/<conversation> (a message to mark read
/// when an agent opens a conversation nobody opened for a week). All hold the Unix ms they were written. Run from the status
/// timer, a bounded slice per run, resuming after the last key looked at (prune/cursor).
struct StatePruning {
    let host: PluginHost

    static let prefixes = ["ours/", "sent/", WhatsAppReadMarks.prefix]
    static let maxAgeMs: Int64 = 7 * 24 * 3_600_000
    static let sliceSize: UInt32 = 500
    static let cursorKey = "prune/cursor"

    func run(nowMs: Int64) {
        for prefix in Self.prefixes { prune(prefix, nowMs: nowMs) }
    }

    private func prune(_ prefix: String, nowMs: Int64) {
        let cursor = host.storedString(Self.cursorKey + "/" + prefix) ?? ""
        do {
            let entries = try host.kvScan(prefix: prefix, after: cursor, limit: Self.sliceSize)
            for entry in entries where Self.isExpired(entry.value, nowMs: nowMs) { try host.kvDelete(entry.key) }
            // A short slice reached the end: start over next time.
            let next = entries.count < Int(Self.sliceSize) ? "" : entries.last?.key ?? ""
            try host.kvSet(Self.cursorKey + "/" + prefix, next)
        } catch {
            host.log(.warn, "could not prune \(prefix) entries: \(error)")
        }
    }

    /// Entries hold their write time, bare ("1700000000000") or as {"at": …}.
    static func isExpired(_ value: [UInt8], nowMs: Int64) -> Bool {
        let text = String(decoding: value, as: UTF8.self)
        guard let at = Int64(text) ?? (try? JSON.parse(text))?["at"]?.doubleValue.map({ Int64($0) }) else { return false }
        return nowMs - at > maxAgeMs
    }
}
