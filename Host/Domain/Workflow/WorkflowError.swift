/// Why a conversation action was refused. Nothing was changed.
public enum WorkflowError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The thing named does not exist (or the caller may not see it): conversation, agent, team, rule.
    case notFound(what: String, id: String)
    /// The action is impossible in the conversation's current state.
    case conflict(String)
    /// A field of the request is wrong.
    case invalid(field: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let what, let id): "no \(what) \(id)"
        case .conflict(let reason): reason
        case .invalid(let field, let reason): "\(field): \(reason)"
        }
    }
}

extension WorkflowError: DomainRefusal {
    public var refusal: Refusal {
        switch self {
        case .notFound: .notFound(description)
        case .conflict(let reason): .conflict(field: nil, reason: reason)
        case .invalid(let field, let reason): .invalid(field: field, reason: reason)
        }
    }
}
