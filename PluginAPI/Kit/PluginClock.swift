#if canImport(Glibc)
import Glibc
#endif

/// Time without Foundation.
public enum PluginClock {
    /// Wall-clock time in Unix milliseconds (for timestamps sent to others).
    public static func unixMilliseconds() -> Int64 { milliseconds(CLOCK_REALTIME) }

    /// Wall-clock time in Unix seconds.
    public static func unixSeconds() -> Int64 { unixMilliseconds() / 1000 }

    /// A clock that never jumps, in milliseconds from an arbitrary origin (for deadlines).
    public static func monotonicMilliseconds() -> Int64 { milliseconds(CLOCK_MONOTONIC) }

    /// "2026-11-21T19:40:00.123Z" (RFC 3339, UTC).
    public static func rfc3339(unixMilliseconds millis: Int64) -> String {
        var seconds = time_t(millis / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-" + pad(Int(parts.tm_mday), 2)
            + "T" + pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2)
            + "." + pad(Int(millis % 1000), 3) + "Z"
    }

    private static func milliseconds(_ clock: clockid_t) -> Int64 {
        var now = timespec()
        clock_gettime(clock, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
