/// One way to reach a customer on a channel: ("email", "ann@example.com"), ("phone", "+1555…").
public struct Identity: Sendable, Equatable, Hashable {
    public var kind: String
    public var value: String
    public init(kind: String, value: String) {
        self.kind = kind
        self.value = value
    }
}

public struct Contact: Sendable, Equatable {
    public var id: String
    public var displayName: String?
    public var identities: [Identity]
    public var attributesJSON: String
    public var createdAt: Int64
}
