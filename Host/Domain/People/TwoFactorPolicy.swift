import SwitchboardSupport

/// Which roles must sign in with a second factor. Empty by default: admins decide.
extension Store {
    static let twoFactorPolicyKey = "two_factor.required_roles"

    public func twoFactorPolicy() throws -> Set<Role> {
        let roles = try hostSetting(Self.twoFactorPolicyKey)?.arrayValue ?? []
        return Set(roles.compactMap { $0.stringValue.flatMap(Role.init(rawValue:)) })
    }

    /// Set the roles that must use two factors (admin, agent); recorded in the audit trail.
    public func setTwoFactorPolicy(_ roles: Set<Role>, actor: String, now: Int64 = Clock.nowMillis()) throws {
        if roles.contains(.integrator) { throw PeopleError.invalid(field: "required_roles", "roles are admin and agent: API keys have no second factor") }
        let sorted = roles.map(\.rawValue).sorted()
        try write { db in
            try Self.putHostSetting(db, Self.twoFactorPolicyKey, .array(sorted.map(JSON.string)), now: now)
            try Self.recordAudit(db, actor: actor, action: "two_factor.policy", subject: nil,
                                 detail: ["required_roles": .array(sorted.map(JSON.string))], now: now)
        }
    }
}
