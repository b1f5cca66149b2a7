/// One way to reach a customer on a channel: ("email", "ann@example.com"), ("phone", "+1555…").
public struct Identity: Sendable, Equatable, Hashable {
    public var kind: String
    public var value: String
    public init(kind: String, value: String) {
        self.kind = kind
        self.value = value
    }

    /// Kinds are what plugins declare in `identity_kinds` ("phone", "api", "email"…): lowercase `[a-z0-9_]{1,32}`.
    public static func isValidKind(_ kind: String) -> Bool {
        !kind.isEmpty && kind.utf8.count <= 32
            && kind.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }

    /// Values are the channel's own address for the customer, kept as given; 1 to 320 bytes (the longest email address).
    public static let maxValueBytes = 320
}

/// One customer, across every channel: their identities, CRM attributes and (through conversations) history.
public struct Contact: Sendable, Equatable {
    public var id: String
    public var displayName: String?
    public var identities: [Identity]
    /// A JSON object of CRM attributes (see `ContactAttributes`).
    public var attributesJSON: String
    public var createdAt: Int64
    public var updatedAt: Int64
    /// Set once the contact was merged into another; the record stays for history, the other is the live one.
    public var mergedInto: String?
    /// Set once the contact's personal data was erased on request; the anonymous record stays.
    public var erasedAt: Int64? = nil
}
