/// One finding of validation, with the node and exit it concerns. Errors block publishing; warnings do not.
public struct IVRProblem: Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public let severity: Severity
    public let code: String
    public let node: String?
    public let exit: String?
    public let message: String

    public init(_ severity: Severity, _ code: String, node: String?, exit: String? = nil, _ message: String) {
        self.severity = severity
        self.code = code
        self.node = node
        self.exit = exit
        self.message = message
    }

    public var description: String {
        let place = [node, exit].compactMap { $0 }.joined(separator: ".")
        return "\(severity.rawValue) \(code) \(place): \(message)"
    }
}
