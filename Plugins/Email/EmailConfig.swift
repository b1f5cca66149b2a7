import PluginKit

/// An instance's configuration, validated, with its secrets fetched from the host's credentials.
/// (Whether an Agent Stack or a team answers is the instance's binding, set by the operator like
/// every channel's, not part of this.)
struct EmailConfig: Sendable {
    /// The address customers write to, on the team's own domain ("support@example.com").
    var supportAddress: String
    /// The display name in From ("Acme Support"); may be empty.
    var supportName: String
    /// The Mailgun sending and receiving domain ("mg.example.com"); reply addresses live on it.
    var domain: String
    /// "https://api.mailgun.net" (US) or "https://api.eu.mailgun.net" (EU), or an override.
    var apiBaseURL: String
    var apiKey: String
    /// Mailgun's HTTP webhook signing key: checks route forwards and event webhooks.
    var signingKey: String
    var replayWindowMs: Int64
    var maxAttachmentBytes: Int
    var defaultSubject: String
    var domainCheckMinutes: Int

    static let regions = ["us": "https://api.mailgun.net", "eu": "https://api.eu.mailgun.net"]

    /// 9 hours. Mailgun retries a forward for 8 hours and, as far as public reports go (its own
    /// documentation is silent), resends the original timestamp and token: a shorter window would
    /// answer a late retry 406 and lose the mail. The window is safe to keep long because a token
    /// is accepted again only with the same body (which the host's dedupe absorbs).
    static let defaultReplayWindowSeconds = 32_400

    /// The From header value of everything the instance sends.
    var from: String { EmailAddress.header(name: supportName, address: supportAddress) }

    /// Throws `PluginError.invalid` naming the setting at fault.
    static func load(configJSON: String, host: PluginHost) throws -> EmailConfig {
        guard let object = (try? JSON.parse(configJSON))?.objectValue else {
            throw PluginError.invalid(field: nil, message: "the configuration must be a JSON object")
        }
        func string(_ key: String) -> String? { object[key]?.stringValue }
        // The host validated the ranges against the schema; clamped again, since a bad number here would trap.
        func integer(_ key: String, default value: Int, in range: ClosedRange<Int>) -> Int {
            min(max(object[key]?.intValue ?? value, range.lowerBound), range.upperBound)
        }
        guard let support = string("support_address").flatMap(EmailAddress.parse) else {
            throw PluginError.invalid(field: "support_address", message: "must be an email address")
        }
        guard let domain = string("mailgun_domain")?.lowercased(), EmailAddress.isDomain(domain) else {
            throw PluginError.invalid(field: "mailgun_domain", message: "must be a domain name, like mg.example.com")
        }
        let region = string("region") ?? "us"
        guard var base = regions[region] else { throw PluginError.invalid(field: "region", message: "must be us or eu") }
        if let override = string("api_base_url"), !override.isEmpty {
            guard override.hasPrefix("https://") || override.hasPrefix("http://"), !override.contains(" ") else {
                throw PluginError.invalid(field: "api_base_url", message: "must be an absolute http(s) URL")
            }
            base = override
        }
        while base.hasSuffix("/") { base.removeLast() }
        return EmailConfig(
            supportAddress: support.address, supportName: string("support_name") ?? support.name ?? "", domain: domain, apiBaseURL: base,
            apiKey: try host.credential(field: "api_key_credential", in: object),
            signingKey: try host.credential(field: "signing_key_credential", in: object),
            replayWindowMs: Int64(integer("replay_window_seconds", default: defaultReplayWindowSeconds, in: 30...86_400)) * 1000,
            maxAttachmentBytes: integer("max_attachment_bytes", default: 10 * 1024 * 1024, in: 1...26_214_400),
            defaultSubject: string("default_subject") ?? "Your support request",
            domainCheckMinutes: integer("domain_check_minutes", default: 60, in: 1...1440))
    }
}
