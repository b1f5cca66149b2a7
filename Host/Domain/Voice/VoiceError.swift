/// Why a voice flow, schedule or queue request was refused. Nothing was changed when one is thrown.
public enum VoiceError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(String)
    case invalidField(String, String)
    case conflict(field: String?, String)

    public var description: String {
        switch self {
        case .notFound(let message): message
        case .invalidField(let field, let why): "\(field): \(why)"
        case .conflict(_, let why): why
        }
    }
}

extension VoiceError: DomainRefusal {
    public var refusal: Refusal {
        switch self {
        case .notFound(let message): .notFound(message)
        case .invalidField(let field, let why): .invalid(field: field, reason: why)
        case .conflict(let field, let why): .conflict(field: field, reason: why)
        }
    }
}
