/// Why a change to agents, teams or sessions was refused. Nothing was written when one is thrown.
public enum PeopleError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A field breaks a rule (REST: 400 naming the field).
    case invalid(field: String, String)
    /// No such agent or team (REST: 404).
    case notFound(String)
    /// A duplicate or a state that forbids the change (REST: 409).
    case conflict(field: String?, String)

    public var description: String {
        switch self {
        case .invalid(let field, let message): "\(field): \(message)"
        case .notFound(let message): message
        case .conflict(_, let message): message
        }
    }
}

extension PeopleError: DomainRefusal {
    public var refusal: Refusal {
        switch self {
        case .invalid(let field, let message): .invalid(field: field, reason: message)
        case .notFound(let message): .notFound(message)
        case .conflict(let field, let message): .conflict(field: field, reason: message)
        }
    }
}
