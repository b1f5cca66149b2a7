/// A flow definition that cannot be read, naming the field at fault ("nodes.menu1.exits.timeout"),
/// so the editor can point at it.
public struct IVRFlowError: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
