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

    /// Whether a receipt saying `next` may replace this status: receipts only move a message
    /// forward (queued, sent, delivered, read), and failed is final. Providers send receipts out of
    /// order (a late "delivered" after "read") and a failure after a success is a new fact only
    /// while the message was not yet delivered.
    public func accepts(_ next: DeliveryStatus) -> Bool {
        let order: [DeliveryStatus] = [.queued, .sent, .delivered, .read]
        switch (self, next) {
        case (.failed, _), (.received, _), (.internalOnly, _): return false
        case (_, .failed): return self == .queued || self == .sent
        default:
            guard let from = order.firstIndex(of: self), let to = order.firstIndex(of: next) else { return false }
            return to > from
        }
    }
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
    /// When the customer unsent it (its content is gone); nil otherwise.
    public var deletedAt: Int64? = nil
    /// The provider's time of it, where the channel gave one (a Messenger message's timestamp).
    public var sentAt: Int64? = nil
    /// When the customer last edited it (its text is the edited one); nil otherwise.
    public var editedAt: Int64? = nil
}
