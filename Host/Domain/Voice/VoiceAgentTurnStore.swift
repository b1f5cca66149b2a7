import SwitchboardSupport

/// A call's answered AI turns (at its current `ai_agent` node), kept so that a provider's retry of
/// a turn gets the same answer and a restarted host knows how many turns were taken.
extension Store {
    public func voiceAgentTurnAnswer(callSid: String, turn: Int) throws -> String? {
        try read { db in
            try db.queryOne("SELECT answer FROM voice_agent_turns WHERE call_sid = ? AND turn = ?",
                            [.text(callSid), .integer(Int64(turn))], { $0.text(0) })
        }
    }

    /// The last answered turn's number (0: none).
    public func voiceAgentTurnsTaken(callSid: String) throws -> Int {
        try read { db in
            Int(try db.queryOne("SELECT COALESCE(MAX(turn), 0) FROM voice_agent_turns WHERE call_sid = ?", [.text(callSid)], { $0.int(0) }) ?? 0)
        }
    }

    /// Keeps the first answer given to a turn (a later one for the same turn changes nothing).
    public func saveVoiceAgentTurn(callSid: String, turn: Int, answer: String, nowMillis: Int64) throws {
        try write { db in
            try db.run("INSERT INTO voice_agent_turns (call_sid, turn, answer, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                       [.text(callSid), .integer(Int64(turn)), .text(answer), .integer(nowMillis)])
        }
    }

    /// The call entered an AI node afresh, or left it: its turns start from zero.
    public func forgetVoiceAgentTurns(callSid: String) throws {
        try write { db in try db.run("DELETE FROM voice_agent_turns WHERE call_sid = ?", [.text(callSid)]) }
    }
}
