/// Why a queue or callback change was refused. Nothing was written when one is thrown.
public enum VoiceQueueError: Error, Equatable, CustomStringConvertible, Sendable {
    case notFound(String)
    /// The entry is not in a state that allows the change (REST: 409).
    case conflict(String)
    /// Nothing can be done now, because of what `field` names (no caller waits, no phone to ring; REST: 409 naming it).
    case blocked(field: String, String)
    case invalid(field: String, String)

    public var description: String {
        switch self {
        case .notFound(let message), .conflict(let message): message
        case .invalid(let field, let message), .blocked(let field, let message): "\(field): \(message)"
        }
    }
}

extension VoiceQueueError: DomainRefusal {
    public var refusal: Refusal {
        switch self {
        case .notFound(let message): .notFound(message)
        case .conflict(let message): .conflict(field: nil, reason: message)
        case .blocked(let field, let message): .conflict(field: field, reason: "\(field): \(message)")
        case .invalid(let field, let message): .invalid(field: field, reason: message)
        }
    }
}
