/// Time counted only while a schedule is open: the arithmetic of service-level targets kept "in
/// business hours". Built on the same reading of the schedule as `IVRSchedule.status` (hours past
/// midnight belong to the day they open; a holiday closes its own calendar date), walked one local
/// day at a time so a target of days costs a few dozen zone lookups, not one per minute.
extension IVRSchedule {
    /// How far ahead the walk looks for open time before giving up (a schedule open only on
    /// holidays-to-be would otherwise never end).
    static let businessHorizonDays: Int64 = 800

    /// The instant `durationMs` of open time after `start` (start itself when the duration is 0 or
    /// less); nil when the zone is unknown or the schedule is not open within the horizon.
    public func addingBusinessTime(_ durationMs: Int64, to start: Int64) -> Int64? {
        if durationMs <= 0 { return start }
        var left = durationMs
        guard let firstDay = localDay(atMillis: start) else { return nil }
        for day in (firstDay - 1)...(firstDay + Self.businessHorizonDays) {
            for (open, close) in openIntervals(onLocalDay: day) where close > start {
                let from = max(open, start)
                if close - from >= left { return from + left }
                left -= close - from
            }
        }
        return nil
    }

    /// Open time between two instants, in ms: negative when `to` is before `from`; nil for an unknown zone.
    public func businessTime(from: Int64, to: Int64) -> Int64? {
        if to < from { return businessTime(from: to, to: from).map { -$0 } }
        guard let firstDay = localDay(atMillis: from), let lastDay = localDay(atMillis: to) else { return nil }
        var total: Int64 = 0
        for day in (firstDay - 1)...lastDay {
            for (open, close) in openIntervals(onLocalDay: day) {
                let overlap = min(close, to) - max(open, from)
                if overlap > 0 { total += overlap }
            }
        }
        return total
    }

    /// The local calendar day (days since 1970-01-01 on the zone's wall clock) of an instant.
    func localDay(atMillis millis: Int64) -> Int64? {
        guard let offset = IVRTimeZone.offsetSeconds(timeZone, atMillis: millis) else { return nil }
        return Self.floorDiv(millis + Int64(offset) * 1000, 86_400_000)
    }

    /// The UTC intervals [open, close) in which the schedule is open because of hours that start
    /// on that local day, split at midnight so a holiday on either date closes its own part.
    func openIntervals(onLocalDay day: Int64) -> [(Int64, Int64)] {
        let weekday = Int(Self.floorMod(day + 4, 7))  // 1970-01-01 was a Thursday (4)
        var intervals: [(Int64, Int64)] = []
        for hours in weekly where hours.weekday == weekday {
            let end = hours.passesMidnight ? 1440 + hours.closeMinute : hours.closeMinute
            for (from, to) in [(hours.openMinute, min(end, 1440)), (1440, end)] where from < to {
                let date = from < 1440 ? day : day + 1
                if holidays.contains(Self.date(ofLocalDay: date)) { continue }
                guard let open = utc(localMinute: day * 1440 + Int64(from)), let close = utc(localMinute: day * 1440 + Int64(to)),
                      close > open else { continue }
                intervals.append((open, close))
            }
        }
        return intervals.sorted { $0.0 < $1.0 }
    }

    /// The instant a wall-clock minute names, with the offset in force then. A minute skipped by a
    /// DST change reads as the same time under the earlier offset (02:30 on spring-forward is 03:30).
    func utc(localMinute: Int64) -> Int64? {
        let wall = localMinute * 60_000
        guard let guess = IVRTimeZone.offsetSeconds(timeZone, atMillis: wall),
              let offset = IVRTimeZone.offsetSeconds(timeZone, atMillis: wall - Int64(guess) * 1000) else { return nil }
        return wall - Int64(offset) * 1000
    }

    static func date(ofLocalDay day: Int64) -> IVRDate { IVRLocalTime(utcMillis: day * 86_400_000, offsetSeconds: 0).date }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { ((a % b) + b) % b }
}
