/// A request or configuration field that is missing or wrong; `field` is its name as the client
/// (or operator) spelled it, so the 4xx answer can point at it.
public struct FieldError: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field) \(message)" }
}
