import SwitchboardSupport

/// Which answer a service-level target times.
public enum SLATarget: String, Sendable, CaseIterable {
    /// The first reply a conversation gets.
    case firstResponse = "first_response"
    /// A reply to a customer who wrote again after being answered.
    case nextResponse = "next_response"
    /// The conversation resolved (done): its own clock, from the first customer message or a reopen,
    /// paused while snoozed or waiting on the customer (see ResolutionClock).
    case resolution

    /// The targets timed by the response clock (the resolution clock runs beside it).
    static let responses: [SLATarget] = [.firstResponse, .nextResponse]
}

/// A service-level policy: for the conversations it matches, how soon an answer is due, counted
/// on the wall clock or only while a schedule is open. Policies are tried in `position` order;
/// the first enabled match times the conversation.
public struct SLAPolicy: Sendable, Equatable {
    public var id: String
    public var name: String
    public var position: Int
    public var enabled: Bool
    /// The conversation facts routing rules match on (channel instance, channel kind, priority, contact tier…).
    public var conditions: RoutingConditions
    /// The responsible team must be one of these (empty: any team, or none).
    public var teamIDs: [String]
    /// Minutes per target; a target not set is not timed.
    public var minutes: [SLATarget: Int]
    /// Counted only while open, when set (the IVR's schedule shape, inline).
    public var businessHours: IVRSchedule?
    /// The `sla.at_risk` event fires when this many minutes of counted time are left.
    public var atRiskMinutes: Int
    /// The request's JSON as accepted, presented back as it was given.
    public var definition: JSONObject
    public var createdAt: Int64
    public var updatedAt: Int64

    /// The channel's own response time ("response_due" in a plugin's manifest, Amazon's 24 hours):
    /// the policy of its instances when no stored policy matches. Wall-clock hours, both targets.
    public static func channelDefault(pluginID: String, hours: Int) -> SLAPolicy {
        SLAPolicy(id: channelDefaultPrefix + pluginID, name: "\(pluginID) response time", position: Int.max, enabled: true,
                  conditions: RoutingConditions(), teamIDs: [],
                  minutes: [.firstResponse: hours * 60, .nextResponse: hours * 60], businessHours: nil,
                  atRiskMinutes: min(hours * 60 / 4, 120), definition: [:], createdAt: 0, updatedAt: 0)
    }

    public static let channelDefaultPrefix = "channel:"

    /// Whether the policy times resolutions at all.
    var timesResolution: Bool { enabled && minutes[.resolution] != nil }

    /// Whether the policy applies to a conversation with these facts and team.
    public func matches(_ facts: RoutingFacts, teamID: String?) -> Bool {
        guard enabled, conditions.matches(facts) else { return false }
        return teamIDs.isEmpty || teamID.map(teamIDs.contains) == true
    }

    /// The instant `minutes` of counted time after `start` (nil: the schedule never opens).
    func due(after start: Int64, ms: Int64) -> Int64? {
        guard let businessHours else { return start + ms }
        return businessHours.addingBusinessTime(ms, to: start)
    }

    /// Counted time from `from` to `to` (negative when `to` is earlier).
    func counted(from: Int64, to: Int64) -> Int64 {
        guard let businessHours else { return to - from }
        return businessHours.businessTime(from: from, to: to) ?? (to - from)
    }
}
