import SwitchboardDomain
import SwitchboardSupport

extension Present {
    /// Stored JSON text as a value (stored definitions were checked to be objects).
    static func storedJSON(_ text: String) -> JSON { (try? JSON.parse(text)) ?? .object([:]) }

    static func voiceFlow(_ f: VoiceFlow) -> JSON {
        ["id": .string(f.id), "name": .string(f.name), "draft": storedJSON(f.draft), "published_revision": .from(f.publishedRevision),
         "created_at": .string(Clock.iso8601(f.createdAt)), "updated_at": .string(Clock.iso8601(f.updatedAt))]
    }

    static func voiceRevision(_ r: VoiceRevision) -> JSON {
        ["number": .from(r.number), "definition": storedJSON(r.definition), "sha256": .string(r.sha256), "author": .string(r.author),
         "message": .from(r.message), "created_at": .string(Clock.iso8601(r.createdAt))]
    }

    static func voiceReport(_ problems: [IVRProblem]) -> JSON {
        ["valid": .bool(VoiceFlowCheck.isValid(problems)),
         "problems": .array(problems.map { p in
             ["code": .string(p.code), "severity": .string(p.severity.rawValue), "node": .from(p.node), "exit": .from(p.exit),
              "message": .string(p.message)]
         })]
    }

    static func voiceSchedule(_ s: VoiceSchedule) -> JSON {
        ["id": .string(s.id), "name": .string(s.name), "time_zone": .string(s.timeZone),
         "weekly": .array(s.weekly.map { ["day": .string($0.day), "open": .string($0.open), "close": .string($0.close)] }),
         "holidays": .array(s.holidays.map { h in
             var entry: JSONObject = ["date": .string(h.date), "name": .string(h.name)]
             if let open = h.open, let close = h.close { entry["open"] = .string(open); entry["close"] = .string(close) }
             return .object(entry)
         }),
         "created_at": .string(Clock.iso8601(s.createdAt)), "updated_at": .string(Clock.iso8601(s.updatedAt))]
    }

    static func voiceQueue(_ q: VoiceQueue) -> JSON {
        ["id": .string(q.id), "name": .string(q.name), "team_id": .string(q.teamID), "hold_prompt": .from(q.holdPrompt),
         "hold_music_url": .from(q.holdMusicURL), "announce_position": .bool(q.announcePosition), "max_wait_seconds": .from(q.maxWaitSeconds),
         "created_at": .string(Clock.iso8601(q.createdAt)), "updated_at": .string(Clock.iso8601(q.updatedAt))]
    }
}
