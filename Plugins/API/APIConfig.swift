import PluginKit

/// An instance's configuration, validated, with its secrets fetched from the host's credentials.
struct APIConfig: Sendable {
    /// Push mode's settings; nil in pull mode.
    struct Webhook: Sendable {
        var url: String
        var secret: String
        var timeoutMs: UInt32
    }

    /// The key integrators present as "Authorization: Bearer <key>" (the secret, not its id).
    var apiKey: String { didSet { apiKeyDigest = BearerAuth.digest(apiKey) } }
    /// Its SHA-256, which every request's key is compared with (computed once, not per request).
    private(set) var apiKeyDigest: [UInt8]
    var webhook: Webhook?

    init(apiKey: String, webhook: Webhook? = nil) {
        self.apiKey = apiKey
        apiKeyDigest = BearerAuth.digest(apiKey)
        self.webhook = webhook
    }

    static let defaultWebhookTimeoutMs = 5000
    private static let settings: Set<String> = [
        "api_key_credential", "webhook_url", "webhook_secret_credential", "webhook_timeout_ms",
    ]

    /// Throws `PluginError.invalid` naming the setting at fault.
    static func load(configJSON: String, host: PluginHost) throws -> APIConfig {
        guard let object = (try? JSON.parse(configJSON))?.objectValue else {
            throw PluginError.invalid(field: nil, message: "the configuration must be a JSON object")
        }
        do {
            if let unknown = object.keys.first(where: { !settings.contains($0) }) {
                throw FieldError(unknown, "is not a setting of the API channel")
            }
            let keyID = try object.string("api_key_credential", required: true)!
            let url = try object.string("webhook_url")
            let secretID = try object.string("webhook_secret_credential")
            let timeout = try object.integer("webhook_timeout_ms", in: 100...60_000) ?? defaultWebhookTimeoutMs
            var config = APIConfig(apiKey: try secret("api_key_credential", id: keyID, host: host))
            if let url {
                guard isHTTPURL(url) else { throw FieldError("webhook_url", "must be an absolute http:// or https:// URL") }
                guard let secretID, !secretID.isEmpty else {
                    throw FieldError("webhook_secret_credential", "is required when webhook_url is set")
                }
                config.webhook = Webhook(url: url, secret: try secret("webhook_secret_credential", id: secretID, host: host),
                                         timeoutMs: UInt32(timeout))
            }
            return config
        } catch let error as FieldError {
            throw PluginError.invalid(field: error.field, message: error.message)
        }
    }

    /// A credential's value; an unknown or empty one is the configuration's fault.
    private static func secret(_ field: String, id: String, host: PluginHost) throws -> String {
        let value: String
        do {
            value = try host.credential(id)
        } catch PluginError.notFound {
            throw FieldError(field, "credential \"\(id)\" does not exist")
        }
        guard !value.isEmpty else { throw FieldError(field, "credential \"\(id)\" is empty") }
        return value
    }

    /// "http(s)://host[...]" with no spaces or control characters.
    static func isHTTPURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        guard let rest = ["https://", "http://"].first(where: lower.hasPrefix).map({ text.dropFirst($0.count) }) else {
            return false
        }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !host.isEmpty && !text.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F }
    }
}
