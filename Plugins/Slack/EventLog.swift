import PluginKit

/// The `event_id`s already handled, so a retry of a handled event is acknowledged without
/// handling it twice. Only handled events are recorded: a retry of one that failed (or never got
/// its answer in time) is handled as any first delivery — never dropped for being a retry.
///
///     ev/<event_id>  → Unix ms when it was handled
struct EventLog {
    let host: PluginHost

    /// Slack retries for about an hour and a half (immediately, after 1 and 5 minutes, with
    /// backoff on later ones); ids are kept well past that.
    static let keepMs: Int64 = 6 * 3_600_000

    func handled(_ eventID: String) -> Bool { (try? host.kvGetString("ev/" + eventID)) != nil }

    func record(_ eventID: String, atMs now: Int64) throws { try host.kvSet("ev/" + eventID, String(now)) }

    /// Forgets ids older than `keepMs`, a page at a time (from the status timer).
    func prune(nowMs now: Int64) {
        do {
            var after = ""
            while true {
                let page = try host.kvScan(prefix: "ev/", after: after, limit: 500)
                for entry in page where (Int64(String(decoding: entry.value, as: UTF8.self)) ?? 0) < now - Self.keepMs {
                    try host.kvDelete(entry.key)
                }
                guard page.count == 500, let last = page.last else { return }
                after = last.key
            }
        } catch {
            host.log(.warn, "slack: could not prune the event log: \(error)")
        }
    }
}
