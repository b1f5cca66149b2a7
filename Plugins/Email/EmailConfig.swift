import PluginKit
import MailgunPlatform

/// An instance's configuration, validated, with its secrets fetched from the host's credentials.
/// (Whether an Agent Stack or a team answers is the instance's binding, set by the operator like
/// every channel's, not part of this.)
struct EmailConfig: Sendable {
    /// The address customers write to, on the team's own domain ("support@example.com").
    var supportAddress: String
    /// The display name in From ("Acme Support"); may be empty.
    var supportName: String
    /// The Mailgun domain, keys and limits (shared with every mail channel: MailgunPlatform).
    var mailgun: MailgunAccount
    var domain: String { mailgun.domain }
    var signingKey: String { mailgun.signingKey }
    var replayWindowMs: Int64 { mailgun.replayWindowMs }
    var maxAttachmentBytes: Int { mailgun.maxAttachmentBytes }
    var defaultSubject: String
    var domainCheckMinutes: Int

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
        let mailgun = try MailgunAccount.load(object, host: host)
        return EmailConfig(
            supportAddress: support.address, supportName: string("support_name") ?? support.name ?? "", mailgun: mailgun,
            defaultSubject: string("default_subject") ?? "Your support request",
            domainCheckMinutes: integer("domain_check_minutes", default: 60, in: 1...1440))
    }
}
