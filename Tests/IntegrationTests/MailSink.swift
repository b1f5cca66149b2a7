import Foundation
import SwitchboardSupport

/// The loopback SMTP server (Tests/MailSink/smtp_sink.py, aiosmtpd) on a port chosen first, so a test
/// can point the host at it before it listens (an SMTP outage, then recovery). Stopped on deinit.
final class MailSink {
    let port: Int
    let file = NSTemporaryDirectory() + "mails-\(UUID().uuidString).jsonl"
    private var process: Process?

    init() throws {
        // A free loopback port: bind to 0, read it, let it go.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        close(fd)
    }

    var url: String { "smtp://127.0.0.1:\(port)" }

    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", HostProcess.packageRoot + "/Tests/MailSink/smtp_sink.py", String(port), file]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        self.process = process
        let line = output.fileHandleForReading.availableData
        guard String(decoding: line, as: UTF8.self).contains("ready") else {
            throw HostError("the SMTP sink did not start (pip install aiosmtpd: scripts/setup --test)")
        }
    }

    /// The mails received so far, parsed.
    func mails() -> [JSON] {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSON.parse(Array($0.utf8)) }
    }

    deinit {
        if let process, process.isRunning { process.terminate(); process.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: file)
    }
}
