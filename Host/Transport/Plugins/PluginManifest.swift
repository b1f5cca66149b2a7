import SwitchboardDomain
import SwitchboardSupport

/// What a channel can carry, as declared by a plugin (manifest and descriptor must agree).
public struct ChannelCapabilities: Sendable, Equatable {
    public var text = true
    public var images = false
    public var files = false
    public var rich = false
    public var format: TextFormat = .plain
    /// In Unicode scalars; 0 = unlimited.
    public var maxTextLength = 0
    /// 1.3, manifest only: the channel speaks replies (a voice line), so a stack writes short
    /// sentences without formatting or links (`OutputRule.spoken`).
    public var spoken = false

    public init() {}

    public var contentNames: [String] {
        [("text", text), ("images", images), ("files", files), ("rich", rich)].filter(\.1).map(\.0)
    }
}

/// plugin.json: read and validated before any plugin code runs.
public struct PluginManifest: Sendable {
    public var id: String
    public var name: String
    public var version: String
    public var abiMajor: Int
    public var abiMinor: Int
    public var library: String
    public var sha256: String?
    public var identityKinds: [String]
    /// The kind of channel it is ("sms", "email"): what a switch by kind looks for. Default: the id.
    public var channelKind: String
    public var capabilities: ChannelCapabilities
    public var configSchema: ConfigSchema
    /// Config fields whose values are credential IDs.
    public var credentialFields: [String]
    /// Config fields naming the host's IVR flows ("voice_flows"): each must be published to create or enable an instance.
    public var voiceFlowFields: [String]
    /// ABI 1.1: the plugin carries side conversations (its descriptor has `deliver_side`).
    public var sideConversations: Bool
    /// ABI 1.3: how long after the customer's last message the provider lets replies through
    /// ("reply_window": {"standard_hours": 24, "human_hours": 168}, and WhatsApp's
    /// "closed_window_rich_type": "whatsapp_template"); nil: no window.
    public var replyWindow: ReplyWindowRule?
    /// ABI 1.3: what the plugin offers operators through admin_call ("admin_operations").
    public var adminOperations: [AdminOperation]
    /// How soon the provider expects an answer to each customer message ("response_due":
    /// {"hours": 24}, Amazon's buyer messages): starts the conversation's response clock; nil: none.
    public var responseDueHours: Int?
    /// 1.3: what an Agent Stack may do on this channel besides replying ("actions").
    public var actions: [ChannelAction]
    public var raw: JSONObject

    public static let fileName = "plugin.json"

    public init(json text: String) throws(ManifestError) {
        let json: JSON
        do { json = try JSON.parse(text) } catch { throw ManifestError("plugin.json is not valid JSON: \(error)") }
        guard let object = json.objectValue else { throw ManifestError("plugin.json must be a JSON object") }
        raw = object

        func string(_ key: String) throws(ManifestError) -> String {
            guard let value = object[key]?.stringValue, !value.isEmpty else { throw ManifestError("\"\(key)\" must be a non-empty string") }
            return value
        }
        id = try string("id")
        guard id.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F }), id.utf8.count <= 64 else {
            throw ManifestError("\"id\" must be 1-64 characters of a-z, 0-9, '-' or '_'")
        }
        name = try string("name")
        version = try string("version")
        library = try string("library")
        guard !library.contains("/"), library.hasSuffix(".so") else { throw ManifestError("\"library\" must be a .so file name beside plugin.json") }
        guard let abi = object["abi"], let major = abi["major"]?.intValue, let minor = abi["minor"]?.intValue else {
            throw ManifestError("\"abi\" must be {\"major\": N, \"minor\": N}")
        }
        abiMajor = major
        abiMinor = minor
        if let hash = object["sha256"] {
            guard let h = hash.stringValue, h.utf8.count == 64, h.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
                throw ManifestError("\"sha256\" must be 64 lowercase hex digits")
            }
            sha256 = h
        }
        channelKind = object["channel_kind"]?.stringValue ?? id
        guard Identity.isValidKind(channelKind) else { throw ManifestError("\"channel_kind\" must be 1-32 characters of a-z, 0-9 or '_'") }
        identityKinds = object["identity_kinds"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard !identityKinds.isEmpty else { throw ManifestError("\"identity_kinds\" must list the identity kinds the channel addresses customers by") }
        // The same rule contacts use, so every identity a plugin stores can also be looked up, added and removed over REST.
        for kind in identityKinds where !Identity.isValidKind(kind) {
            throw ManifestError("identity_kinds: \"\(kind)\" must be 1-32 characters of a-z, 0-9 or '_'")
        }

        guard let caps = object["capabilities"]?.objectValue else { throw ManifestError("\"capabilities\" is required") }
        var capabilities = ChannelCapabilities()
        let content = caps["content"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for item in content where !["text", "images", "files", "rich"].contains(item) {
            throw ManifestError("capabilities.content: unknown \"\(item)\" (text, images, files, rich)")
        }
        capabilities.text = content.contains("text")
        capabilities.images = content.contains("images")
        capabilities.files = content.contains("files")
        capabilities.rich = content.contains("rich")
        guard let formatName = caps["format"]?.stringValue, let format = TextFormat(rawValue: formatName) else {
            throw ManifestError("capabilities.format must be plain, html or markdown")
        }
        capabilities.format = format
        capabilities.maxTextLength = caps["max_text_length"]?.intValue ?? 0
        if let spoken = caps["spoken"], !spoken.isNull {
            guard let value = spoken.boolValue else { throw ManifestError("capabilities.spoken must be true or false") }
            capabilities.spoken = value
        }
        self.capabilities = capabilities

        do { configSchema = try ConfigSchema(object["config_schema"] ?? .null) } catch { throw ManifestError("config_schema: \(error.message)") }
        credentialFields = object["credentials"]?.arrayValue?.compactMap(\.stringValue) ?? []
        voiceFlowFields = object["voice_flows"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if let flag = object["side_conversations"], !flag.isNull {
            guard let value = flag.boolValue else { throw ManifestError("\"side_conversations\" must be true or false") }
            sideConversations = value
        } else {
            sideConversations = false
        }
        replyWindow = try Self.replyWindow(object["reply_window"])
        adminOperations = try AdminOperation.list(object["admin_operations"])
        if let due = object["response_due"], !due.isNull {
            guard let hours = due["hours"]?.intValue, (1...720).contains(hours) else {
                throw ManifestError("response_due.hours must be a whole number of hours from 1 to 720")
            }
            responseDueHours = hours
        }
        do { actions = try ChannelAction.parseList(object["actions"]) } catch { throw ManifestError("\(error.field): \(error.message)") }
    }

    /// The output rule of a turn on this channel, given where the conversation's window stands.
    public func outputRule(window: ReplyWindowState) -> OutputRule {
        OutputRule(kind: channelKind, limits: OutputLimits(rich: capabilities.rich, files: capabilities.files, images: capabilities.images,
                                                          format: capabilities.format, maxTextLength: capabilities.maxTextLength),
                   spoken: capabilities.spoken, window: window)
    }

    public func adminOperation(_ name: String) -> AdminOperation? { adminOperations.first { $0.name == name } }

    private static func replyWindow(_ value: JSON?) throws(ManifestError) -> ReplyWindowRule? {
        guard let value, !value.isNull else { return nil }
        guard let standard = value["standard_hours"]?.intValue, (1...720).contains(standard) else {
            throw ManifestError("reply_window.standard_hours must be a whole number of hours from 1 to 720")
        }
        var human: Int?
        if let extended = value["human_hours"], !extended.isNull {
            guard let hours = extended.intValue, hours > standard, hours <= 720 else {
                throw ManifestError("reply_window.human_hours must be more than standard_hours and at most 720")
            }
            human = hours
        }
        var closedWindowRichType: String?
        if let type = value["closed_window_rich_type"], !type.isNull {
            guard let name = type.stringValue, !name.isEmpty, name.utf8.count <= 64 else {
                throw ManifestError("reply_window.closed_window_rich_type must be a rich content type name of 1 to 64 bytes")
            }
            closedWindowRichType = name
        }
        var referral: Int?
        if let hours = value["referral_hours"], !hours.isNull {
            guard let value = hours.intValue, value > standard, value <= 720 else {
                throw ManifestError("reply_window.referral_hours must be more than standard_hours and at most 720")
            }
            referral = value
        }
        return ReplyWindowRule(standardHours: standard, humanHours: human, closedWindowRichType: closedWindowRichType, referralHours: referral)
    }
}

public struct ManifestError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
