import SwitchboardSupport

/// A schedule's fields as a request gives them, each checked with the field named on refusal.
public struct VoiceScheduleFields: Sendable, Equatable {
    public var name: String
    public var timeZone: String
    public var weekly: [VoiceWeeklyHours]
    public var holidays: [VoiceHoliday]

    public static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// `{"name", "time_zone", "weekly"?, "holidays"?}`.
    public static func parse(_ body: JSONObject) throws(VoiceError) -> VoiceScheduleFields {
        let name = try VoiceJSON.string(body, "name")
        try VoiceText.check(name, field: "name", max: VoiceFlow.maxNameLength)
        let zone = try VoiceJSON.string(body, "time_zone")
        // Fixed offsets ("+01:00", "GMT+1") break at DST: only IANA names ("Europe/Berlin", "UTC").
        guard zone.count <= 64, !zone.contains(where: { $0 == "+" || $0 == " " }), IVRTimeZone.exists(zone) else {
            throw .invalidField("time_zone", "'\(zone)' is not an IANA time zone known to this system (like Europe/Berlin)")
        }
        var weekly: [VoiceWeeklyHours] = []
        for (index, entry) in try VoiceJSON.objects(body, "weekly", max: VoiceSchedule.maxWeekly).enumerated() {
            let field = "weekly.\(index)"
            let day = try VoiceJSON.string(entry, "day", path: field)
            guard dayNames.contains(day) else { throw .invalidField("\(field).day", "must be one of \(dayNames.joined(separator: ", "))") }
            weekly.append(VoiceWeeklyHours(day: day, open: try time(entry, "open", path: field), close: try time(entry, "close", path: field)))
        }
        var holidays: [VoiceHoliday] = []
        var dates: Set<String> = []
        for (index, entry) in try VoiceJSON.objects(body, "holidays", max: VoiceSchedule.maxHolidays).enumerated() {
            let field = "holidays.\(index)"
            let date = try VoiceJSON.string(entry, "date", path: field)
            guard IVRDate(date) != nil else { throw .invalidField("\(field).date", "must be a date YYYY-MM-DD") }
            guard dates.insert(date).inserted else { throw .invalidField("\(field).date", "\(date) is listed twice") }
            let name = try VoiceJSON.string(entry, "name", path: field)
            try VoiceText.check(name, field: "\(field).name", max: VoiceFlow.maxNameLength)
            let open = try optionalTime(entry, "open", path: field), close = try optionalTime(entry, "close", path: field)
            switch (open, close) {
            case (nil, nil): break
            case (let open?, let close?):
                guard IVRSchedule.minuteOfDay(open)! < IVRSchedule.minuteOfDay(close)! else {
                    throw .invalidField("\(field).close", "must be after open (special hours end the same day)")
                }
            default: throw .invalidField("\(field).\(open == nil ? "open" : "close")", "is required with \(open == nil ? "close" : "open")")
            }
            holidays.append(VoiceHoliday(date: date, name: name, open: open, close: close))
        }
        return VoiceScheduleFields(name: name, timeZone: zone, weekly: weekly, holidays: holidays)
    }

    private static func time(_ object: JSONObject, _ key: String, path: String) throws(VoiceError) -> String {
        guard let text = try optionalTime(object, key, path: path) else { throw .invalidField("\(path).\(key)", "is required") }
        return text
    }

    private static func optionalTime(_ object: JSONObject, _ key: String, path: String) throws(VoiceError) -> String? {
        guard let value = object[key] else { return nil }
        guard let text = value.stringValue, IVRSchedule.minuteOfDay(text) != nil else { throw .invalidField("\(path).\(key)", "must be a time HH:MM from 00:00 to 23:59") }
        return text
    }
}
