import PluginKit

/// __NAME__: a working echo channel to grow into a real one.
///
/// Inbound:  the provider POSTs {"id", "from", "text"} to /hooks/<instance>/messages, signed with
///           X-Signature: sha256=<hex HMAC-SHA256 of the body under the shared secret>.
/// Outbound: deliver() POSTs {"to", "text", "idempotency_key"} to {provider_url}/messages, signed
///           the same way; the provider answers {"id": ...}.
final class EchoChannel: ChannelPlugin, @unchecked Sendable {
    static let id = "__NAME__"
    static let version = "0.1.0"
    static let capabilities = PluginCapabilities(content: [.text], format: .plain)

    let host: PluginHost
    let providerURL: String
    let secret: String
    let timeoutMs: UInt32

    init(host: PluginHost, info: InstanceInfo) throws {
        self.host = host
        guard let config = (try? JSON.parse(info.configJSON))?.objectValue else { throw PluginError.invalid(field: nil, message: "not a JSON object") }
        guard let url = config["provider_url"]?.stringValue, !url.isEmpty else { throw PluginError.invalid(field: "provider_url", message: "required") }
        providerURL = url
        secret = try host.credential(field: "secret_credential", in: config)
        timeoutMs = max(1_000, info.deliverTimeoutMs / 2)
        try host.addRoute(method: "POST", path: "/messages")
    }

    /// Disable and enable the instance to apply a new configuration (a real plugin swaps it under a lock).
    func reconfigure(configJSON: String) throws {
        throw PluginError.unsupported("disable and enable the instance to apply a new configuration")
    }

    func signature(_ body: [UInt8]) -> String { "sha256=" + Crypto.hex(Crypto.hmacSHA256(key: Array(secret.utf8), message: body)) }

    func handle(_ request: PluginHTTPRequest) -> PluginHTTPResponse {
        guard let given = request.header("X-Signature"), Crypto.constantTimeEquals(given, signature(request.body)) else {
            return .json(401, ["error": "unauthorized", "message": "missing or wrong X-Signature"])
        }
        guard let body = (try? JSON.parse(request.body))?.objectValue else { return .json(400, ["error": "invalid_json"]) }
        guard let id = body["id"]?.stringValue, let from = body["from"]?.stringValue, let text = body["text"]?.stringValue, !text.isEmpty else {
            return .json(400, ["error": "invalid_field", "message": "id, from and text are required strings"])
        }
        do {
            let outcome = try host.ingest(InboundMessage(identityKind: "__NAME___user", identityValue: from, providerMessageID: id, text: text))
            if case .duplicate = outcome { return .json(200, ["status": "duplicate"]) }   // a retry: stored before
            return .json(200, ["status": "stored"])
        } catch {
            return .json(503, ["error": "ingest_failed", "message": .string("\(error)")])   // not stored: the provider retries
        }
    }

    func deliver(_ message: OutboundMessage) throws -> DeliveryResult {
        let body = Array(JSON.object(["to": .string(message.identityValue), "text": .string(message.text),
                                      "idempotency_key": .string(message.idempotencyKey)]).serialized.utf8)
        let result: HTTPResult
        do {
            result = try host.http(HTTPRequestSpec(method: "POST", url: providerURL + "/messages",
                                                   headers: [("Content-Type", "application/json"), ("X-Signature", signature(body))],
                                                   body: body, timeoutMs: timeoutMs))
        } catch {
            return .retry(detail: "\(error)")
        }
        let status = Int32(result.status)
        switch result.status {
        case 200..<300: return .sent(providerMessageID: (try? JSON.parse(result.body))?["id"]?.stringValue ?? "", providerStatus: status)
        case 429, 500...: return .retry(detail: "provider answered \(result.status)", providerStatus: status)
        default: return .rejected(detail: "provider answered \(result.status): \(result.bodyText.prefix(200))", providerStatus: status)
        }
    }
}
