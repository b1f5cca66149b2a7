#if canImport(Glibc)
import Glibc
#endif

/// A wall-clock reading in some zone: the date, weekday (0 = Sunday) and minute of the day.
public struct IVRLocalTime: Equatable, Sendable {
    public let date: IVRDate
    public let weekday: Int
    public let minuteOfDay: Int

    /// The reading of a UTC instant shifted by the zone's offset at that instant.
    public init(utcMillis: Int64, offsetSeconds: Int) {
        var seconds = time_t(utcMillis / 1000 + Int64(offsetSeconds))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        date = IVRDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
        weekday = Int(parts.tm_wday)
        minuteOfDay = Int(parts.tm_hour) * 60 + Int(parts.tm_min)
    }
}
