import Foundation
import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// A small Server-Sent Events client over a POSIX socket, the way a browser's EventSource reads:
/// HTTP/1.1, chunked body, messages split on a blank line. Every read waits at most until a deadline.
final class SSEClient {
    struct Message {
        var id: String?
        var event: String?
        var data: String
        var json: JSON { (try? JSON.parse(data)) ?? .null }
        var eventID: Int64 { Int64(id ?? "") ?? -1 }
    }

    private(set) var status = 0
    private(set) var headers: [(String, String)] = []
    /// The body of a response that is not a stream (an error), once read.
    private(set) var errorBody: JSON = .null
    private(set) var retry: Int?
    /// The last `id:` field seen, as EventSource keeps it for Last-Event-ID.
    private(set) var lastEventID: String?
    private(set) var comments: [String] = []
    /// The server ended the body (last chunk or closed connection).
    private(set) var ended = false

    private var fd: Int32 = -1
    private var raw: [UInt8] = []      // received, not yet de-chunked
    private var body: [UInt8] = []     // de-chunked, not yet parsed
    private var chunked = false
    private var pending: [Message] = []

    init(port: UInt16, path: String, headers extra: [(String, String)] = [], timeout: TimeInterval = 5) throws {
        fd = try connectToLoopback(port: port)
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n"
        for (name, value) in extra { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        guard bytes.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count else {
            throw HostError("send: errno \(errno)")
        }
        try readHead(deadline: Date().addingTimeInterval(timeout))
    }

    deinit { close() }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }

    /// The next `count` messages with data, in order; throws if they do not all come in time.
    func next(_ count: Int, timeout: TimeInterval = 5) throws -> [Message] {
        let deadline = Date().addingTimeInterval(timeout)
        try pump(until: deadline) { pending.count >= count }
        guard pending.count >= count else {
            throw HostError("expected \(count) messages, got \(pending.count) (ended: \(ended)) within \(timeout) s")
        }
        defer { pending.removeFirst(count) }
        return Array(pending.prefix(count))
    }

    /// Everything that arrives within `duration` (to show that nothing more does).
    func drain(for duration: TimeInterval) throws -> [Message] {
        try pump(until: Date().addingTimeInterval(duration)) { false }
        defer { pending.removeAll() }
        return pending
    }

    /// Read until condition holds, the body ends, or the deadline passes.
    func pump(until deadline: Date, _ condition: () -> Bool) throws {
        while !condition() && !ended {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return }
            try receive(timeoutMs: Int32(min(remaining * 1000 + 1, 1000)))
            decode()
            parse()
        }
    }

    /// Wait for the server to end the stream; true if it did in time.
    func waitForEnd(timeout: TimeInterval) throws -> Bool {
        try pump(until: Date().addingTimeInterval(timeout)) { false }
        return ended
    }

    // MARK: reading

    private func receive(timeoutMs: Int32) throws {
        guard fd >= 0 else { ended = true; return }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, timeoutMs)
        if ready < 0 && errno != EINTR { throw HostError("poll: errno \(errno)") }
        guard ready > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { ended = true; return }   // closed (or reset) by the server
        raw += buffer.prefix(n)
    }

    private func readHead(deadline: Date) throws {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var end: Int?
        while end == nil {
            end = Self.find(separator, in: raw)
            if end != nil { break }
            guard deadline.timeIntervalSinceNow > 0, !ended else { throw HostError("no response head in time; got \(String(decoding: raw, as: UTF8.self))") }
            try receive(timeoutMs: 100)
        }
        let head = String(decoding: raw[..<end!], as: UTF8.self).components(separatedBy: "\r\n")
        raw.removeFirst(end! + separator.count)
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let code = Int(statusParts[1]) else { throw HostError("bad status line \(head[0])") }
        status = code
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        chunked = header("Transfer-Encoding")?.lowercased() == "chunked"
        if status != 200, let length = header("Content-Length").flatMap(Int.init) {
            while raw.count < length && deadline.timeIntervalSinceNow > 0 && !ended { try receive(timeoutMs: 100) }
            errorBody = (try? JSON.parse(Array(raw.prefix(length)))) ?? .null
        }
    }

    /// Move whole chunks from `raw` to `body`.
    private func decode() {
        guard chunked else { body += raw; raw.removeAll(); return }
        let crlf: [UInt8] = [13, 10]
        while let lineEnd = Self.find(crlf, in: raw) {
            let sizeText = String(decoding: raw[..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { ended = true; return }
            if size == 0 { ended = true; raw.removeAll(); return }
            let start = lineEnd + 2
            guard raw.count >= start + size + 2 else { return }
            body += raw[start..<(start + size)]
            raw.removeFirst(start + size + 2)
        }
    }

    /// Split `body` into messages on blank lines, as EventSource does (LF line ends; CR tolerated).
    private func parse() {
        while let end = Self.find([10, 10], in: body) {
            let block = String(decoding: body[..<end], as: UTF8.self)
            body.removeFirst(end + 2)
            var data: [String] = []
            var event: String?
            var id: String?
            for var line in block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                if line.hasSuffix("\r") { line.removeLast() }
                if line.hasPrefix(":") { comments.append(String(line.dropFirst()).trimmingCharacters(in: .whitespaces)); continue }
                let (field, value): (String, String)
                if let colon = line.firstIndex(of: ":") {
                    field = String(line[..<colon])
                    var v = line[line.index(after: colon)...]
                    if v.first == " " { v = v.dropFirst() }
                    value = String(v)
                } else {
                    (field, value) = (line, "")
                }
                switch field {
                case "data": data.append(value)
                case "event": event = value
                case "id": id = value; lastEventID = value
                case "retry": retry = Int(value)
                default: break
                }
            }
            // A block without data fires no event (it may still set the last event id or retry).
            if !data.isEmpty { pending.append(Message(id: id, event: event, data: data.joined(separator: "\n"))) }
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}
