import FoundationEssentials
import FoundationInternationalization

/// IANA time zones from the system's zone data through Foundation's TimeZone: thread-safe, unlike
/// setting TZ for glibc's localtime in a multithreaded host. Fixed offsets ("+01:00") are not zones.
public enum IVRTimeZone {
    public static func exists(_ identifier: String) -> Bool { TimeZone(identifier: identifier) != nil }

    /// Seconds east of UTC at that instant (DST included), or nil for an unknown zone.
    public static func offsetSeconds(_ identifier: String, atMillis millis: Int64) -> Int? {
        TimeZone(identifier: identifier)?.secondsFromGMT(for: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}
