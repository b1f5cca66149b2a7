import SwitchboardSupport

extension Store {
    static let voiceScheduleColumns = "id, name, time_zone, weekly, holidays, created_at, updated_at"

    static func voiceSchedule(_ r: Row) -> VoiceSchedule {
        let weekly = ((try? JSON.parse(r.text(3)))?.arrayValue ?? []).compactMap { item -> VoiceWeeklyHours? in
            guard let day = item["day"]?.stringValue, let open = item["open"]?.stringValue, let close = item["close"]?.stringValue else { return nil }
            return VoiceWeeklyHours(day: day, open: open, close: close)
        }
        let holidays = ((try? JSON.parse(r.text(4)))?.arrayValue ?? []).compactMap { item -> VoiceHoliday? in
            guard let date = item["date"]?.stringValue, let name = item["name"]?.stringValue else { return nil }
            return VoiceHoliday(date: date, name: name, open: item["open"]?.stringValue, close: item["close"]?.stringValue)
        }
        return VoiceSchedule(id: r.text(0), name: r.text(1), timeZone: r.text(2), weekly: weekly, holidays: holidays,
                             createdAt: r.int(5), updatedAt: r.int(6))
    }

    private static func scheduleJSON(_ fields: VoiceScheduleFields) -> (weekly: String, holidays: String) {
        let weekly = JSON.array(fields.weekly.map { ["day": .string($0.day), "open": .string($0.open), "close": .string($0.close)] })
        let holidays = JSON.array(fields.holidays.map { h in
            var entry: JSONObject = ["date": .string(h.date), "name": .string(h.name)]
            if let open = h.open, let close = h.close { entry["open"] = .string(open); entry["close"] = .string(close) }
            return .object(entry)
        })
        return (weekly.serialized, holidays.serialized)
    }

    public func voiceSchedules() throws -> [VoiceSchedule] {
        try read { db in try db.query("SELECT \(Self.voiceScheduleColumns) FROM voice_schedules ORDER BY name, id", [], Self.voiceSchedule) }
    }

    public func voiceSchedule(id: String) throws -> VoiceSchedule? {
        try read { db in try db.queryOne("SELECT \(Self.voiceScheduleColumns) FROM voice_schedules WHERE id = ?", [.text(id)], Self.voiceSchedule) }
    }

    public func createVoiceSchedule(_ fields: VoiceScheduleFields) throws -> VoiceSchedule {
        let now = Clock.nowMillis()
        let id = Identifier.make("sch")
        let json = Self.scheduleJSON(fields)
        try write { db in
            try db.run("INSERT INTO voice_schedules (\(Self.voiceScheduleColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [.text(id), .text(fields.name), .text(fields.timeZone), .text(json.weekly), .text(json.holidays), .integer(now), .integer(now)])
        }
        return VoiceSchedule(id: id, fields: fields, createdAt: now, updatedAt: now)
    }

    /// Replaces every field; calls in progress read the new hours at their next hours check.
    public func replaceVoiceSchedule(id: String, _ fields: VoiceScheduleFields) throws -> VoiceSchedule {
        let json = Self.scheduleJSON(fields)
        return try write { db in
            let now = Clock.nowMillis()
            try db.run("UPDATE voice_schedules SET name = ?, time_zone = ?, weekly = ?, holidays = ?, updated_at = ? WHERE id = ?",
                       [.text(fields.name), .text(fields.timeZone), .text(json.weekly), .text(json.holidays), .integer(now), .text(id)])
            guard db.changes > 0, let stored = try db.queryOne("SELECT \(Self.voiceScheduleColumns) FROM voice_schedules WHERE id = ?",
                                                               [.text(id)], Self.voiceSchedule)
            else { throw VoiceError.notFound("no schedule \(id)") }
            return stored
        }
    }

    /// Refused (409) while a published flow's hours check names the schedule: its calls would lose their hours.
    public func deleteVoiceSchedule(id: String) throws {
        let users = try publishedVoiceFlows().filter { $0.revision.flow.scheduleIDs.contains(id) }.map(\.flowID)
        if !users.isEmpty {
            throw VoiceError.conflict(field: nil, "the published flow(s) \(users.joined(separator: ", ")) check this schedule; publish them without it first")
        }
        try write { db in
            try db.run("DELETE FROM voice_schedules WHERE id = ?", [.text(id)])
            guard db.changes > 0 else { throw VoiceError.notFound("no schedule \(id)") }
        }
    }
}
