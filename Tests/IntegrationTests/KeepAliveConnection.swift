import Foundation
import XCTest

/// One raw HTTP/1.1 keep-alive connection on loopback: send a request, read one response
/// (Content-Length framed), keep the socket open for the next. Reads wait at most 10 s.
final class KeepAliveConnection {
    private let fd: Int32

    init(port: UInt16) throws {
        fd = try connectToLoopback(port: port)
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(fd) }

    func send(_ method: String, _ path: String) throws {
        let bytes = Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        guard Glibc.send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { throw HostError("send: errno \(errno)") }
    }

    /// The status of the next response; its body is read and dropped.
    func readStatus() throws -> Int {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = Self.headEnd(buffer) {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                if buffer.count >= end + 4 + length {
                    guard let status = Int(head.split(separator: " ").dropFirst().first ?? "") else { throw HostError("no status: \(head)") }
                    return status
                }
            }
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { throw HostError(n == 0 ? "the host closed the connection" : "recv: errno \(errno)") }
            buffer.append(contentsOf: chunk[..<n])
        }
    }

    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 { return i }
        return nil
    }
}
