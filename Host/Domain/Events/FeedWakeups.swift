import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// Hosts sharing one PostgreSQL database wake each other when the event feed grows, so an SSE
/// client, a webhook subscription or the notifier on one host hears of a message another host
/// ingested at once, not at its next local commit.
///
/// After this host's groups commit, the newest id goes out as `NOTIFY switchboard_feed, '<id>'`
/// (PostgresNotifications: one statement of its own, never inside the writer's transactions),
/// debounced: under load one every few milliseconds carries every group committed meanwhile.
/// A notification from another host with a newer id, or a poll of `feed_head` finding one (every
/// `pollMs`: a notification is only a hint and may be lost), does here exactly what a local commit
/// does: `store.committed` wakes everything that reads the feed after the cursor it keeps.
public final class FeedWakeups: @unchecked Sendable {
    public static let channel = "switchboard_feed"

    private let store: Store
    private let notifications: PostgresNotifications
    private let debounceMs: Int
    private let pollMs: Int
    private let log: Logger
    /// The newest event id this host's readers have been woken for.
    private let known = Locked<Int64>(0)
    private let stopped = Locked(false)

    public init(store: Store, notifications: PostgresNotifications, debounceMs: Int = 3, pollMs: Int = 300,
                log: Logger = Logger("feed")) {
        self.store = store
        self.notifications = notifications
        self.debounceMs = debounceMs
        self.pollMs = pollMs
        self.log = log
    }

    public func start() {
        notifications.subscribe(Self.channel) { [self] payload in
            // nil: the connection was lost meanwhile and notifications with it; look at the feed.
            guard let payload, let id = Int64(payload) else { return poll() }
            advance(to: id)
        }
        notifications.start()
        startThread(name: "feed-wakeups") { [self] in run() }
    }

    public func stop() {
        stopped.withLock { $0 = true }
        store.committed.notifyAll()
    }

    /// Wake the local readers if `id` is newer than what they were woken for.
    private func advance(to id: Int64) {
        let newer = known.withLock { k -> Bool in
            guard id > k else { return false }
            k = id
            return true
        }
        if newer { store.committed.notifyAll() }
    }

    private func poll() {
        do {
            advance(to: try store.read { try FeedHead.committedHead($0) })
        } catch {
            log.warn("reading the feed's head failed: \(error)")
        }
    }

    private func run() {
        var sent = store.lastCommittedEventID
        var nextPoll = Clock.nowMillis()
        while !stopped.withLock({ $0 }) {
            let seen = store.committed.current
            if store.lastCommittedEventID > sent {
                // Let the groups committing right behind this one go in the same notification.
                usleep(useconds_t(debounceMs * 1000))
                sent = store.lastCommittedEventID
                known.withLock { $0 = max($0, sent) }   // local readers were woken by the commit itself
                notifications.notify(Self.channel, payload: String(sent))
                continue
            }
            let now = Clock.nowMillis()
            if now >= nextPoll {
                poll()
                nextPoll = now + Int64(pollMs)
            }
            _ = store.committed.wait(after: seen, timeoutMs: Int(max(1, nextPoll - Clock.nowMillis())))
        }
    }
}
