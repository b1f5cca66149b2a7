import PluginKit
import WebChatLogic

/// "Read" receipts for replies the widget showed: when the visitor sees a reply (POST /seen), the
/// host marks it read (report_delivery with the provider id `deliver` returned). A receipt can
/// only be recorded once the host has stored the reply as sent, which may be a moment after the
/// seen arrives (a reply held until seen is marked sent only on its next offer), so receipts are
/// queued and reported from a timer, each retried a few times. Best effort: kept in memory only.
final class ReadReceipts: @unchecked Sendable {
    private let host: PluginHost
    private let lock = PluginLock()
    /// Replies pushed and marked sent whose visitor has not seen them yet.
    private var unread: [Identity: Set<Int64>] = [:]
    /// Receipts to report: message id → attempts left.
    private var queue: [Int64: Int] = [:]
    private var timer: UInt64?

    static let flushDelayMs: UInt64 = 250
    static let attempts = 8
    static let maxUnreadPerVisitor = 200

    init(host: PluginHost) { self.host = host }

    static func providerMessageID(_ messageID: Int64) -> String { "webchat-\(messageID)" }

    /// `deliver` marked a pushed reply sent; `seen` when the visitor had already seen it.
    func sent(_ messageID: Int64, to identity: Identity, seen: Bool) {
        lock.withLock {
            if seen {
                queue[messageID] = Self.attempts
            } else {
                var ids = unread[identity, default: []]
                ids.insert(messageID)
                // A visitor who never looks keeps at most the newest few; older receipts are not worth memory.
                if ids.count > Self.maxUnreadPerVisitor, let oldest = ids.min() { ids.remove(oldest) }
                unread[identity] = ids
            }
        }
        if seen { schedule() }
    }

    /// The visitor saw everything up to `messageID`.
    func seen(upTo messageID: Int64, by identity: Identity) {
        let due = lock.withLock { () -> Bool in
            guard let ids = unread[identity] else { return false }
            let read = ids.filter { $0 <= messageID }
            guard !read.isEmpty else { return false }
            let left = ids.subtracting(read)
            unread[identity] = left.isEmpty ? nil : left
            for id in read { queue[id] = Self.attempts }
            return true
        }
        if due { schedule() }
    }

    /// From `timerFired`: true when the timer was this one's.
    func timerFired(_ id: UInt64) -> Bool {
        let mine = lock.withLock { () -> Bool in
            guard timer == id else { return false }
            timer = nil
            return true
        }
        if mine { flush() }
        return mine
    }

    private func flush() {
        let batch = lock.withLock { queue }
        var retry: [Int64: Int] = [:]
        for (messageID, left) in batch {
            do {
                try host.reportDelivery(providerMessageID: Self.providerMessageID(messageID), status: .read)
            } catch PluginError.notFound {
                if left > 1 { retry[messageID] = left - 1 }
            } catch {
                host.log(.debug, "read receipt for message \(messageID) not recorded: \(error)")
            }
        }
        let again = lock.withLock { () -> Bool in
            for id in batch.keys { queue[id] = nil }
            for (id, left) in retry where queue[id] == nil { queue[id] = left }
            return !queue.isEmpty
        }
        if again { schedule() }
    }

    private func schedule() {
        lock.withLock {
            guard timer == nil else { return }
            timer = try? host.startTimer(delayMs: Self.flushDelayMs)
        }
    }
}
