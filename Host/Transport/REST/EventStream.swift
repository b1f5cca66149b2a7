import SwitchboardDomain
import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// Limits and timing of `GET /api/v1/stream`.
public struct EventStreamOptions: Sendable {
    /// Streams open at once, host-wide; over the bound the answer is 503. An idle stream costs
    /// a socket and a few hundred bytes (the stream loop writes it), but each one is read from
    /// the store after every commit that it may see.
    public var maxStreams = 10_000
    /// A comment line after this much silence, so dead clients are noticed (the write fails)
    /// and proxies keep the line open.
    public var heartbeatMs = 15_000
    /// The reconnection delay told to clients (`retry:`).
    public var retryMs = 2000
    /// Events sent per store read.
    public var batch = 200

    public init() {}
}

/// The open Server-Sent Event streams: admission, the stop flag, and one pump thread that
/// feeds them all.
///
/// No stream holds a thread: after every commit the pump reads, for each stream behind the
/// newest event, the next page of what its viewer may see, and queues it on the stream's
/// connection (the HTTP server's stream loop writes it and sends the heartbeats).
public final class EventStreams: @unchecked Sendable {
    let store: Store
    let options: EventStreamOptions
    private let log: Logger
    private let state = Locked(State())

    struct State {
        var open = 0
        var stopping = false
        var pumping = false
        /// Streams whose headers are out, by producer.
        var attached: [ObjectIdentifier: EventStreamProducer] = [:]
    }

    public enum Refusal: Error { case full(limit: Int), stopping }

    public init(store: Store, options: EventStreamOptions = EventStreamOptions(), log: Logger = Logger("stream")) {
        self.store = store
        self.options = options
        self.log = log
    }

    /// Streams open now.
    public var openCount: Int { state.withLock { $0.open } }

    /// Shutdown: every stream ends once what is queued is written, and new ones are refused.
    public func stop() {
        let ending = state.withLock { s -> [EventStreamProducer] in
            s.stopping = true
            return Array(s.attached.values)
        }
        for producer in ending { producer.connection?.end() }
        store.committed.notifyAll()   // the pump sees the stop flag now rather than at its timeout
    }

    /// A stream of the events `viewer` may see with ids above `after`; refused when stopping or full.
    public func open(viewer: Viewer, after: Int64, types: EventTypeFilter) throws(Refusal) -> HTTPStream {
        let refusal: Refusal? = state.withLock { s in
            if s.stopping { return .stopping }
            if s.open >= options.maxStreams { return .full(limit: options.maxStreams) }
            s.open += 1
            return nil
        }
        if let refusal { throw refusal }
        let producer = EventStreamProducer(viewer: viewer, cursor: after, types: types)
        let key = ObjectIdentifier(producer)
        return HTTPStream(heartbeat: Array(": keep-alive\n\n".utf8), heartbeatMs: options.heartbeatMs, opened: { [self] connection in
            // `id:` without data sets the client's Last-Event-ID without firing an event, so a client
            // that drops before any event resumes from here instead of from "now" at reconnection.
            connection.send(Array("retry: \(options.retryMs)\nid: \(after)\n\n".utf8))
            producer.connection = connection
            let startPump = state.withLock { s -> Bool in
                s.attached[key] = producer
                defer { s.pumping = true }
                return !s.pumping
            }
            if startPump { startThread(name: "event-streams") { [self] in pump() } }
            store.committed.notifyAll()   // read what this stream missed since `after` without waiting for a commit
        }, finished: { [self] in
            // Runs once when the connection ends, however it ends: the slot is given back.
            state.withLock { s in
                s.attached[key] = nil
                s.open -= 1
            }
        })
    }

    /// Why reading "after the cursor" is exact: events are written by the store's single writer
    /// thread with AUTOINCREMENT ids inside its transactions, so ids grow in commit order. When a
    /// read has seen every committed event up to id N, no event below N can be committed later;
    /// so each visible event is sent once, in id order, across wake-ups and across reconnections
    /// (the client's Last-Event-ID is the cursor). `Store.events(after:visibleTo:types:limit:)`
    /// bounds its scan by the newest id it read, so `through` is safe to continue from.
    ///
    /// Wake-ups come from `store.committed` (notified after every group commit, and on PostgreSQL
    /// when another host's commit is heard of: FeedWakeups), with a timeout of a second so the
    /// stop flag is noticed without a commit. (On PostgreSQL ids are given at commit: FeedHead.)
    private func pump() {
        while true {
            // Read the generation before the store, so a commit landing after the reads wakes the wait below.
            let seen = store.committed.current
            let (producers, stopping) = state.withLock { (Array($0.attached.values), $0.stopping) }
            if stopping { return }
            var behind = false
            if !producers.isEmpty {
                do {
                    let newest = try store.latestEventID()
                    for producer in producers where producer.cursor < newest {
                        if producer.catchUp(store: store, batch: options.batch, log: log) { behind = true }
                    }
                } catch {
                    log.warn("event streams: reading the newest event failed: \(error)")
                }
            }
            if !behind { store.committed.wait(after: seen, timeoutMs: 1000) }
        }
    }
}

/// One stream's cursor and connection; only the pump thread reads and sends (after `opened`).
final class EventStreamProducer: @unchecked Sendable {
    private let viewer: Viewer
    private let types: EventTypeFilter
    /// Every visible event up to this id has been sent.
    private(set) var cursor: Int64
    var connection: StreamConnection?

    init(viewer: Viewer, cursor: Int64, types: EventTypeFilter) {
        self.viewer = viewer
        self.cursor = cursor
        self.types = types
    }

    /// Send the next page of visible events; true if a full page came (more may follow).
    func catchUp(store: Store, batch: Int, log: Logger) -> Bool {
        do {
            let page = try store.events(after: cursor, visibleTo: viewer, types: types, limit: batch)
            cursor = page.through
            if !page.events.isEmpty { connection?.send(Array(page.events.map(Self.message).joined().utf8)) }
            return page.events.count >= batch
        } catch {
            // End the stream; the client reconnects after `retry` with its Last-Event-ID and loses nothing.
            log.warn("event stream ended: store read failed: \(error)")
            connection?.end()
            return false
        }
    }

    /// One SSE message: id, event type, the event as one line of JSON, a blank line.
    static func message(_ event: Event) -> String {
        // `data` is one line (JSON escapes line breaks); plugins name event types freely,
        // so a line break in a type must not split the message.
        let type = String(event.type.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : Character($0) })
        return "id: \(event.id)\nevent: \(type)\ndata: \(Present.event(event).serialized)\n\n"
    }
}
