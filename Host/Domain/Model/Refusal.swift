/// Why the domain refused a request, in the three kinds every interface understands.
/// Nothing was changed when one is thrown.
public enum Refusal: Sendable, Equatable {
    /// A field breaks a rule (REST: 400 naming the field).
    case invalid(field: String, reason: String)
    /// No such thing, or the caller may not see it (REST: 404).
    case notFound(String)
    /// Impossible in the current state, or a duplicate (REST: 409).
    case conflict(field: String?, reason: String)
}

/// An error the domain throws on purpose, as opposed to the store failing.
public protocol DomainRefusal: Error, CustomStringConvertible {
    var refusal: Refusal { get }
}
