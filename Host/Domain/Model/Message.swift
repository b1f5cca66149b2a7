/// Inbound from the customer, outbound to the customer, or an internal comment (never delivered).
public enum MessageDirection: String, Sendable {
    case inbound, outbound
    case internalNote = "internal"
}

public enum AuthorKind: String, Sendable, CaseIterable {
    case customer, agent, stack, system
}

/// Text formats, numbered as SB_FORMAT_* in the plugin header.
public enum TextFormat: String, Sendable, CaseIterable {
    case plain, html, markdown

    public var abiValue: Int32 { switch self { case .plain: 0; case .html: 1; case .markdown: 2 } }
    public init?(abiValue: Int32) {
        switch abiValue { case 0: self = .plain; case 1: self = .html; case 2: self = .markdown; default: return nil }
    }
}

/// Delivery status of a message. Inbound messages are `received`; internal comments are never delivered.
public enum DeliveryStatus: String, Sendable, CaseIterable {
    case received, queued, sent, delivered, read, failed
    case internalOnly = "internal"
}

public struct Message: Sendable, Equatable {
    public var id: Int64
    public var conversationID: String
    public var direction: MessageDirection
    public var authorKind: AuthorKind
    public var authorID: String?
    public var channelInstanceID: String
    public var text: String
    public var format: TextFormat
    public var richJSON: String?
    public var attachmentsJSON: String?
    public var providerMessageID: String?
    public var deliveryStatus: DeliveryStatus
    public var deliveryDetail: String?
    public var createdAt: Int64
}
