import SwitchboardSupport

/// A call queue: callers wait here for an agent of its team, hearing the hold prompt or music.
/// Its settings are `fields` (one definition); `queue.name` and the like read them.
@dynamicMemberLookup
public struct VoiceQueue: Sendable, Equatable {
    public var id: String
    public var fields: VoiceQueueFields
    public var createdAt: Int64
    public var updatedAt: Int64

    public subscript<Value>(dynamicMember setting: KeyPath<VoiceQueueFields, Value>) -> Value { fields[keyPath: setting] }

    public static let maxPromptLength = 1000
    public static let maxURLLength = 2048
    /// The range a queue node's maxWaitSec allows too.
    public static let waitRange = 10...7200
}

/// A queue's fields as a request gives them (the team's existence is the store's to check).
public struct VoiceQueueFields: Sendable, Equatable {
    public var name: String
    public var teamID: String
    public var holdPrompt: String?
    public var holdMusicURL: String?
    public var announcePosition: Bool
    public var maxWaitSeconds: Int

    /// `{"name", "team_id", "hold_prompt"?, "hold_music_url"?, "announce_position"?, "max_wait_seconds"?}`.
    public static func parse(_ body: JSONObject) throws(VoiceError) -> VoiceQueueFields {
        let name = try VoiceJSON.string(body, "name")
        try VoiceText.check(name, field: "name", max: VoiceFlow.maxNameLength)
        let team = try VoiceJSON.string(body, "team_id")
        guard !team.isEmpty, team.unicodeScalars.count <= 64 else { throw .invalidField("team_id", "must name a team") }
        let prompt = try VoiceJSON.optionalString(body, "hold_prompt")
        if let prompt { try VoiceText.check(prompt, field: "hold_prompt", max: VoiceQueue.maxPromptLength) }
        let music = try VoiceJSON.optionalString(body, "hold_music_url")
        if let music {
            let lower = music.lowercased()
            let rest = lower.hasPrefix("https://") ? music.dropFirst(8) : lower.hasPrefix("http://") ? music.dropFirst(7) : ""
            guard !rest.isEmpty, music.unicodeScalars.count <= VoiceQueue.maxURLLength, !music.contains(where: \.isWhitespace) else {
                throw .invalidField("hold_music_url", "must be an http(s) URL of at most \(VoiceQueue.maxURLLength) characters, without spaces")
            }
        }
        var announce = false
        if let value = body["announce_position"], !value.isNull {
            guard let flag = value.boolValue else { throw .invalidField("announce_position", "must be true or false") }
            announce = flag
        }
        var wait = 600
        if let value = body["max_wait_seconds"], !value.isNull {
            guard let seconds = value.intValue, VoiceQueue.waitRange.contains(seconds) else {
                throw .invalidField("max_wait_seconds", "must be a whole number from \(VoiceQueue.waitRange.lowerBound) to \(VoiceQueue.waitRange.upperBound)")
            }
            wait = seconds
        }
        return VoiceQueueFields(name: name, teamID: team, holdPrompt: prompt, holdMusicURL: music, announcePosition: announce, maxWaitSeconds: wait)
    }
}
