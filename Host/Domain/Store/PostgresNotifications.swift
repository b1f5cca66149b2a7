import CPostgres
import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// The host's one LISTEN connection to PostgreSQL: notifications fanned out to subscribers by
/// channel, and NOTIFY sent from the same connection, never from the writer's transactions (a
/// transaction that notifies takes a global lock at COMMIT, which would serialize every host's
/// ingest). Other parts of the host subscribe to their own channels (FeedWakeups uses
/// `switchboard_feed`; a configuration channel can use the same connection).
///
/// A notification is a hint, never the data: PostgreSQL does not replay what a lost connection
/// missed. So after the connection is opened again every handler is called with nil ("you may
/// have missed some"), and readers read the database for the truth. A host's own notifications
/// are not handed back to it.
///
/// One thread owns the connection (a libpq connection is not thread-safe): it waits on the socket
/// and on a pipe that `subscribe`, `notify` and `stop` write a byte to. Handlers run on that thread
/// and must not block.
public final class PostgresNotifications: @unchecked Sendable {
    public typealias Handler = @Sendable (_ payload: String?) -> Void

    private let conninfo: String
    private let log: Logger
    /// The wake-up pipe: read end, write end (both non-blocking).
    private let wakeFDs: (read: Int32, write: Int32)
    private let state = Locked(State())
    /// How long to wait before connecting again after a failure.
    private let reconnectMs: Int32 = 500

    private struct State {
        var handlers: [String: [Handler]] = [:]
        var outgoing: [(channel: String, payload: String)] = []
        var started = false
        var stopped = false
    }

    public init(conninfo: String, log: Logger = Logger("notifications")) {
        self.conninfo = conninfo
        self.log = log
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
        }
        wakeFDs = (fds[0], fds[1])   // if pipe failed (-1): the thread still wakes every second
    }

    deinit {
        close(wakeFDs.read)
        close(wakeFDs.write)
    }

    /// Call `handler` with each notification another host sends on `channel` (a lower-case SQL
    /// identifier), and with nil after a reconnection.
    public func subscribe(_ channel: String, _ handler: @escaping Handler) {
        precondition(Self.isChannelName(channel), "a notification channel is a lower-case identifier: \(channel)")
        state.withLock { $0.handlers[channel, default: []].append(handler) }
        poke()
    }

    /// Send `payload` (under 8000 bytes) on `channel` soon, outside any transaction. Best effort:
    /// lost if the connection is down (receivers poll as well).
    public func notify(_ channel: String, payload: String) {
        precondition(Self.isChannelName(channel), "a notification channel is a lower-case identifier: \(channel)")
        state.withLock { $0.outgoing.append((channel, payload)) }
        poke()
    }

    public func start() {
        let first = state.withLock { s -> Bool in
            defer { s.started = true }
            return !s.started
        }
        if first { startThread(name: "pg-listen") { [self] in run() } }
    }

    public func stop() {
        state.withLock { $0.stopped = true }
        poke()
    }

    static func isChannelName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count < 64 && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || $0 == 95 || ($0 >= 48 && $0 <= 57) }
            && !(name.utf8.first! >= 48 && name.utf8.first! <= 57)
    }

    private func poke() {
        var byte: UInt8 = 1
        _ = write(wakeFDs.write, &byte, 1)   // a full pipe already wakes the thread
    }

    private func run() {
        var connection: OpaquePointer?
        var listening: Set<String> = []
        var opened = 0, failures = 0
        var missedSome = false
        defer { if let connection { PQfinish(connection) } }
        while !state.withLock({ $0.stopped }) {
            if connection == nil {
                guard let db = PQconnectdb(conninfo), PQstatus(db) == CONNECTION_OK else {
                    failures += 1
                    if failures == 1 || failures % 60 == 0 {
                        log.warn("cannot open the LISTEN connection (attempt \(failures)); hosts hear of each other's events by polling meanwhile")
                    }
                    wait(on: nil, timeoutMs: reconnectMs)
                    continue
                }
                PQsetNoticeProcessor(db, { _, _ in }, nil)
                connection = db
                listening = []
                opened += 1
                failures = 0
                missedSome = opened > 1
            }
            guard let db = connection else { continue }
            let (handlers, outgoing) = state.withLock { s -> ([String: [Handler]], [(channel: String, payload: String)]) in
                defer { s.outgoing = [] }
                return (s.handlers, s.outgoing)
            }
            var healthy = true
            for channel in handlers.keys where healthy && !listening.contains(channel) {
                healthy = succeeded(PQexec(db, "LISTEN \(channel)"))
                if healthy { listening.insert(channel) }
            }
            if healthy, missedSome {
                missedSome = false
                for handler in handlers.values.joined() { handler(nil) }
            }
            for (channel, payload) in outgoing where healthy {
                healthy = channel.withCString { c in
                    payload.withCString { p in
                        let values: [UnsafePointer<CChar>?] = [c, p]
                        return succeeded(PQexecParams(db, "SELECT pg_notify($1, $2)", 2, nil, values, nil, nil, 0))
                    }
                }
            }
            // Notifications may have come in with those results: hand them out before waiting.
            if healthy { dispatch(db) }
            if healthy {
                wait(on: PQsocket(db), timeoutMs: 1000)
                healthy = PQconsumeInput(db) == 1
                if healthy { dispatch(db) }
            }
            if !healthy || PQstatus(db) != CONNECTION_OK {
                log.warn("the LISTEN connection was lost (\(Self.message(db))); opening it again")
                PQfinish(db)
                connection = nil
                wait(on: nil, timeoutMs: reconnectMs)
            }
        }
    }

    /// Hand each notification libpq has read to its channel's handlers (not this host's own).
    private func dispatch(_ db: OpaquePointer) {
        let own = PQbackendPID(db)
        while let notice = PQnotifies(db) {
            let channel = String(cString: notice.pointee.relname)
            let payload = String(cString: notice.pointee.extra)
            let from = notice.pointee.be_pid
            PQfreemem(notice)
            guard from != own else { continue }
            for handler in state.withLock({ $0.handlers[channel] ?? [] }) { handler(payload) }
        }
    }

    /// Wait until the socket is readable, something is posted, or the timeout passes.
    private func wait(on socket: Int32?, timeoutMs: Int32) {
        var fds = [pollfd(fd: wakeFDs.read, events: Int16(POLLIN), revents: 0)]
        if let socket, socket >= 0 { fds.append(pollfd(fd: socket, events: Int16(POLLIN), revents: 0)) }
        _ = poll(&fds, nfds_t(fds.count), timeoutMs)
        if fds[0].revents & Int16(POLLIN) != 0 {
            var drained = [UInt8](repeating: 0, count: 256)
            while read(wakeFDs.read, &drained, drained.count) > 0 {}
        }
    }

    private func succeeded(_ result: OpaquePointer?) -> Bool {
        guard let result else { return false }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK
    }

    private static func message(_ db: OpaquePointer) -> String {
        var text = String(cString: PQerrorMessage(db))
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
