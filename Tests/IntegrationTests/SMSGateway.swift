import Foundation
import SwitchboardSupport
import SwitchboardTransport

/// Relay's SMS gateway on loopback, enforcing its contract (POST /v1/messages, bearer token, form
/// fields, Idempotency-Key) and honouring idempotency as the contract promises: a key it already
/// accepted gets the same message id back and is not sent to the phone again. `fault` may answer
/// instead (an outage) before anything is accepted.
final class SMSGateway: @unchecked Sendable {
    struct Submission {
        var key: String
        var to: String
        var body: String
    }

    /// Every well-formed submission, in arrival order, faults and replays included.
    let submissions = Locked<[Submission]>([])
    /// What reached phones: the first acceptance of each key, in order.
    let delivered = Locked<[Submission]>([])
    private let ids = Locked<[String: String]>([:])
    private var provider: FakeProvider!

    /// `fault` sees each submission (and how many came before it) and may answer for the gateway.
    init(port: UInt16 = 0, delayMs: Int = 0, fault: @escaping @Sendable (Submission, Int) -> HTTPResponse? = { _, _ in nil }) throws {
        let submissions = submissions, delivered = delivered, ids = ids
        provider = try FakeProvider(port: port) { request in
            guard request.method == "POST", request.path == "/v1/messages" else { return .error(404, "not_found", request.path) }
            guard request.header("Authorization") == "Bearer gw-token" else { return .error(401, "unauthorized", "bad token") }
            guard request.header("Content-Type")?.hasPrefix("application/x-www-form-urlencoded") == true,
                  let key = request.header("Idempotency-Key"), !key.isEmpty,
                  let form = try? FormURLEncoding.decode(request.text),
                  let to = form.first(where: { $0.name == "To" })?.value, let body = form.first(where: { $0.name == "Body" })?.value,
                  form.first(where: { $0.name == "From" })?.value == "+15550000000"
            else { return .error(400, "bad_request", "missing fields") }
            let submission = Submission(key: key, to: to, body: body)
            let seen = submissions.withLock { all -> Int in all.append(submission); return all.count - 1 }
            if delayMs > 0 { usleep(useconds_t(delayMs * 1000)) }
            if let answer = fault(submission, seen) { return answer }
            let id = ids.withLock { map -> String in
                if let existing = map[key] { return existing }
                let id = "rl_\(map.count + 1)"
                map[key] = id
                delivered.withLock { $0.append(submission) }
                return id
            }
            return .json(201, ["id": .string(id), "status": "queued"])
        }
    }

    var url: String { provider.baseURL }
    var port: UInt16 { provider.port }
    func stop() { provider.stop() }

    /// The delivered bodies for one phone, in delivery order.
    func deliveredBodies(to phone: String) -> [String] { delivered.withLock { $0.filter { $0.to == phone }.map(\.body) } }
}

extension HostProcess {
    /// Relay instance `sms1` sending through `gatewayURL` with the tests' credentials.
    func addRelay(gatewayURL: String, id: String = "sms1") throws {
        try putCredential("gw-token", "gw-token")
        try putCredential("gw-inbound", "inbound-secret")
        try addChannel(id, plugin: "relay", config: ["gateway_url": .string(gatewayURL), "token_credential": "gw-token",
                                                     "inbound_secret_credential": "gw-inbound", "sender": "+15550000000"])
    }

    /// A customer's SMS through Relay; returns the conversation id.
    func smsIn(_ messageID: String, from phone: String, text: String, instance: String = "sms1") throws -> String {
        let body = FormURLEncoding.encode([("MessageId", messageID), ("From", phone), ("To", "+15550000000"), ("Body", text)])
        let r = try request("POST", "/hooks/\(instance)/inbound", body: body, headers: RelayAuth.headers(body: body))
        guard r.status == 200, let id = r.json["conversation_id"]?.stringValue else { throw HostError("sms in: \(r.status) \(r.text)") }
        return id
    }

    /// Outbox entries in one state (at most 1000).
    func outbox(_ state: String) throws -> [JSON] {
        let r = try request("GET", "/api/v1/outbox?state=\(state)&limit=1000")
        guard r.status == 200 else { throw HostError("outbox: \(r.status) \(r.text)") }
        return r.json["entries"]?.arrayValue ?? []
    }
}
