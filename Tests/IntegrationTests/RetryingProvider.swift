import Foundation
import SwitchboardSupport

/// A provider pushing messages into a webhook the way real providers do: each message is sent
/// until it is acknowledged (a 2xx), again with the same provider message id after an error, a
/// timeout or a dropped connection, and never again once acknowledged. `workers` threads send in
/// parallel, each its own share of the messages in order.
final class RetryingProvider: @unchecked Sendable {
    enum Answer: Equatable { case stored, duplicate }

    /// Where the host is now (a restarted host listens on a new port).
    let baseURL: Locked<String>
    /// Message index → how the host acknowledged it.
    let acknowledged = Locked<[Int: Answer]>([:])
    /// Message index → requests sent for it.
    let attempts = Locked<[Int: Int]>([:])
    /// Requests sent and not yet answered (or failed), across the workers.
    private let outstanding = Locked(0)
    private let finished = Locked(0)
    private let stopped = Locked(false)
    private let total: Int
    private let workers: Int
    private let request: @Sendable (_ baseURL: String, _ index: Int) -> HTTPClientRequest

    init(baseURL: String, total: Int, workers: Int, request: @escaping @Sendable (_ baseURL: String, _ index: Int) -> HTTPClientRequest) {
        self.baseURL = Locked(baseURL)
        self.total = total
        self.workers = workers
        self.request = request
    }

    var acknowledgedCount: Int { acknowledged.withLock { $0.count } }
    /// How many requests are out now: sent and waiting for their answer.
    var outstandingCount: Int { outstanding.withLock { $0 } }
    var isFinished: Bool { finished.withLock { $0 } == workers }

    func start() {
        for worker in 0..<workers {
            let thread = Thread { [self] in
                for index in stride(from: worker, to: total, by: workers) { send(index) }
                finished.withLock { $0 += 1 }
            }
            thread.start()
        }
    }

    /// Ends the senders after their current request (a failing test must not leave them running).
    func stop() { stopped.withLock { $0 = true } }

    private func send(_ index: Int) {
        while !stopped.withLock({ $0 }) {
            attempts.withLock { $0[index, default: 0] += 1 }
            outstanding.withLock { $0 += 1 }
            let response = try? HTTPClient.perform(request(baseURL.withLock { $0 }, index))
            outstanding.withLock { $0 -= 1 }
            if let response, (200...299).contains(response.status) {
                let answer: Answer = response.status == 201 ? .stored : .duplicate
                acknowledged.withLock { $0[index] = answer }
                return
            }
            usleep(20_000)
        }
    }
}

extension RetryingProvider {
    /// Integrator messages to the API channel instance api1 (key "integrator-secret"): message i
    /// has id "m-i" and comes from one of `customers`.
    static func apiChannel(_ host: HostProcess, total: Int, workers: Int, customers: Int,
                           timeoutMs: Int = 20_000, connectTimeoutMs: Int = 5_000) -> RetryingProvider {
        RetryingProvider(baseURL: host.baseURL, total: total, workers: workers) { base, i in
            let body = JSON.object(["external_id": .string("cust-\(i % customers)"), "message_id": .string("m-\(i)"),
                                    "text": .string("message \(i)")]).serialized
            return HTTPClientRequest(method: "POST", url: base + "/hooks/api1/messages",
                                     headers: [("Authorization", "Bearer integrator-secret"), ("Content-Type", "application/json")],
                                     body: Array(body.utf8), timeoutMs: timeoutMs, connectTimeoutMs: connectTimeoutMs)
        }
    }
}
