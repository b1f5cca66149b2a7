import SwitchboardDomain
import SwitchboardSupport

/// JSON shapes of agents, teams and sessions (documented in PeoplePaths).
extension Present {
    static func agent(_ a: Agent) -> JSON {
        ["id": .string(a.id), "email": .string(a.email), "name": .string(a.name), "handle": .string(a.handle),
         "role": .string(a.role.rawValue), "availability": .string(a.availability.rawValue), "capacity": .number(Double(a.capacity)),
         "skills": .array(a.skills.map(JSON.string)), "channel_instance_ids": .array(a.channelInstanceIDs.map(JSON.string)),
         "team_ids": .array(a.teamIDs.map(JSON.string)), "has_password": .bool(a.hasPassword), "active": .bool(a.isActive),
         "created_at": .string(Clock.iso8601(a.createdAt)), "updated_at": .string(Clock.iso8601(a.updatedAt)),
         "deactivated_at": time(a.deactivatedAt), "two_factor_enabled": .bool(a.twoFactorEnabled)]
    }

    static func team(_ t: Team) -> JSON {
        ["id": .string(t.id), "name": .string(t.name), "strategy": .string(t.strategy.rawValue), "is_default": .bool(t.isDefault),
         "is_escalation": .bool(t.isEscalation), "member_ids": .array(t.memberIDs.map(JSON.string)),
         "created_at": .string(Clock.iso8601(t.createdAt)), "updated_at": .string(Clock.iso8601(t.updatedAt))]
    }

    static func member(_ m: TeamMember) -> JSON {
        ["agent": agent(m.agent), "active_conversations": .number(Double(m.activeConversations)),
         "free_capacity": .number(Double(m.freeCapacity)), "joined_at": .string(Clock.iso8601(m.joinedAt))]
    }

    /// The signed-in person; with a browser session, its CSRF token and when it ends if unused.
    static func me(_ a: Agent, session: Session?, policy: SessionPolicy, twoFactor: TwoFactorStatus) -> JSON {
        ["agent": agent(a), "csrf_token": .from(session?.csrfToken), "expires_at": time(session.map(policy.endsAt)),
         "two_factor": Self.twoFactor(twoFactor)]
    }

    static func twoFactor(_ s: TwoFactorStatus) -> JSON {
        ["enabled": .bool(s.enabled), "required": .bool(s.required), "must_enrol": .bool(s.mustEnrol),
         "recovery_codes_left": .number(Double(s.recoveryCodesLeft))]
    }
}
