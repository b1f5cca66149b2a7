import Foundation
import SwitchboardSupport

/// The loopback Web Push service (Tests/PushService/push_service.py): it holds one browser's keys,
/// checks each push's VAPID signature and decrypts its payload with http_ece. Stopped on deinit.
final class PushService {
    let process = Process()
    let port: Int
    /// The browser's keys, base64url, as PushSubscription.toJSON() gives them.
    let p256dh: String
    let auth: String

    init() throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", HostProcess.packageRoot + "/Tests/PushService/push_service.py"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // The first line says where it listens; bounded by the read of one line.
        var line = Data()
        let deadline = Date().addingTimeInterval(10)
        while !line.contains(0x0A), Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let json = try? JSON.parse(Array(line)), let port = json["port"]?.intValue,
              let p256dh = json["p256dh"]?.stringValue, let auth = json["auth"]?.stringValue else {
            process.terminate()
            throw HostError("the push service did not start (pip install http_ece py_vapid: scripts/setup --test)")
        }
        self.port = port
        self.p256dh = p256dh
        self.auth = auth
    }

    func endpoint(_ kind: String, _ name: String) -> String { "http://127.0.0.1:\(port)/\(kind)/\(name)" }

    /// What arrived, decrypted, in arrival order.
    func received() throws -> [JSON] {
        let response = try HTTPClient.perform(HTTPClientRequest(url: "http://127.0.0.1:\(port)/received", timeoutMs: 5_000))
        return (try JSON.parse(response.body)).arrayValue ?? []
    }

    deinit {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
    }
}
