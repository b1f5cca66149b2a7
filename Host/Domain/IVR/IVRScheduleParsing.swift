extension IVRSchedule {
    public static let weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// `{"timeZone": "Europe/Berlin", "weekly": [{"days": ["mon"], "open": "09:00", "close": "17:00"}],
    /// "holidays": ["2026-12-25"]}`. An unknown zone is left to validation, which names it.
    static func parse(_ fields: IVRFields) throws(IVRFlowError) -> IVRSchedule {
        let zone = try fields.string("timeZone")
        var weekly: [IVRWeeklyHours] = []
        for entry in try fields.objects("weekly") {
            let open = try minute(entry, "open")
            let close = try minute(entry, "close")
            let days = try entry.strings("days")
            if days.isEmpty { throw entry.fail("days", "needs at least one day") }
            for (index, day) in days.enumerated() {
                guard let weekday = weekdays.firstIndex(of: day) else { throw entry.fail("days.\(index)", "must be one of \(weekdays.joined(separator: ", "))") }
                weekly.append(IVRWeeklyHours(weekday: weekday, openMinute: open, closeMinute: close))
            }
        }
        var holidays: Set<IVRDate> = []
        for (index, text) in try fields.strings("holidays").enumerated() {
            guard let date = IVRDate(text) else { throw fields.fail("holidays.\(index)", "must be a date YYYY-MM-DD") }
            holidays.insert(date)
        }
        return IVRSchedule(timeZone: zone, weekly: weekly, holidays: holidays)
    }

    /// "HH:MM" (00:00 to 23:59) as minutes after midnight, or nil.
    public static func minuteOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard text.allSatisfy({ $0 == ":" || ($0.isASCII && $0.isNumber) }), parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        return h * 60 + m
    }

    private static func minute(_ fields: IVRFields, _ key: String) throws(IVRFlowError) -> Int {
        guard let minute = minuteOfDay(try fields.string(key)) else { throw fields.fail(key, "must be a time HH:MM") }
        return minute
    }
}
