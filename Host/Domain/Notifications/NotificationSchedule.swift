/// When digests go out: hourly on the hour; daily at 08:00 in the agent's time zone.
public enum NotificationSchedule {
    public static let dailyMinute = 8 * 60

    /// The first digest time strictly after `millis`; nil for `.none`.
    public static func nextDigest(_ digest: NotificationDigest, after millis: Int64, timeZone: String) -> Int64? {
        switch digest {
        case .none:
            return nil
        case .hourly:
            return (millis / 3_600_000 + 1) * 3_600_000
        case .daily:
            let offset = Int64(IVRTimeZone.offsetSeconds(timeZone, atMillis: millis) ?? 0) * 1000
            let local = millis + offset
            var due = (local / 86_400_000) * 86_400_000 + Int64(dailyMinute) * 60_000
            if due <= local { due += 86_400_000 }
            return due - offset
        }
    }
}
