import PluginKit
import WebChatLogic

/// The visitors' open event streams (one per tab), by identity, so a reply reaches every tab of
/// the visitor and an agent's typing shows in all of them. Also remembers when an identity's last
/// stream ended: a dead connection is one gone for longer than the reconnect grace.
final class StreamHub: @unchecked Sendable {
    private let host: PluginHost
    private let lock = PluginLock()
    private var streams: [Identity: Set<UInt64>] = [:]
    private var owners: [UInt64: Identity] = [:]
    private var goneSince: [Identity: Int64] = [:]
    /// The highest message id each stream has been sent (replayed or pushed): a reply offered
    /// again after a reconnect (outbox kick) is not pushed a second time to a stream that
    /// already replayed it.
    private var highWater: [UInt64: Int64] = [:]
    /// Visitors this process never saw connected count as gone since it started.
    private let startedAtMs = Clock.nowMillis()

    init(host: PluginHost) { self.host = host }

    func add(_ stream: UInt64, for identity: Identity) {
        lock.withLock {
            streams[identity, default: []].insert(stream)
            owners[stream] = identity
            goneSince[identity] = nil
        }
    }

    /// The host ended the stream (client gone, closed, stopping).
    func remove(_ stream: UInt64, nowMs: Int64 = Clock.nowMillis()) {
        lock.withLock {
            highWater[stream] = nil
            guard let identity = owners.removeValue(forKey: stream) else { return }
            streams[identity]?.remove(stream)
            if streams[identity]?.isEmpty == true {
                streams[identity] = nil
                goneSince[identity] = nowMs
                forgetLongGone(nowMs: nowMs)
            }
        }
    }

    /// Inside the lock. Beyond the longest reconnect grace, when a visitor left no longer
    /// matters (they are dead either way): forget those, so the map stays as small as recent departures.
    private func forgetLongGone(nowMs: Int64) {
        guard goneSince.count > 10_000 else { return }
        goneSince = goneSince.filter { nowMs - $0.value < Self.rememberGoneMs }
    }

    static let rememberGoneMs: Int64 = 2 * 3_600_000

    func liveCount(_ identity: Identity) -> Int { lock.withLock { streams[identity]?.count ?? 0 } }

    /// When the identity's last stream ended; a visitor not seen since this process started (or
    /// forgotten, hours ago) counts as gone since the start, which is long enough to be dead.
    func goneSinceMs(_ identity: Identity) -> Int64 { lock.withLock { goneSince[identity] ?? startedAtMs } }

    var totalStreams: Int { lock.withLock { owners.count } }

    /// Queues `text` on every stream of the identity; returns on how many it was queued. A stream
    /// the host says has ended (or fell too far behind) is dropped here at once.
    @discardableResult
    func send(_ text: String, to identity: Identity) -> Int {
        let targets = lock.withLock { streams[identity] ?? [] }
        var queued = 0
        for stream in targets {
            do {
                try host.streamSend(stream, text)
                queued += 1
            } catch {
                remove(stream)
            }
        }
        return queued
    }

    /// The replay on a new stream covered every message up to `messageID`.
    func noteSent(_ stream: UInt64, upTo messageID: Int64) {
        lock.withLock { if owners[stream] != nil { highWater[stream] = max(highWater[stream] ?? 0, messageID) } }
    }

    /// Pushes a message event to every stream of the identity that has not had it yet; returns
    /// how many streams have it now.
    @discardableResult
    func sendMessage(_ text: String, id messageID: Int64, to identity: Identity) -> Int {
        let targets = lock.withLock { (streams[identity] ?? []).map { ($0, (highWater[$0] ?? 0) >= messageID) } }
        var reached = 0
        for (stream, alreadyHas) in targets {
            if alreadyHas { reached += 1; continue }
            do {
                try host.streamSend(stream, text)
                noteSent(stream, upTo: messageID)
                reached += 1
            } catch {
                remove(stream)
            }
        }
        return reached
    }

    /// Ends every stream (the widget's secret changed: old tokens must reconnect and be checked again).
    func closeAll() {
        let all = lock.withLock { Array(owners.keys) }
        for stream in all { host.streamClose(stream) }
    }
}
