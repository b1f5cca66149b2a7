/// Opening hours on one weekday (0 = Sunday). A close at or before the open runs past midnight
/// into the next day ("22:00"–"02:00").
public struct IVRWeeklyHours: Equatable, Sendable {
    public let weekday: Int
    public let openMinute: Int
    public let closeMinute: Int

    public init(weekday: Int, openMinute: Int, closeMinute: Int) {
        self.weekday = weekday
        self.openMinute = openMinute
        self.closeMinute = closeMinute
    }

    public var passesMidnight: Bool { closeMinute <= openMinute }
}

/// Special hours on one dated day (a holiday with short opening): open from `openMinute` until `closeMinute`.
public struct IVRDayHours: Equatable, Sendable {
    public let openMinute: Int
    public let closeMinute: Int

    public init(openMinute: Int, closeMinute: Int) {
        self.openMinute = openMinute
        self.closeMinute = closeMinute
    }
}

public enum IVRScheduleStatus: String, Equatable, Sendable {
    case open, closed, holiday
}

/// Hours of operation in one IANA zone, with dated holidays (closed all day, in that zone).
public struct IVRSchedule: Equatable, Sendable {
    public let timeZone: String
    public let weekly: [IVRWeeklyHours]
    public let holidays: Set<IVRDate>
    /// Dated days with their own hours; outside them the day counts as a holiday.
    public let specialHours: [IVRDate: IVRDayHours]

    public init(timeZone: String, weekly: [IVRWeeklyHours], holidays: Set<IVRDate>, specialHours: [IVRDate: IVRDayHours] = [:]) {
        self.timeZone = timeZone
        self.weekly = weekly
        self.holidays = holidays
        self.specialHours = specialHours
    }

    /// Open, closed or a holiday at that instant; nil when the zone is unknown. The wall clock is
    /// read with the offset in force at the instant, so hours hold across DST changes.
    public func status(atMillis millis: Int64) -> IVRScheduleStatus? {
        guard let offset = IVRTimeZone.offsetSeconds(timeZone, atMillis: millis) else { return nil }
        let local = IVRLocalTime(utcMillis: millis, offsetSeconds: offset)
        if let special = specialHours[local.date] {
            return local.minuteOfDay >= special.openMinute && local.minuteOfDay < special.closeMinute ? .open : .holiday
        }
        if holidays.contains(local.date) { return .holiday }
        let yesterday = (local.weekday + 6) % 7
        let open = weekly.contains { hours in
            if hours.weekday == local.weekday {
                return local.minuteOfDay >= hours.openMinute && (hours.passesMidnight || local.minuteOfDay < hours.closeMinute)
            }
            return hours.weekday == yesterday && hours.passesMidnight && local.minuteOfDay < hours.closeMinute
        }
        return open ? .open : .closed
    }
}
