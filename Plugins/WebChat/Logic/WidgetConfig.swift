import SwitchboardCommon

/// One widget's configuration (a channel instance's config JSON), validated. The host has already
/// checked it against the manifest's schema (types, ranges, enums, defaults); this adds what a
/// schema cannot say — colours that are safe to put in CSS, origins that are origins, MIME types
/// that are MIME types, a language the widget speaks — and supplies defaults again so the plugin
/// never depends on the host having filled them in.
public struct WidgetConfig: Equatable, Sendable {
    public enum FieldRule: String, Sendable { case required, optional, off }

    public struct Colors: Equatable, Sendable {
        public var primary = "#1f6feb"
        public var background = "#ffffff"
        public var text = "#1f2328"
    }

    public var secretCredential: String
    public var title = "Chat with us"
    public var teamName = "Support"
    public var greeting = "Hi! How can we help you today?"
    public var language = "en"
    public var colors = Colors()
    /// Origins ("https://shop.example") whose pages may use the widget; "*" allows any.
    public var allowedOrigins: [String] = []
    /// Set: new conversations go to this Agent Stack. Empty: the instance's human team routing.
    public var agentStack: String?
    /// name, email, phone → whether the pre-chat form asks for it.
    public var preChat: [String: FieldRule] = ["name": .optional, "email": .optional, "phone": .off]
    public var idleTimeoutSeconds = 600
    public var idleFallbackChannel: SwitchKind?
    public var idleFallbackMessage = "You left the chat, so we are continuing our conversation here."
    public var switchDestinations: [SwitchKind] = SwitchKind.allCases
    /// "sms:orders-sms" in switch_destinations: the instance a kind's switches go to when several
    /// of that kind run (without one, the host takes the kind's first running instance).
    public var switchInstances: [SwitchKind: String] = [:]
    public var maxUploadBytes = 5 << 20
    public var allowedUploadTypes = ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"]
    public var visitorTokenDays = 30
    public var reconnectGraceSeconds = 60
    public var heartbeatSeconds = 15
    /// New sessions one network address may open per minute (0: no limit).
    public var sessionsPerMinutePerAddress = 60

    public init(secretCredential: String) { self.secretCredential = secretCredential }

    public static let minIdleTimeoutSeconds = 300
    public static let maxUploadLimit = 10 << 20
    public static let preChatFields = ["name", "email", "phone"]

    public var visitorTokenLifetimeSeconds: Int64 { Int64(visitorTokenDays) * 86_400 }

    /// Parses and checks a configuration; `languages` are those the widget has strings for.
    public static func parse(_ json: String, languages: Set<String>) throws(FieldError) -> WidgetConfig {
        guard let object = (try? JSON.parse(json))?.objectValue else { throw FieldError("config", "must be a JSON object") }
        return try parse(object, languages: languages)
    }

    public static func parse(_ object: JSONObject, languages: Set<String>) throws(FieldError) -> WidgetConfig {
        let reader = ConfigReader(object)
        var config = WidgetConfig(secretCredential: try reader.string("secret_credential", required: true)!)
        if let title = try reader.string("title", max: 80) { config.title = title }
        if let team = try reader.string("team_name", max: 80) { config.teamName = team }
        if let greeting = try reader.string("greeting", max: 500) { config.greeting = greeting }
        if let language = try reader.string("language", max: 16), !language.isEmpty {
            guard languages.contains(language) else {
                throw FieldError("language", "must be one of \(languages.sorted().joined(separator: ", "))")
            }
            config.language = language
        }
        if let colors = try reader.object("colors") {
            let inner = ConfigReader(colors, prefix: "colors.")
            for (key, path) in [("primary", \Colors.primary), ("background", \Colors.background), ("text", \Colors.text)] {
                guard let value = try inner.string(key, max: 7) else { continue }
                guard isHexColour(value) else { throw FieldError("colors.\(key)", "must be a hex colour like #1f6feb") }
                config.colors[keyPath: path] = value
            }
        }
        if let origins = try reader.strings("allowed_origins") {
            for (i, origin) in origins.enumerated() where origin != "*" && OriginPolicy.normalize(origin) == nil {
                throw FieldError("allowed_origins[\(i)]", "must be \"*\" or an origin like https://shop.example (scheme, host, optional port)")
            }
            config.allowedOrigins = origins
        }
        if let stack = try reader.string("agent_stack", max: 64), !stack.isEmpty { config.agentStack = stack }
        if let fields = try reader.object("pre_chat_fields") {
            for (key, value) in fields {
                guard preChatFields.contains(key) else { throw FieldError("pre_chat_fields.\(key)", "is not a pre-chat field (name, email, phone)") }
                guard let rule = value.stringValue.flatMap(FieldRule.init(rawValue:)) else {
                    throw FieldError("pre_chat_fields.\(key)", "must be \"required\", \"optional\" or \"off\"")
                }
                config.preChat[key] = rule
            }
        }
        if let idle = try reader.integer("idle_timeout_seconds", in: minIdleTimeoutSeconds...604_800) { config.idleTimeoutSeconds = idle }
        if let kind = try reader.string("idle_fallback_channel", max: 16), !kind.isEmpty {
            guard let fallback = SwitchKind(rawValue: kind) else { throw FieldError("idle_fallback_channel", "must be one of \(kindList)") }
            config.idleFallbackChannel = fallback
        }
        if let message = try reader.string("idle_fallback_message", max: 1000), !message.isEmpty { config.idleFallbackMessage = message }
        if let kinds = try reader.strings("switch_destinations") {
            config.switchDestinations = []
            for (i, entry) in kinds.enumerated() {
                let parts = entry.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard let destination = SwitchKind(rawValue: parts[0]) else {
                    throw FieldError("switch_destinations[\(i)]", "must be one of \(kindList), or kind:instance-id")
                }
                if parts.count == 2 {
                    guard Self.isInstanceID(parts[1]) else {
                        throw FieldError("switch_destinations[\(i)]", "names no channel instance id after \"\(parts[0]):\" (a-z, 0-9, - and _)")
                    }
                    config.switchInstances[destination] = parts[1]
                }
                if !config.switchDestinations.contains(destination) { config.switchDestinations.append(destination) }
            }
        }
        if let limit = try reader.integer("max_upload_bytes", in: 1...maxUploadLimit) { config.maxUploadBytes = limit }
        if let types = try reader.strings("allowed_upload_types") {
            for (i, type) in types.enumerated() where !UploadTypes.isPattern(type) {
                throw FieldError("allowed_upload_types[\(i)]", "must be a media type like image/png or image/*")
            }
            config.allowedUploadTypes = types.map { $0.lowercased() }
        }
        if let days = try reader.integer("visitor_token_days", in: 1...365) { config.visitorTokenDays = days }
        if let grace = try reader.integer("reconnect_grace_seconds", in: 1...3600) { config.reconnectGraceSeconds = grace }
        if let heartbeat = try reader.integer("heartbeat_seconds", in: 1...300) { config.heartbeatSeconds = heartbeat }
        if let sessions = try reader.integer("sessions_per_minute_per_address", in: 0...100_000) { config.sessionsPerMinutePerAddress = sessions }
        return config
    }

    static var kindList: String { SwitchKind.allCases.map(\.rawValue).joined(separator: ", ") }

    /// #rgb or #rrggbb: nothing else can reach the widget's CSS.
    static func isHexColour(_ text: String) -> Bool {
        let digits = text.dropFirst()
        return text.hasPrefix("#") && (digits.count == 3 || digits.count == 6) && digits.allSatisfy(\.isHexDigit)
    }
}

/// Typed reads of a configuration object; a JSON null counts as absent.
struct ConfigReader {
    let object: JSONObject
    var prefix = ""

    init(_ object: JSONObject, prefix: String = "") {
        self.object = object
        self.prefix = prefix
    }

    func value(_ key: String) -> JSON? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    func string(_ key: String, required: Bool = false, max: Int = 4096) throws(FieldError) -> String? {
        guard let value = value(key) else {
            if required { throw FieldError(prefix + key, "is required") }
            return nil
        }
        guard let text = value.stringValue else { throw FieldError(prefix + key, "must be a string") }
        if required && text.isEmpty { throw FieldError(prefix + key, "must not be empty") }
        guard text.count <= max else { throw FieldError(prefix + key, "must be at most \(max) characters") }
        return text
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws(FieldError) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.intValue, range.contains(number) else {
            throw FieldError(prefix + key, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func object(_ key: String) throws(FieldError) -> JSONObject? {
        guard let value = value(key) else { return nil }
        guard let object = value.objectValue else { throw FieldError(prefix + key, "must be an object") }
        return object
    }

    func strings(_ key: String) throws(FieldError) -> [String]? {
        guard let value = value(key) else { return nil }
        guard let items = value.arrayValue else { throw FieldError(prefix + key, "must be an array of strings") }
        var result: [String] = []
        for (i, item) in items.enumerated() {
            guard let text = item.stringValue else { throw FieldError("\(prefix)\(key)[\(i)]", "must be a string") }
            result.append(text)
        }
        return result
    }
}

extension WidgetConfig {
    /// A channel instance id as the host allows them: 1 to 64 of a-z, 0-9, "-" and "_".
    static func isInstanceID(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count)
            && id.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F }
    }
}
