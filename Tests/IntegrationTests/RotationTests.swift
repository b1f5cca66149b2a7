import Foundation
import SwitchboardSupport
import XCTest

/// Rotation through the real host: webhook secrets with an overlap in which both signatures are
/// sent, API keys and personal tokens whose old value works until the chosen time, credentials
/// replaced in place -- and afterwards no secret set or made anywhere in the log, the events
/// feed, the audit trail or any API answer but the one that handed it out.
final class RotationTests: XCTestCase {
    var host: HostProcess!
    var receivers: [WebhookReceiver] = []
    /// Every secret the scenario set or was given.
    var secrets: [String] = []
    /// Every API answer except those that hand a secret out (creation and rotation).
    var answers: [String] = []

    override func tearDown() {
        host?.stop()
        receivers.forEach { $0.stop() }
    }

    @discardableResult
    func call(_ method: String, _ path: String, json: JSON? = nil, key: String? = nil, handsOutASecret: Bool = false) throws
        -> (status: Int, json: JSON, text: String) {
        let r = try host.request(method, path, json: json, key: key)
        if !handsOutASecret { answers.append(r.text) }
        return r
    }

    func push(_ id: String) throws {
        let r = try call("POST", "/hooks/api1/messages", json: ["external_id": "c-1", "message_id": .string(id), "text": .string("hello \(id)")],
                         key: "integrator-secret-1")
        XCTAssertEqual(r.status, 201, r.text)
    }

    func testRotationWithOverlapAndNoSecretAnywhere() throws {
        host = try HostProcess(plugins: ["api"], extraArguments: WebhookTests.fastRetries(maxAttempts: 3))
        secrets = [host.adminKey, "integrator-secret-1", "integrator-secret-2"]
        try host.putCredential("api-key", "integrator-secret-1")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])

        // Webhook secret: receivers holding the old secret keep verifying during the overlap.
        let receiver = try WebhookReceiver()
        receivers.append(receiver)
        let made = try call("POST", "/api/v1/webhooks", json: ["url": .string(receiver.url), "event_types": ["message.received"]], handsOutASecret: true)
        XCTAssertEqual(made.status, 201, made.text)
        let id = try XCTUnwrap(made.json["id"]?.stringValue), first = try XCTUnwrap(made.json["secret"]?.stringValue)
        secrets.append(first)
        receiver.secret.withLock { $0 = first }
        try push("m-1")
        _ = try host.eventually("the first event") { receiver.delivered.count == 1 ? true : nil }
        XCTAssertEqual(receiver.all[0].signature.split(separator: ",").count, 1, "one signature outside a rotation")

        let rotated = try call("POST", "/api/v1/webhooks/\(id)/rotate-secret", json: ["previous_valid_for_seconds": 3600], handsOutASecret: true)
        XCTAssertEqual(rotated.status, 200, rotated.text)
        let second = try XCTUnwrap(rotated.json["secret"]?.stringValue)
        secrets.append(second)
        XCTAssertNotEqual(second, first)
        try push("m-2")   // the receiver still holds the old secret
        let overlapping = try host.eventually("the second event, verified with the old secret") { receiver.delivered.count == 2 ? receiver.all.last : nil }
        let signatures = overlapping.signature.split(separator: ",").map(String.init)
        XCTAssertEqual(signatures.count, 2, overlapping.signature)
        receiver.secret.withLock { $0 = second }   // the receiver switches over
        try push("m-3")
        _ = try host.eventually("the third event, verified with the new secret") { receiver.delivered.count == 3 ? true : nil }

        // Rotating with no overlap: only the newest secret signs; a receiver left on the last one refuses.
        let third = try call("POST", "/api/v1/webhooks/\(id)/rotate-secret", json: ["previous_valid_for_seconds": 0], handsOutASecret: true)
        XCTAssertEqual(third.status, 200, third.text)
        secrets.append(try XCTUnwrap(third.json["secret"]?.stringValue))
        try push("m-4")
        let refused = try host.eventually("the fourth event refused by the receiver") { receiver.all.count >= 4 ? receiver.all[3] : nil }
        XCTAssertFalse(refused.signed)
        XCTAssertEqual(refused.signature.split(separator: ",").count, 1)
        XCTAssertEqual(try call("POST", "/api/v1/webhooks/\(id)/rotate-secret", json: ["previous_valid_for_seconds": 604801]).status, 400)

        // API keys: the old value works until the chosen time; rotating with 0 ends it at once.
        let key = try call("POST", "/api/v1/api-keys", json: ["name": "crm", "role": "integrator", "channel_instance_ids": ["api1"]], handsOutASecret: true)
        let keyID = try XCTUnwrap(key.json["id"]?.stringValue), oldKey = try XCTUnwrap(key.json["key"]?.stringValue)
        secrets.append(oldKey)
        let newKey = try call("POST", "/api/v1/api-keys/\(keyID)/rotate", json: ["previous_valid_for_seconds": 600], handsOutASecret: true)
        XCTAssertEqual(newKey.status, 200, newKey.text)
        XCTAssertEqual(newKey.json["id"]?.stringValue, keyID, "the same key, a new value")
        let newValue = try XCTUnwrap(newKey.json["key"]?.stringValue)
        secrets.append(newValue)
        XCTAssertEqual(try call("GET", "/api/v1/conversations", key: oldKey).status, 200, "the old value during the overlap")
        XCTAssertEqual(try call("GET", "/api/v1/conversations", key: newValue).status, 200)
        let ended = try call("POST", "/api/v1/api-keys/\(keyID)/rotate", json: ["previous_valid_for_seconds": 0], handsOutASecret: true)
        let newest = try XCTUnwrap(ended.json["key"]?.stringValue)
        secrets.append(newest)
        XCTAssertEqual(try call("GET", "/api/v1/conversations", key: newValue).status, 401, "no overlap: the old value is refused at once")
        XCTAssertEqual(try call("GET", "/api/v1/conversations", key: oldKey).status, 401, "one earlier value at most")
        XCTAssertEqual(try call("GET", "/api/v1/conversations", key: newest).status, 200)

        // Personal tokens: the agent rotates their own; another agent may not.
        let ann = try host.addAgent("ann"), bob = try host.addAgent("bob")
        secrets += [ann.key, bob.key]
        let tokens = try call("GET", "/api/v1/agents/\(ann.id)/tokens", key: ann.key).json["tokens"]?.arrayValue ?? []
        let tokenID = try XCTUnwrap(tokens.first?["id"]?.stringValue)
        XCTAssertEqual(try call("POST", "/api/v1/agents/\(ann.id)/tokens/\(tokenID)/rotate", key: bob.key).status, 403)
        let annNew = try call("POST", "/api/v1/agents/\(ann.id)/tokens/\(tokenID)/rotate", json: [:], key: ann.key, handsOutASecret: true)
        XCTAssertEqual(annNew.status, 200, annNew.text)
        secrets.append(try XCTUnwrap(annNew.json["key"]?.stringValue))
        XCTAssertEqual(try call("GET", "/api/v1/me", key: ann.key).status, 200, "the default overlap is an hour")

        // Credentials are replaced in place: the instance's integrators use the new value after a restart of the instance.
        try host.putCredential("api-key", "integrator-secret-2")
        XCTAssertEqual(try call("POST", "/api/v1/channels/api1/disable").status, 200)
        XCTAssertEqual(try call("POST", "/api/v1/channels/api1/enable").status, 200)
        let pushed = try call("POST", "/hooks/api1/messages", json: ["external_id": "c-2", "message_id": "m-9", "text": "hi"], key: "integrator-secret-2")
        XCTAssertEqual(pushed.status, 201, pushed.text)

        // The audit trail has the changes, with the secrets' fields redacted.
        let audit = try call("GET", "/api/v1/audit?action=credentials.*")
        XCTAssertEqual(audit.status, 200, audit.text)
        let credentialChanges = audit.json["entries"]?.arrayValue ?? []
        XCTAssertEqual(credentialChanges.count, 2, audit.text)
        XCTAssertEqual(credentialChanges.first?["subject"]?.stringValue, "credentials/api-key")
        XCTAssertEqual(credentialChanges.first?["detail"]?["request"]?["secret"]?.stringValue, "[redacted]")
        let rotations = try call("GET", "/api/v1/audit?action=webhooks.rotate-secret.post").json["entries"]?.arrayValue ?? []
        XCTAssertEqual(rotations.count, 2)

        // No secret anywhere but where it was handed out.
        answers.append(try call("GET", "/api/v1/events?after=0&limit=1000").text)
        answers.append(try call("GET", "/api/v1/audit?limit=500").text)
        for path in ["/api/v1/api-keys", "/api/v1/webhooks", "/api/v1/webhooks/\(id)", "/api/v1/webhooks/\(id)/deliveries", "/api/v1/credentials",
                     "/api/v1/channels", "/api/v1/agents"] {
            answers.append(try call("GET", path).text)
        }
        let log = host.log
        for secret in secrets {
            XCTAssertFalse(log.contains(secret), "a secret in the log: \(secret.prefix(8))…")
            for answer in answers where answer.contains(secret) { XCTFail("a secret in an API answer: \(answer.prefix(300))") }
        }
    }

    /// GET /api/v1/audit: admins only, filters, and paging with next_before.
    func testTheAuditTrailRecordsAdminChangesAndPages() throws {
        host = try HostProcess(plugins: ["api"])
        for n in 1...3 { try host.putCredential("c\(n)", "value-\(n)") }
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "c1"])
        let agent = try host.addAgent("ann")
        XCTAssertEqual(try host.request("GET", "/api/v1/audit", key: agent.key).status, 403)

        let channels = try host.request("GET", "/api/v1/audit?action=channels.*").json["entries"]?.arrayValue ?? []
        XCTAssertEqual(channels.first?["action"]?.stringValue, "channels.post")
        XCTAssertEqual(channels.first?["detail"]?["request"]?["config"]?["api_key_credential"]?.stringValue, "c1", "credential ids are kept")
        XCTAssertTrue(channels.first?["actor"]?.stringValue?.hasPrefix("key:") ?? false)

        let page = try host.request("GET", "/api/v1/audit?action=credentials.put&limit=2").json
        XCTAssertEqual(page["entries"]?.arrayValue?.map { $0["subject"]?.stringValue ?? "" }, ["credentials/c3", "credentials/c2"])
        let next = try XCTUnwrap(page["next_before"]?.intValue)
        let rest = try host.request("GET", "/api/v1/audit?action=credentials.put&limit=2&before=\(next)").json
        XCTAssertEqual(rest["entries"]?.arrayValue?.map { $0["subject"]?.stringValue ?? "" }, ["credentials/c1"])
        XCTAssertTrue(rest["next_before"]?.isNull ?? false)
        let agents = try host.request("GET", "/api/v1/audit?action=agents.*").json["entries"]?.arrayValue ?? []
        XCTAssertEqual(Set(agents.compactMap { $0["action"]?.stringValue }), ["agents.post", "agents.tokens.post"])
        XCTAssertEqual(try host.request("GET", "/api/v1/audit?action=Bad%20Action").status, 400)
        XCTAssertEqual(try host.request("GET", "/api/v1/audit?actor=key:nobody").json["entries"]?.arrayValue?.count, 0)
    }
}
