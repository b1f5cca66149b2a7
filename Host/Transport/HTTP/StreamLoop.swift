import CShims
import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// A response body produced over time (Server-Sent Events), pushed rather than pulled.
///
/// Once the server has sent the headers, `opened` runs once with the connection; the producer
/// keeps it and sends from any thread, never blocking. The stream loop writes the bytes, sends
/// `heartbeat` after `heartbeatMs` of silence (so dead clients are noticed and proxies keep the
/// line open) and notices a client that closed. `finished` runs once when the connection ends,
/// whoever ended it, and never before `opened` returned; neither may block.
public final class HTTPStream: @unchecked Sendable {
    let heartbeat: [UInt8]
    let heartbeatMs: Int
    private let opened: (StreamConnection) -> Void
    private let finished: () -> Void
    private let phase = Locked(Phase.waiting)
    private enum Phase { case waiting, open, ended }

    public init(heartbeat: [UInt8] = [], heartbeatMs: Int = 0,
                opened: @escaping (StreamConnection) -> Void, finished: @escaping () -> Void = {}) {
        self.heartbeat = heartbeat
        self.heartbeatMs = heartbeatMs
        self.opened = opened
        self.finished = finished
    }

    /// Both callbacks run under the lock, so `finished` never overtakes `opened`.
    fileprivate func open(_ connection: StreamConnection) {
        phase.withLock { p in
            guard p == .waiting else { return }
            p = .open
            opened(connection)
        }
    }

    fileprivate func end() {
        phase.withLock { p in
            guard p != .ended else { return }
            p = .ended
            finished()
        }
    }
}

/// One open stream's connection: send and end from any thread; neither blocks. After the
/// connection ended (or the server stopped), both do nothing.
public struct StreamConnection: Sendable {
    fileprivate let loop: StreamLoop
    let id: UInt64

    public func send(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        loop.withLoop { pointer in
            _ = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { sbs_stream_send(pointer, id, $0.baseAddress, $0.count) }
            }
        }
    }

    /// End the response once what was sent is written.
    public func end() { loop.withLoop { sbs_stream_end($0, id) } }
}

/// The few epoll threads that write every open stream (Host/System/CShims/streams.c).
final class StreamLoop: @unchecked Sendable {
    /// Nil once stopped; senders hold the lock only to queue, which never blocks.
    private let loop = Locked<OpaquePointer?>(nil)

    init(threads: UInt32, maxBacklogBytes: Int) throws {
        guard let started = sbs_stream_loop_start(max(1, threads), maxBacklogBytes, { _, _, stream in
            Unmanaged<HTTPStream>.fromOpaque(stream!).takeRetainedValue().end()
        }, nil) else { throw HTTPServerError(message: "cannot start the stream loop") }
        loop.withLock { $0 = started }
    }

    var openCount: Int { loop.withLock { $0.map { sbs_stream_loop_open_count($0) } ?? 0 } }

    func withLoop(_ body: (OpaquePointer) -> Void) {
        loop.withLock { if let pointer = $0 { body(pointer) } }
    }

    /// Inside the handler: send the headers and hand the connection to the loop. False if it
    /// could not (the connection is still the server's; answer normally).
    func detach(_ response: OpaquePointer, status: Int, contentType: String?, headers: [(String, String)], _ stream: HTTPStream) -> Bool {
        guard let pointer = loop.withLock({ $0 }) else { return false }
        let user = Unmanaged.passRetained(stream).toOpaque()
        let id = withCStrings(headers) { pairs in
            stream.heartbeat.withUnsafeBufferPointer { heartbeat in
                heartbeat.withMemoryRebound(to: CChar.self) { beat in
                    sbs_response_detach_stream(response, pointer, Int32(status), contentType, pairs.baseAddress, pairs.count,
                                               beat.baseAddress, beat.count, UInt32(clamping: stream.heartbeatMs), user)
                }
            }
        }
        guard id != 0 else {
            Unmanaged<HTTPStream>.fromOpaque(user).release()
            return false
        }
        stream.open(StreamConnection(loop: self, id: id))
        return true
    }

    /// End every stream (each one's `finished` runs) and join the threads.
    func stop() {
        guard let pointer = loop.withLock({ p -> OpaquePointer? in defer { p = nil }; return p }) else { return }
        sbs_stream_loop_stop(pointer)
    }
}

/// Borrow C strings for a header list for the duration of body.
private func withCStrings<T>(_ headers: [(String, String)], _ body: (UnsafeBufferPointer<sbs_pair>) -> T) -> T {
    let strings = headers.map { (strdup($0.0), strdup($0.1)) }
    defer { for (name, value) in strings { free(name); free(value) } }
    let pairs = strings.map { sbs_pair(name: $0.0, value: $0.1) }
    return pairs.withUnsafeBufferPointer(body)
}
