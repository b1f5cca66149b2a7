import SwitchboardSupport

/// The store's read connections: an idle one, a new one while fewer than `limit` are open, or else
/// the first one given back (a read waits up to `waitMs`, then fails with a message saying so).
final class ReaderPool: @unchecked Sendable {
    private struct State {
        var idle: [StoreConnection] = []
        var open = 0
    }

    /// How long a read waits for a connection when all are busy.
    static let waitMs: Int64 = 30_000
    let limit: Int
    private let location: StoreLocation
    private let state = Locked(State())
    /// Notified when a connection comes back (a waiting read takes it).
    private let returned = Signal()

    init(_ location: StoreLocation, limit: Int) {
        self.location = location
        self.limit = limit
    }

    func take() throws -> StoreConnection {
        let deadline = Clock.monotonicMillis() + Self.waitMs
        while true {
            let seen = returned.current
            let taken = state.withLock { pool -> (idle: StoreConnection?, mayOpen: Bool) in
                if let idle = pool.idle.popLast() { return (idle, false) }
                guard pool.open < limit else { return (nil, false) }
                pool.open += 1
                return (nil, true)
            }
            if let idle = taken.idle { return idle }
            if taken.mayOpen {
                do { return try open() } catch {
                    state.withLock { $0.open -= 1 }
                    throw error
                }
            }
            let left = deadline - Clock.monotonicMillis()
            guard left > 0 else {
                throw StoreError(code: 5, message: "all \(limit) read connections stayed busy for \(Self.waitMs) ms (serve --store-readers)")
            }
            returned.wait(after: seen, timeoutMs: Int(left))
        }
    }

    func put(_ connection: StoreConnection) {
        state.withLock { $0.idle.append(connection) }
        returned.notifyOne()
    }

    private func open() throws -> StoreConnection {
        switch location {
        case .postgres(let conninfo):
            let connection = try StoreConnection(postgres: conninfo)
            try connection.execute("SET default_transaction_read_only = on")
            return connection
        case .sqlite(let path):
            let connection = try StoreConnection(path: path)
            try connection.execute("PRAGMA query_only=ON")
            // Reads map the file instead of copying pages through each connection's small cache:
            // knowledge searches walk large full-text doclists.
            try connection.execute("PRAGMA mmap_size=1073741824")
            return connection
        }
    }
}
