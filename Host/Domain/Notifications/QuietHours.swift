import SwitchboardSupport

/// An agent's time zone and quiet hours: during them only the notification centre hears of events (no push).
/// The window is in the agent's local time and may wrap midnight (22:00–07:00).
public struct NotificationSettings: Sendable, Equatable {
    /// An IANA zone from tzdata ("Europe/Berlin").
    public var timeZone: String
    /// Minutes after local midnight; both nil: no quiet hours.
    public var quietStart: Int?
    public var quietEnd: Int?

    public init(timeZone: String = "UTC", quietStart: Int? = nil, quietEnd: Int? = nil) {
        self.timeZone = timeZone
        self.quietStart = quietStart
        self.quietEnd = quietEnd
    }

    /// True when `millis` falls inside the quiet hours, in the agent's zone (daylight saving included).
    public func isQuiet(atMillis millis: Int64) -> Bool {
        guard let start = quietStart, let end = quietEnd, start != end,
              let offset = IVRTimeZone.offsetSeconds(timeZone, atMillis: millis) else { return false }
        let localMinutes = Int(((millis / 1000 + Int64(offset)) % 86_400 + 86_400) % 86_400) / 60
        return start < end ? (localMinutes >= start && localMinutes < end) : (localMinutes >= start || localMinutes < end)
    }

    /// "HH:MM" → minutes after midnight; nil when malformed.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0...23).contains(h), (0...59).contains(m) else { return nil }
        return h * 60 + m
    }

    public static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}

extension Store {
    public func notificationSettings(agentID: String) throws -> NotificationSettings {
        try read { db in try Self.notificationSettings(db, agentID: agentID) }
    }

    public func putNotificationSettings(_ settings: NotificationSettings, agentID: String) throws {
        guard IVRTimeZone.exists(settings.timeZone) else {
            throw WorkflowError.invalid(field: "time_zone", reason: "unknown time zone \"\(settings.timeZone)\" (an IANA name like Europe/Berlin)")
        }
        try write { db in
            try db.run("""
                INSERT INTO notification_settings (agent_id, time_zone, quiet_start, quiet_end, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(agent_id) DO UPDATE SET time_zone = excluded.time_zone, quiet_start = excluded.quiet_start,
                    quiet_end = excluded.quiet_end, updated_at = excluded.updated_at
                """, [.text(agentID), .text(settings.timeZone), settings.quietStart.map { .integer(Int64($0)) } ?? .null,
                      settings.quietEnd.map { .integer(Int64($0)) } ?? .null, .integer(Clock.nowMillis())])
        }
    }

    static func notificationSettings(_ db: StoreConnection, agentID: String) throws -> NotificationSettings {
        try db.queryOne("SELECT time_zone, quiet_start, quiet_end FROM notification_settings WHERE agent_id = ?", [.text(agentID)]) {
            NotificationSettings(timeZone: $0.text(0), quietStart: $0.optionalInt(1).map(Int.init), quietEnd: $0.optionalInt(2).map(Int.init))
        } ?? NotificationSettings()
    }
}
