import SwitchboardSupport

/// One server-push stream a plugin opened (stream_open, ABI 1.2): bytes the plugin queues from
/// any thread, written by the HTTP server's stream loop once the response headers are out.
/// `send` and `close` never block, so a plugin can push from inside deliver(); an idle stream
/// holds no thread, only this object and its socket.
final class PushStream: @unchecked Sendable {
    enum SendOutcome { case queued, ended, overflow }

    /// Unsent bytes a slow client may accumulate before the stream is ended (before the
    /// connection is handed over here; after, the stream loop cuts it off at the same bound).
    static let maxPendingBytes = 1 << 20

    let id: UInt64
    /// The instance build (its InstanceContext) that opened it: during an upgrade two builds of
    /// one instance run side by side, and each reaches and closes only its own streams.
    let owner: ObjectIdentifier
    let heartbeat: [UInt8]
    let heartbeatMs: Int
    private let state = Locked(State())
    private struct State {
        var pending: [UInt8] = []           // queued before the connection was handed over
        var connection: StreamConnection?
        var closing = false     // the plugin (or the host) closed it: end once pending is sent
        var ended = false       // the connection is gone
    }

    init(id: UInt64, owner: ObjectIdentifier, heartbeat: [UInt8], heartbeatMs: Int) {
        self.id = id
        self.owner = owner
        self.heartbeat = heartbeat
        self.heartbeatMs = heartbeatMs
    }

    /// Sends go to the connection under the lock, so they keep their order across the hand-over.
    func send(_ bytes: [UInt8]) -> SendOutcome {
        state.withLock { s -> SendOutcome in
            guard !s.ended, !s.closing else { return .ended }
            if let connection = s.connection {
                connection.send(bytes)
                return .queued
            }
            guard s.pending.count + bytes.count <= Self.maxPendingBytes else {
                s.closing = true
                return .overflow
            }
            s.pending.append(contentsOf: bytes)
            return .queued
        }
    }

    func close() {
        state.withLock { s in
            s.closing = true
            s.connection?.end()
        }
    }

    /// The response headers are out: write what was queued meanwhile and send directly from now on.
    func attach(_ connection: StreamConnection) {
        state.withLock { s in
            guard !s.ended else { return }
            connection.send(s.pending)
            s.pending = []
            s.connection = connection
            if s.closing { connection.end() }
        }
    }

    /// The connection ended; true the first time (the caller then tells the plugin).
    func markEnded() -> Bool {
        state.withLock { s in
            defer { s.ended = true; s.connection = nil }
            return !s.ended
        }
    }
}

/// Every open push stream, by id. Ids are never reused within a process.
final class PushStreamHub: @unchecked Sendable {
    private let streams = Locked<(next: UInt64, open: [UInt64: PushStream])>((1, [:]))

    var openCount: Int { streams.withLock { $0.open.count } }

    func open(owner: ObjectIdentifier, heartbeat: [UInt8], heartbeatMs: Int) -> PushStream {
        streams.withLock { s in
            let stream = PushStream(id: s.next, owner: owner, heartbeat: heartbeat, heartbeatMs: heartbeatMs)
            s.next += 1
            s.open[stream.id] = stream
            return stream
        }
    }

    /// The stream, if it is open and belongs to that owner (a plugin reaches only its own).
    func stream(_ id: UInt64, of owner: ObjectIdentifier) -> PushStream? {
        streams.withLock { $0.open[id] }.flatMap { $0.owner == owner ? $0 : nil }
    }

    /// Forget a stream whose connection ended.
    @discardableResult
    func remove(_ id: UInt64) -> PushStream? { streams.withLock { $0.open.removeValue(forKey: id) } }

    /// End every stream once what was queued is sent (the host is shutting down): their
    /// connections finish, and each plugin hears of its streams as usual.
    func closeEverything() {
        for stream in streams.withLock({ Array($0.open.values) }) { stream.close() }
    }

    /// Close and forget every stream of an owner (it is stopping); returns the ids whose end
    /// the plugin has not been told of yet.
    func closeAll(of owner: ObjectIdentifier) -> [UInt64] {
        let closing = streams.withLock { s -> [PushStream] in
            let mine = s.open.values.filter { $0.owner == owner }
            for stream in mine { s.open.removeValue(forKey: stream.id) }
            return mine
        }
        for stream in closing { stream.close() }
        return closing.filter { $0.markEnded() }.map(\.id)
    }
}
