/// Which waiting caller an agent gets next. One order for live callers and callbacks: the earliest
/// virtual enqueue time first, so a callback keeps the place its caller had on hold.
public enum VoiceQueueOrder {
    /// Places in order (earliest first, then by id for a stable order).
    public static func ordered(_ entries: [VoiceQueueEntry]) -> [VoiceQueueEntry] {
        entries.filter { $0.status.holdsPlace }
            .sorted { ($0.virtualEnqueuedAt, $0.id) < ($1.virtualEnqueuedAt, $1.id) }
    }

    /// The caller's 1-based position among everyone holding a place, for the hold announcement.
    public static func position(of id: String, in entries: [VoiceQueueEntry]) -> Int? {
        ordered(entries).firstIndex { $0.id == id }.map { $0 + 1 }
    }

    /// The entry to offer to a free agent now. A callback is offered only when due (its retry delay
    /// passed) and while its schedule is open (`scheduleOpen(id)`; no schedule: any time); one being
    /// dialled is skipped. A callback that may not be dialled yet does not block a later live
    /// caller: it keeps its place for when it may. A live caller already offered to an agent (whose
    /// phone is ringing) is skipped too.
    public static func next(_ entries: [VoiceQueueEntry], nowMillis: Int64, scheduleOpen: (String) -> Bool) -> VoiceQueueEntry? {
        ordered(entries).first { entry in
            switch entry.status {
            case .waiting: return entry.agentID == nil
            case .callbackWaiting: return (entry.nextAttemptAt ?? 0) <= nowMillis && (entry.scheduleID.map(scheduleOpen) ?? true)
            default: return false
            }
        }
    }
}
