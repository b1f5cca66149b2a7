import PluginKit

/// A Mailgun sending and receiving domain as an instance reaches it: the region's API host (or an
/// override), the API key, and the webhook signing key that checks route forwards and events.
/// Every mail channel (email, Amazon's buyer relay) reads it from the same configuration keys.
public struct MailgunAccount: Sendable {
    /// The Mailgun domain ("mg.example.com"); reply addresses live on it.
    public var domain: String
    /// "https://api.mailgun.net" (US) or "https://api.eu.mailgun.net" (EU), or an override.
    public var apiBaseURL: String
    public var apiKey: String
    /// Mailgun's HTTP webhook signing key: checks route forwards and event webhooks.
    public var signingKey: String
    public var replayWindowMs: Int64
    public var maxAttachmentBytes: Int

    public static let regions = ["us": "https://api.mailgun.net", "eu": "https://api.eu.mailgun.net"]

    /// 9 hours. Mailgun retries a forward for 8 hours and, as far as public reports go (its own
    /// documentation is silent), resends the original timestamp and token: a shorter window would
    /// answer a late retry 406 and lose the mail. The window is safe to keep long because a token
    /// is accepted again only with the same body (which the host's dedupe absorbs).
    public static let defaultReplayWindowSeconds = 32_400

    public init(domain: String, apiBaseURL: String, apiKey: String, signingKey: String, replayWindowMs: Int64, maxAttachmentBytes: Int) {
        self.domain = domain
        self.apiBaseURL = apiBaseURL
        self.apiKey = apiKey
        self.signingKey = signingKey
        self.replayWindowMs = replayWindowMs
        self.maxAttachmentBytes = maxAttachmentBytes
    }

    /// Reads `mailgun_domain` and, each after `prefix` ("" for the email channel, "mailgun_" where
    /// the instance has other providers' keys too), `region` (us/eu), `api_base_url`,
    /// `api_key_credential` and `signing_key_credential`; then `replay_window_seconds` and
    /// `max_attachment_bytes` (default `defaultMaxAttachmentBytes`). Throws
    /// `PluginError.invalid` naming the setting at fault.
    public static func load(_ object: JSONObject, host: PluginHost, prefix: String = "",
                            defaultMaxAttachmentBytes: Int = 10 * 1024 * 1024) throws -> MailgunAccount {
        func string(_ key: String) -> String? { object[key]?.stringValue }
        // The host validated the ranges against the schema; clamped again, since a bad number here would trap.
        func integer(_ key: String, default value: Int, in range: ClosedRange<Int>) -> Int {
            min(max(object[key]?.intValue ?? value, range.lowerBound), range.upperBound)
        }
        guard let domain = string("mailgun_domain")?.lowercased(), EmailAddress.isDomain(domain) else {
            throw PluginError.invalid(field: "mailgun_domain", message: "must be a domain name, like mg.example.com")
        }
        let regionKey = prefix + "region", baseURLKey = prefix + "api_base_url"
        let region = string(regionKey) ?? "us"
        guard var base = regions[region] else { throw PluginError.invalid(field: regionKey, message: "must be us or eu") }
        if let override = string(baseURLKey), !override.isEmpty {
            guard override.hasPrefix("https://") || override.hasPrefix("http://"), !override.contains(" ") else {
                throw PluginError.invalid(field: baseURLKey, message: "must be an absolute http(s) URL")
            }
            base = override
        }
        while base.hasSuffix("/") { base.removeLast() }
        return MailgunAccount(
            domain: domain, apiBaseURL: base,
            apiKey: try host.credential(field: prefix + "api_key_credential", in: object),
            signingKey: try host.credential(field: prefix + "signing_key_credential", in: object),
            replayWindowMs: Int64(integer("replay_window_seconds", default: defaultReplayWindowSeconds, in: 30...86_400)) * 1000,
            maxAttachmentBytes: integer("max_attachment_bytes", default: defaultMaxAttachmentBytes, in: 1...26_214_400))
    }
}
