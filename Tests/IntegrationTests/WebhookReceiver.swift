import Foundation
import SwitchboardSupport

/// An integrator's webhook endpoint on loopback: verifies every request's signature with the
/// subscription's secret (as the docs tell integrators to), records what arrived, and answers
/// with the status `answer` picks for the n-th request (1-based).
final class WebhookReceiver: @unchecked Sendable {
    struct Hit {
        var deliveryID: String
        var eventHeader: String
        var body: JSON
        var status: Int
        var signed: Bool
        /// The X-Switchboard-Signature header as sent (two signatures during a rotation's overlap).
        var signature: String
        /// When it arrived (fault tests compare it with when they struck).
        var receivedAt = Date()
        var eventID: Int64 { Int64(body["event"]?["id"]?.intValue ?? -1) }
        var type: String { body["event"]?["type"]?.stringValue ?? "" }
        var conversationID: String? { body["event"]?["conversation_id"]?.stringValue }
        var delivered: Bool { (200...299).contains(status) }
    }

    let secret = Locked("")
    let hits = Locked<[Hit]>([])
    private let requests = Locked(0)
    private var provider: FakeProvider!

    init(answer: @escaping @Sendable (Int) -> Int = { _ in 200 }) throws {
        let secret = secret, hits = hits, requests = requests
        provider = try FakeProvider { request in
            let timestamp = request.header("X-Switchboard-Timestamp") ?? ""
            let fresh = Int64(timestamp).map { abs(Int64(Date().timeIntervalSince1970) - $0) <= 300 } ?? false
            let signed = fresh && WebhookSignature.verify(secret: secret.withLock { $0 }, timestamp: timestamp, body: request.text,
                                                          signature: request.header("X-Switchboard-Signature") ?? "")
            let n = requests.withLock { count -> Int in count += 1; return count }
            let status = signed ? answer(n) : 401
            let hit = Hit(deliveryID: request.header("X-Switchboard-Delivery") ?? "", eventHeader: request.header("X-Switchboard-Event") ?? "",
                          body: (try? JSON.parse(request.body)) ?? .null, status: status, signed: signed,
                          signature: request.header("X-Switchboard-Signature") ?? "")
            hits.withLock { $0.append(hit) }
            return status == 200 ? .json(200, ["ok": true]) : .error(status, "unavailable", "try again later")
        }
    }

    var url: String { provider.baseURL + "/switchboard-events" }
    var all: [Hit] { hits.withLock { $0 } }
    var delivered: [Hit] { all.filter(\.delivered) }

    func stop() { provider.stop() }
}
