import SwitchboardSupport

extension SLAPolicy {
    static let fields: Set<String> = ["name", "position", "enabled", "conditions", "team_ids", "first_response_minutes",
                                      "next_response_minutes", "resolution_minutes", "business_hours", "at_risk_minutes"]
    /// A year: longer targets are mistakes, not policies.
    static let maximumMinutes = 525_600

    /// A policy from the REST body (a full definition: create and replace alike); errors name the field.
    public static func parse(_ body: JSONObject, id: String, createdAt: Int64, updatedAt: Int64, defaultPosition: Int) throws(WorkflowError) -> SLAPolicy {
        if let unknown = body.keys.first(where: { !fields.contains($0) }) {
            throw .invalid(field: unknown, reason: "unknown field (use \(fields.sorted().joined(separator: ", ")))")
        }
        guard let name = body["name"]?.stringValue, (1...200).contains(name.unicodeScalars.count) else {
            throw .invalid(field: "name", reason: "is required: a string of 1 to 200 characters")
        }
        var minutes: [SLATarget: Int] = [:]
        for target in SLATarget.allCases {
            let field = "\(target.rawValue)_minutes"
            minutes[target] = try optionalInt(body, field, in: 1...maximumMinutes)
        }
        if minutes.isEmpty { throw .invalid(field: "first_response_minutes", reason: "give at least one of first_response_minutes, next_response_minutes, resolution_minutes") }
        var teamIDs: [String] = []
        if let value = body["team_ids"], !value.isNull {
            guard let items = value.arrayValue, items.count <= 100 else { throw .invalid(field: "team_ids", reason: "must be an array of at most 100 team ids") }
            for (index, item) in items.enumerated() {
                guard let text = item.stringValue, !text.isEmpty else { throw .invalid(field: "team_ids.\(index)", reason: "must be a team id") }
                teamIDs.append(text)
            }
        }
        var conditions = RoutingConditions()
        if let value = body["conditions"], !value.isNull {
            guard let object = value.objectValue else { throw .invalid(field: "conditions", reason: "must be an object") }
            conditions = try RoutingConditions.parse(object)
        }
        let enabled: Bool
        switch body["enabled"] {
        case nil, .null?: enabled = true
        case .bool(let flag)?: enabled = flag
        default: throw .invalid(field: "enabled", reason: "must be true or false")
        }
        return SLAPolicy(id: id, name: name, position: try optionalInt(body, "position", in: 0...1_000_000) ?? defaultPosition,
                         enabled: enabled, conditions: conditions, teamIDs: teamIDs, minutes: minutes,
                         businessHours: try schedule(body["business_hours"]),
                         atRiskMinutes: try optionalInt(body, "at_risk_minutes", in: 0...maximumMinutes) ?? 15,
                         definition: body, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// The IVR schedule's shape, checked as the IVR checks it: a known IANA zone and some open hours.
    static func schedule(_ value: JSON?) throws(WorkflowError) -> IVRSchedule? {
        guard let value, !value.isNull else { return nil }
        guard let object = value.objectValue else { throw .invalid(field: "business_hours", reason: "must be an object (timeZone, weekly, holidays) or null") }
        let schedule: IVRSchedule
        do { schedule = try IVRSchedule.parse(IVRFields(object: object, path: "business_hours")) } catch {
            throw .invalid(field: error.field, reason: error.message)
        }
        guard IVRTimeZone.exists(schedule.timeZone) else { throw .invalid(field: "business_hours.timeZone", reason: "must be an IANA time zone such as Europe/Berlin") }
        guard !schedule.weekly.isEmpty else { throw .invalid(field: "business_hours.weekly", reason: "needs at least one entry of open hours") }
        return schedule
    }

    static func optionalInt(_ body: JSONObject, _ field: String, in range: ClosedRange<Int>) throws(WorkflowError) -> Int? {
        guard let value = body[field], !value.isNull else { return nil }
        guard let number = value.intValue, range.contains(number) else {
            throw .invalid(field: field, reason: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}
