/// One case of a branch: the variable holds one of the values.
public struct IVRBranchCase: Equatable, Sendable {
    public let exit: String
    public let variable: String
    public let values: [String]
}

/// Routing on call variables (collected digits, the caller's number); the first matching case wins,
/// otherwise `default`.
public struct IVRBranch: Equatable, Sendable {
    public let cases: [IVRBranchCase]

    public func exit(for variables: [String: String]) -> String {
        cases.first { c in variables[c.variable].map(c.values.contains) ?? false }?.exit ?? "default"
    }
}
