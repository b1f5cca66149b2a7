import SwitchboardDomain
import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// Limits and timing of `GET /api/v1/stream`.
public struct EventStreamOptions: Sendable {
    /// Streams open at once, host-wide. Each holds a connection thread of the HTTP server
    /// (a thread per connection) for as long as it is open; over the bound the answer is 503.
    public var maxStreams = 1000
    /// A comment line after this much silence, so dead clients are noticed (the write fails)
    /// and proxies keep the line open.
    public var heartbeatMs = 15_000
    /// The reconnection delay told to clients (`retry:`).
    public var retryMs = 2000
    /// Events sent per store read.
    public var batch = 200
    /// Streams reading the store at once (a commit wakes every stream; this bounds the read pool).
    public var concurrentReads = 4

    public init() {}
}

/// The open Server-Sent Event streams: admission, the stop flag, and each stream's producer.
///
/// A stream blocks its connection's thread between events (issue 5 moves streams to
/// non-blocking I/O; until then `maxStreams` keeps them from taking every thread).
public final class EventStreams: @unchecked Sendable {
    let store: Store
    let options: EventStreamOptions
    private let log: Logger
    private let state = Locked(State())
    private let readGate: CountingSemaphore

    struct State {
        var open = 0
        var stopping = false
        /// The newest event id, read once per commit generation and shared by every stream.
        var newest: (generation: UInt64, id: Int64)?
    }

    public enum Refusal: Error { case full(limit: Int), stopping }

    public init(store: Store, options: EventStreamOptions = EventStreamOptions(), log: Logger = Logger("stream")) {
        self.store = store
        self.options = options
        self.log = log
        readGate = CountingSemaphore(max(1, options.concurrentReads))
    }

    /// Streams open now.
    public var openCount: Int { state.withLock { $0.open } }

    var isStopping: Bool { state.withLock { $0.stopping } }

    /// Shutdown: every stream ends within a second (at its next wake-up), and new ones are refused.
    /// Call before stopping the HTTP server, which waits for its connection threads.
    public func stop() {
        state.withLock { $0.stopping = true }
        // Wake the streams now rather than at their next timeout. An extra notification is harmless:
        // every waiter on `committed` re-checks its own condition.
        store.committed.notifyAll()
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
        let producer = EventStreamProducer(streams: self, viewer: viewer, cursor: after, types: types)
        // `finished` runs once when the connection ends, however it ends: the slot is given back.
        return HTTPStream(next: { producer.next() }, finished: { [self] in state.withLock { $0.open -= 1 } })
    }

    /// The newest event id as of commit generation `generation` or later; one store read per generation.
    /// Safe to share: `committed` is notified after COMMIT, so an id read after seeing generation g
    /// includes every commit up to g; a later commit bumps the generation and misses the cache.
    func newestEventID(atGeneration generation: UInt64) throws -> Int64 {
        if let cached = state.withLock({ $0.newest }), cached.generation >= generation { return cached.id }
        let id = try readSlot { try store.latestEventID() }
        state.withLock { s in
            if s.newest == nil || s.newest!.generation < generation { s.newest = (generation, id) }
        }
        return id
    }

    /// Run a store read while holding one of the few read slots streams share.
    func readSlot<T>(_ body: () throws -> T) rethrows -> T {
        readGate.wait()
        defer { readGate.signal() }
        return try body()
    }

    func failed(_ error: Error) { log.warn("event stream ended: store read failed: \(error)") }
}

/// One stream's state; only its connection's thread calls `next`.
final class EventStreamProducer: @unchecked Sendable {
    private let streams: EventStreams
    private let viewer: Viewer
    private let types: EventTypeFilter
    /// Every visible event up to this id has been sent.
    private var cursor: Int64
    private var started = false
    private var lastWriteMs = Clock.monotonicMillis()

    init(streams: EventStreams, viewer: Viewer, cursor: Int64, types: EventTypeFilter) {
        self.streams = streams
        self.viewer = viewer
        self.cursor = cursor
        self.types = types
    }

    /// The next bytes to send, blocking until there are some; nil ends the response.
    ///
    /// Why reading "after the cursor" is exact: events are written by the store's single writer
    /// thread with AUTOINCREMENT ids inside its transactions, so ids grow in commit order. When a
    /// read has seen every committed event up to id N, no event below N can be committed later;
    /// so each visible event is sent once, in id order, across wake-ups and across reconnections
    /// (the client's Last-Event-ID is the cursor). `Store.events(after:visibleTo:types:limit:)`
    /// bounds its scan by the newest id it read, so `through` is safe to continue from.
    ///
    /// Wake-ups come from `store.committed` (notified after every group commit), with a timeout
    /// of at most a second so the stop flag and the heartbeat are noticed without a commit.
    func next() -> [UInt8]? {
        let options = streams.options
        if !started {
            started = true
            lastWriteMs = Clock.monotonicMillis()
            // `id:` without data sets the client's Last-Event-ID without firing an event, so a client
            // that drops before any event resumes from here instead of from "now" at reconnection.
            return Array("retry: \(options.retryMs)\nid: \(cursor)\n\n".utf8)
        }
        while !streams.isStopping {
            // Read the generation before the store, so a commit landing after the read wakes the wait below.
            let seen = streams.store.committed.current
            do {
                if try streams.newestEventID(atGeneration: seen) > cursor {
                    let page = try streams.readSlot {
                        try streams.store.events(after: cursor, visibleTo: viewer, types: types, limit: options.batch)
                    }
                    cursor = page.through
                    if !page.events.isEmpty {
                        lastWriteMs = Clock.monotonicMillis()
                        return Array(page.events.map(Self.message).joined().utf8)
                    }
                    // Nothing visible up to `through`: wait for the next commit.
                }
            } catch {
                // End the stream; the client reconnects after `retry` with its Last-Event-ID and loses nothing.
                streams.failed(error)
                return nil
            }
            let idleMs = Clock.monotonicMillis() - lastWriteMs
            if idleMs >= Int64(options.heartbeatMs) {
                lastWriteMs = Clock.monotonicMillis()
                return Array(": keep-alive\n\n".utf8)
            }
            streams.store.committed.wait(after: seen, timeoutMs: Int(min(1000, Int64(options.heartbeatMs) - idleMs)))
        }
        return nil
    }

    /// One SSE message: id, event type, the event as one line of JSON, a blank line.
    static func message(_ event: Event) -> String {
        // `data` is one line (JSON escapes line breaks); plugins name event types freely,
        // so a line break in a type must not split the message.
        let type = String(event.type.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : Character($0) })
        return "id: \(event.id)\nevent: \(type)\ndata: \(Present.event(event).serialized)\n\n"
    }
}

/// A POSIX counting semaphore (threads here are OS threads, not Swift tasks).
final class CountingSemaphore: @unchecked Sendable {
    private let semaphore = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)

    init(_ count: Int) { sem_init(semaphore, 0, UInt32(count)) }

    deinit {
        sem_destroy(semaphore)
        semaphore.deallocate()
    }

    func wait() { while sem_wait(semaphore) != 0 && errno == EINTR {} }
    func signal() { sem_post(semaphore) }
}
