import SwitchboardSupport

/// Someone a side conversation is with. `address` means what the carrying channel makes of it
/// (an email address for email; a Slack channel or user id for a Slack plugin), so the model
/// holds no transport of its own.
public struct SideParticipant: Sendable, Equatable {
    public enum Role: String, Sendable {
        case to, cc
    }

    public var address: String
    public var name: String?
    public var role: Role
    /// The customer of the parent conversation, copied at the agent's request (off by default).
    public var isCustomer: Bool

    public init(address: String, name: String? = nil, role: Role = .to, isCustomer: Bool = false) {
        self.address = address
        self.name = name
        self.role = role
        self.isCustomer = isCustomer
    }

    public var json: JSON {
        ["address": .string(address), "name": .from(name), "role": .string(role.rawValue), "customer": .bool(isCustomer)]
    }

    init?(json: JSON) {
        guard let address = json["address"]?.stringValue, let role = json["role"]?.stringValue.flatMap(Role.init(rawValue:)) else { return nil }
        self.init(address: address, name: json["name"]?.stringValue, role: role, isCustomer: json["customer"]?.boolValue ?? false)
    }
}

/// A private thread attached to a customer conversation: its own participants and messages,
/// never shown to the customer (unless copied), never a change to the customer conversation.
/// Neither an internal comment (for the team, never sent anywhere) nor a reply (to the customer).
public struct SideConversation: Sendable, Equatable {
    public var id: String
    /// The customer conversation it belongs to; who may see it is decided there.
    public var conversationID: String
    /// The channel instance that carries it (sends its messages, receives the answers).
    public var channelInstanceID: String
    public var subject: String
    public var participants: [SideParticipant]
    /// The actor who started it ("agent:<id>", "key:<id>").
    public var createdBy: String
    public var createdAt: Int64
    public var updatedAt: Int64
    public var lastMessageAt: Int64?
}

public enum SideMessageDirection: String, Sendable {
    /// Written by the team, sent to the participants.
    case outbound
    /// Written by a participant, received through the channel.
    case inbound
}

public struct SideMessage: Sendable, Equatable {
    public var id: Int64
    public var sideConversationID: String
    public var direction: SideMessageDirection
    /// "agent" for the team's messages, "participant" for answers.
    public var authorKind: String
    /// The actor, or the participant's address.
    public var authorID: String?
    public var authorName: String?
    public var channelInstanceID: String
    public var text: String
    public var format: TextFormat
    public var attachmentsJSON: String?
    public var providerMessageID: String?
    public var deliveryStatus: DeliveryStatus
    public var deliveryDetail: String?
    public var createdAt: Int64
    /// When its author edited it where they wrote it (Slack); nil otherwise.
    public var editedAt: Int64? = nil
    /// When its author deleted it there: its content is gone.
    public var deletedAt: Int64? = nil
    /// The participant's picture, a host file URL (ABI 1.3).
    public var authorAvatarURL: String? = nil
    /// Where a sent message can be seen at the provider (a Slack permalink; ABI 1.3).
    public var providerLink: String? = nil
}

/// Why a side-conversation request was refused. Nothing was changed.
public enum SideConversationError: Error, Equatable, CustomStringConvertible, Sendable {
    case notFound(what: String, id: String)
    case conflict(String)
    case invalid(field: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let what, let id): "no \(what) \(id)"
        case .conflict(let reason): reason
        case .invalid(let field, let reason): "\(field): \(reason)"
        }
    }
}

extension SideConversationError: DomainRefusal {
    public var refusal: Refusal {
        switch self {
        case .notFound: .notFound(description)
        case .conflict(let reason): .conflict(field: nil, reason: reason)
        case .invalid(let field, let reason): .invalid(field: field, reason: reason)
        }
    }
}

/// Event types about side conversations. They are recorded on the parent conversation, so the team
/// that may see it sees them; integrator keys never do (their channels face the customer), neither
/// in feeds nor in event webhooks.
public enum SideConversationEvents {
    public static let started = "side_conversation.started"
    public static let message = "side_conversation.message"
    public static let messageFailed = "side_conversation.message_failed"
    /// A participant edited or deleted their reply where they wrote it (ABI 1.3).
    public static let messageEdited = "side_conversation.message_edited"
    public static let messageDeleted = "side_conversation.message_deleted"
    /// Every type above starts with it.
    public static let prefix = "side_conversation."

    public static func isTeamOnly(_ type: String) -> Bool { type.hasPrefix(prefix) }
}
