import SwitchboardSupport

/// Opening hours on one weekday: "HH:MM" to "HH:MM"; a close at or before the open runs past midnight.
public struct VoiceWeeklyHours: Sendable, Equatable {
    public var day: String
    public var open: String
    public var close: String
}

/// A dated day in the schedule's zone: closed all day, or open only from `open` to `close`.
public struct VoiceHoliday: Sendable, Equatable {
    public var date: String
    public var name: String
    public var open: String?
    public var close: String?
}

/// Hours of operation that flows' hours checks name by id: an IANA zone, weekly hours, holidays.
public struct VoiceSchedule: Sendable, Equatable {
    public var id: String
    public var name: String
    public var timeZone: String
    public var weekly: [VoiceWeeklyHours]
    public var holidays: [VoiceHoliday]
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(id: String, fields: VoiceScheduleFields, createdAt: Int64, updatedAt: Int64) {
        self.id = id
        name = fields.name
        timeZone = fields.timeZone
        weekly = fields.weekly
        holidays = fields.holidays
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    init(id: String, name: String, timeZone: String, weekly: [VoiceWeeklyHours], holidays: [VoiceHoliday], createdAt: Int64, updatedAt: Int64) {
        self.init(id: id, fields: VoiceScheduleFields(name: name, timeZone: timeZone, weekly: weekly, holidays: holidays),
                  createdAt: createdAt, updatedAt: updatedAt)
    }

    public static let maxWeekly = 50
    public static let maxHolidays = 400

    /// What the engine reads (fields were checked when stored).
    public var ivrSchedule: IVRSchedule {
        var special: [IVRDate: IVRDayHours] = [:]
        var closed: Set<IVRDate> = []
        for holiday in holidays {
            guard let date = IVRDate(holiday.date) else { continue }
            if let open = holiday.open.flatMap(IVRSchedule.minuteOfDay), let close = holiday.close.flatMap(IVRSchedule.minuteOfDay) {
                special[date] = IVRDayHours(openMinute: open, closeMinute: close)
            } else {
                closed.insert(date)
            }
        }
        let weeklyHours = weekly.compactMap { hours -> IVRWeeklyHours? in
            guard let day = IVRSchedule.weekdays.firstIndex(of: hours.day), let open = IVRSchedule.minuteOfDay(hours.open),
                  let close = IVRSchedule.minuteOfDay(hours.close) else { return nil }
            return IVRWeeklyHours(weekday: day, openMinute: open, closeMinute: close)
        }
        return IVRSchedule(timeZone: timeZone, weekly: weeklyHours, holidays: closed, specialHours: special)
    }
}
