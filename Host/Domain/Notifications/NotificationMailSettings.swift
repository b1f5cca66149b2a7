import SwitchboardSupport

/// How the host sends notification mail (admin): through an SMTP server, or through an e-mail
/// channel instance's Mailgun domain (the instance's plugin sends it from its support address).
/// An SMTP password is a credential (by id, in the credential store), never stored here.
public struct NotificationMailSettings: Sendable, Equatable {
    public enum Transport: String, Sendable, CaseIterable {
        case smtp
        /// The plugin `email`'s admin operation `notification.send` on `channelInstanceID`.
        case emailChannel = "email_channel"
    }

    public var transport: Transport
    /// smtp://host:port or smtps://host:port (SMTP only).
    public var smtpURL: String
    /// Require STARTTLS on smtp:// (recommended everywhere but loopback).
    public var starttls: Bool
    public var username: String?
    public var passwordCredential: String?
    /// The From address of SMTP mail; through a channel, mail comes from the instance's support address.
    public var from: String
    /// The e-mail channel instance whose Mailgun domain sends (email_channel only).
    public var channelInstanceID: String?

    public init(smtpURL: String, starttls: Bool, username: String? = nil, passwordCredential: String? = nil, from: String) {
        transport = .smtp
        self.smtpURL = smtpURL
        self.starttls = starttls
        self.username = username
        self.passwordCredential = passwordCredential
        self.from = from
    }

    public init(emailChannelInstance instanceID: String) {
        transport = .emailChannel
        smtpURL = ""
        starttls = true
        from = ""
        channelInstanceID = instanceID
    }

    /// The plugin whose instances may send notification mail, and the operation they offer for it.
    public static let channelPluginID = "email"
    public static let channelOperation = "notification.send"

    /// As stored, and as the REST API shows it: only the chosen transport's fields.
    public var json: JSON {
        switch transport {
        case .smtp:
            ["transport": .string(transport.rawValue), "smtp_url": .string(smtpURL), "starttls": .bool(starttls),
             "username": .from(username), "password_credential": .from(passwordCredential), "from": .string(from)]
        case .emailChannel:
            ["transport": .string(transport.rawValue), "channel_instance_id": .from(channelInstanceID)]
        }
    }

    init?(json: JSON) {
        if json["transport"]?.stringValue == Transport.emailChannel.rawValue {
            guard let instanceID = json["channel_instance_id"]?.stringValue else { return nil }
            self.init(emailChannelInstance: instanceID)
            return
        }
        guard let url = json["smtp_url"]?.stringValue, let from = json["from"]?.stringValue else { return nil }
        self.init(smtpURL: url, starttls: json["starttls"]?.boolValue ?? true, username: json["username"]?.stringValue,
                  passwordCredential: json["password_credential"]?.stringValue, from: from)
    }

    /// smtp://host:port or smtps://host:port: something after the scheme, at most 500 bytes, no
    /// spaces or line breaks.
    public static func isSMTPURL(_ url: String) -> Bool {
        let lower = url.lowercased()
        let rest = lower.hasPrefix("smtp://") ? lower.dropFirst(7) : lower.hasPrefix("smtps://") ? lower.dropFirst(8) : ""
        return !rest.isEmpty && url.utf8.count <= 500 && !url.contains { $0 == " " || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
    }

    /// A plausible address: one @, something either side, no spaces or angle brackets.
    public static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && text.utf8.count <= 254
            && !text.contains { $0 == " " || $0 == "<" || $0 == ">" || $0 == "\r" || $0 == "\n" }
    }
}

extension Store {
    static let mailSettingsKey = "notifications.mail"
    static let unsubscribeSecretKey = "notifications.unsubscribe_secret"

    public func notificationMailSettings() throws -> NotificationMailSettings? {
        try hostSetting(Self.mailSettingsKey).flatMap(NotificationMailSettings.init(json:))
    }

    /// Check and keep the mail settings; the error names the field at fault.
    public func putNotificationMailSettings(_ settings: NotificationMailSettings) throws {
        if settings.transport == .emailChannel {
            let id = settings.channelInstanceID ?? ""
            guard let instance = try channelInstance(id: id) else {
                throw WorkflowError.invalid(field: "channel_instance_id", reason: "no channel instance \(id)")
            }
            guard instance.pluginID == NotificationMailSettings.channelPluginID else {
                throw WorkflowError.invalid(field: "channel_instance_id",
                                            reason: "\(id) is a \(instance.pluginID) instance; notification mail goes through an email (Mailgun) instance")
            }
            try write { db in try Self.putHostSetting(db, Self.mailSettingsKey, settings.json, now: Clock.nowMillis()) }
            return
        }
        guard NotificationMailSettings.isSMTPURL(settings.smtpURL) else {
            throw WorkflowError.invalid(field: "smtp_url", reason: "must be smtp://host:port or smtps://host:port")
        }
        guard NotificationMailSettings.isAddress(settings.from) else { throw WorkflowError.invalid(field: "from", reason: "must be an e-mail address") }
        if let id = settings.passwordCredential, try credentialSecret(id: id) == nil {
            throw WorkflowError.invalid(field: "password_credential", reason: "no credential \(id) (PUT /api/v1/credentials/\(id) first)")
        }
        try write { db in try Self.putHostSetting(db, Self.mailSettingsKey, settings.json, now: Clock.nowMillis()) }
    }

    /// A one-click unsubscribe token for the agent's mail about `kind`: signed with the host's secret, so it cannot be forged.
    public func unsubscribeToken(agentID: String, kind: NotificationKind) throws -> String {
        let payload = Base64URL.encode(Array(JSON.object(["a": .string(agentID), "e": .string(kind.rawValue)]).serialized.utf8))
        return payload + "." + Base64URL.encode(Crypto.hmacSHA256(key: try unsubscribeSecret(), message: Array(payload.utf8)))
    }

    /// Who and what a token unsubscribes, without applying it (the page a link opens asks first).
    /// Nil when the token is not one this host signed.
    public func unsubscribeTarget(token: String) throws -> (agentID: String, kind: NotificationKind)? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let signature = Base64URL.decode(String(parts[1])),
              Crypto.constantTimeEquals(signature, Crypto.hmacSHA256(key: try unsubscribeSecret(), message: Array(parts[0].utf8))),
              let raw = Base64URL.decode(String(parts[0])), let json = try? JSON.parse(raw),
              let agentID = json["a"]?.stringValue, let kind = json["e"]?.stringValue.flatMap(NotificationKind.init(rawValue:)) else { return nil }
        return (agentID, kind)
    }

    /// Apply a token: the agent's own rule for that event keeps its other channels but no e-mail.
    /// Nil when the token is not one this host signed (or names an agent no longer active).
    public func unsubscribe(token: String) throws -> (agentID: String, kind: NotificationKind)? {
        guard let (agentID, kind) = try unsubscribeTarget(token: token) else { return nil }
        var rules = try notificationRules(scope: .agent(agentID))
        let effective = try effectiveNotificationRules(agentID: agentID)
        var rule = rules.first { $0.kind == kind } ?? effective.first { $0.kind == kind } ?? .fallback(kind)
        rule.via.removeAll { $0 == .email }
        rules.removeAll { $0.kind == kind }
        rules.append(rule)
        do { _ = try replaceNotificationRules(rules, scope: .agent(agentID)) } catch is WorkflowError { return nil }
        return (agentID, kind)
    }

    private func unsubscribeSecret() throws -> [UInt8] {
        if let stored = try hostSetting(Self.unsubscribeSecretKey)?.stringValue, let bytes = Crypto.base64Decode(stored) { return bytes }
        try write { db in
            try db.run("INSERT INTO host_settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                       [.text(Self.unsubscribeSecretKey), .text(JSON.string(Crypto.base64(Crypto.randomBytes(32))).serialized),
                        .integer(Clock.nowMillis())])
        }
        guard let stored = try hostSetting(Self.unsubscribeSecretKey)?.stringValue, let bytes = Crypto.base64Decode(stored) else {
            throw WorkflowError.conflict("the unsubscribe secret could not be stored")
        }
        return bytes
    }
}
