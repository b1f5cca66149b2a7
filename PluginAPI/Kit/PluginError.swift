import SwitchboardPluginAPI

/// An error crossing the plugin boundary, one case per `SB_ERR_*` status (plus `SB_DECLINED`).
///
/// Throw these from `ChannelPlugin` requirements: the boundary turns them into the status code
/// and the host's error buffer text. Any other Swift error becomes `SB_ERR_INTERNAL` with its
/// description. `PluginHost` services throw them too, carrying the host's own message.
public enum PluginError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An argument or the configuration is wrong; `field` names it when known.
    case invalid(field: String?, message: String)
    /// The host (or plugin) does not offer that yet.
    case unsupported(String)
    case notFound(String)
    /// Storage or network failure; retrying may help.
    case io(String)
    case timeout(String)
    /// Temporarily unavailable (draining, overloaded).
    case busy(String)
    /// Not allowed (auth, permissions, quarantine).
    case denied(String)
    /// A bug; the host logs it.
    case `internal`(String)
    /// The other side's ABI minor version is too old.
    case version(String)
    /// ABI 1.3: held by someone else (an asset another instance claimed). Thrown from `init`, the
    /// host answers the operator 409.
    case conflict(String)
    /// From `init` only: the configuration leaves nothing to do. Not a failure (`SB_DECLINED`).
    case declined(reason: String)

    /// The text the host sees; for `.invalid` with a field, "field: message".
    public var message: String {
        switch self {
        case .invalid(let field?, let message): "\(field): \(message)"
        case .invalid(nil, let message), .unsupported(let message), .notFound(let message), .io(let message),
             .timeout(let message), .busy(let message), .denied(let message), .internal(let message),
             .version(let message), .conflict(let message), .declined(let message):
            message
        }
    }

    public var description: String { message }

    /// The `sb_status` this error crosses the boundary as.
    public var code: Int32 {
        switch self {
        case .invalid: SB_ERR_INVALID
        case .unsupported: SB_ERR_UNSUPPORTED
        case .notFound: SB_ERR_NOT_FOUND
        case .io: SB_ERR_IO
        case .timeout: SB_ERR_TIMEOUT
        case .busy: SB_ERR_BUSY
        case .denied: SB_ERR_DENIED
        case .internal: SB_ERR_INTERNAL
        case .version: SB_ERR_VERSION
        case .conflict: SB_ERR_CONFLICT
        case .declined: SB_DECLINED
        }
    }

    /// The error a host service's negative status stands for.
    init(status: Int32, message: String) {
        switch status {
        case SB_ERR_INVALID: self = .invalid(field: nil, message: message)
        case SB_ERR_UNSUPPORTED: self = .unsupported(message)
        case SB_ERR_NOT_FOUND: self = .notFound(message)
        case SB_ERR_IO: self = .io(message)
        case SB_ERR_TIMEOUT: self = .timeout(message)
        case SB_ERR_BUSY: self = .busy(message)
        case SB_ERR_DENIED: self = .denied(message)
        case SB_ERR_VERSION: self = .version(message)
        case SB_ERR_CONFLICT: self = .conflict(message)
        case SB_DECLINED: self = .declined(reason: message)
        default: self = .internal(message.isEmpty ? "status \(status)" : message)
        }
    }

    /// Any error, as it crosses the boundary.
    static func from(_ error: any Error) -> PluginError {
        (error as? PluginError) ?? .internal(String(describing: error))
    }
}
