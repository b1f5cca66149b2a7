import Foundation
import SwitchboardSupport

/// A browser's EventSource behind a load balancer without sticky sessions: `GET /api/v1/stream`
/// on one host; when the stream ends (its host died, the database restarted) or every `hopAfter`
/// seconds (as a balancer may move it), it reconnects to the next host with Last-Event-ID.
/// It records every event id it receives, in order, for the test to compare with the feed.
final class RoamingStream: @unchecked Sendable {
    let ports: [UInt16]
    let key: String
    let hopAfter: TimeInterval
    /// Event ids received, in arrival order (duplicates kept: the test looks for them).
    let received = Locked<[Int64]>([])
    /// Where the first stream started (`id:` before any event): events above it are this client's.
    let startID = Locked<Int64?>(nil)
    /// Host indexes connected to, in order.
    let connections = Locked<[Int]>([])
    /// Why connections ended or failed, for the report.
    let endings = Locked<[String]>([])
    private let stopped = Locked(false)
    private let finished = DispatchSemaphore(value: 0)

    init(ports: [UInt16], key: String, firstHost: Int, hopAfter: TimeInterval) {
        (self.ports, self.key, self.hopAfter) = (ports, key, hopAfter)
        Thread { [self] in
            roam(from: firstHost)
            finished.signal()
        }.start()
    }

    var lastID: Int64? { received.withLock { $0.last } ?? startID.withLock { $0 } }

    func waitForStart(timeout: TimeInterval) -> Int64? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let start = startID.withLock({ $0 }) { return start }
            usleep(20_000)
        }
        return nil
    }

    /// Waits until an event with id `id` or above arrived; false at the timeout.
    func waitFor(_ id: Int64, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let last = lastID, last >= id { return true }
            usleep(50_000)
        }
        return false
    }

    func stop() {
        stopped.withLock { $0 = true }
        _ = finished.wait(timeout: .now() + 10)
    }

    private func roam(from firstHost: Int) {
        var host = firstHost
        while !stopped.withLock({ $0 }) {
            defer { host = (host + 1) % ports.count }
            var headers = [("Authorization", "Bearer \(key)")]
            if let last = lastID { headers.append(("Last-Event-ID", "\(last)")) }
            let client: SSEClient
            do {
                client = try SSEClient(port: ports[host], path: "/api/v1/stream", headers: headers, timeout: 3)
            } catch {
                endings.withLock { $0.append("host \(host): \(error)") }
                usleep(100_000)
                continue
            }
            defer { client.close() }
            guard client.status == 200 else {
                endings.withLock { $0.append("host \(host): status \(client.status) \(client.errorBody)") }
                usleep(100_000)
                continue
            }
            connections.withLock { $0.append(host) }
            let hopAt = Date().addingTimeInterval(hopAfter)
            do {
                // The first stream names its starting point before any event (the test sends none before).
                if startID.withLock({ $0 }) == nil {
                    try client.pump(until: Date().addingTimeInterval(3)) { client.lastEventID != nil }
                    startID.withLock { $0 = client.lastEventID.flatMap { Int64($0) } }
                }
                while !stopped.withLock({ $0 }) && Date() < hopAt {
                    let messages = try client.drain(for: 0.2)
                    received.withLock { $0 += messages.map(\.eventID) }
                    if client.ended { endings.withLock { $0.append("host \(host): the stream ended") }; break }
                }
            } catch {
                endings.withLock { $0.append("host \(host): \(error)") }
            }
        }
    }
}
