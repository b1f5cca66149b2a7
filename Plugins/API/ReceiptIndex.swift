import PluginKit

/// Remembers which provider message id each delivered message got, so receipts can name the
/// host's message id, and forgets it (with the pull queue's idempotency record) after
/// `retentionMs`, so the KV store does not grow forever:
///   "msg/<message id>"               -> provider message id
///   "gc/<unix ms, 20 digits>/<id>"   -> the keys to delete once that time is old enough
struct ReceiptIndex {
    let host: PluginHost

    static let retentionMs: Int64 = 30 * 24 * 60 * 60 * 1000
    /// Expired records removed per delivery: more than one, so cleanup outpaces new records.
    static let pruneBatch: UInt32 = 4

    func remember(messageID: Int64, providerMessageID: String, alsoForget keys: [String]) throws {
        let now = Clock.nowMillis()
        let recordKey = "msg/\(messageID)"
        try host.kvSet(recordKey, providerMessageID)
        try host.kvSet("gc/" + zeroPadded(UInt64(max(0, now))) + "/\(messageID)", ([recordKey] + keys).joined(separator: "\n"))
        try prune(now: now)
    }

    func providerMessageID(forMessageID messageID: Int64) throws -> String? {
        try host.kvGetString("msg/\(messageID)")
    }

    /// Deletes a few records older than the retention period, oldest first.
    private func prune(now: Int64) throws {
        let cutoff = "gc/" + zeroPadded(UInt64(max(0, now - Self.retentionMs)))
        for row in try host.kvScan(prefix: "gc/", limit: Self.pruneBatch) where row.key < cutoff {
            for key in String(decoding: row.value, as: UTF8.self).split(separator: "\n") { try host.kvDelete(String(key)) }
            try host.kvDelete(row.key)
        }
    }
}
