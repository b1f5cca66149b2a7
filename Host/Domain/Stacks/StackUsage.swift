import SwitchboardSupport

/// Credits a turn costs: one per turn, one per tool call, one per started 1,000 LLM tokens.
public enum StackCredits {
    public static func forTurn(toolCalls: Int, tokens: Int) -> Int {
        1 + toolCalls + (tokens + 999) / 1000
    }
}

/// One stack's metered usage on one UTC day.
public struct StackUsageDay: Sendable, Equatable {
    public var day: String
    public var turns: Int
    public var replies: Int
    public var handovers: Int
    public var toolCalls: Int
    public var tokens: Int
    public var credits: Int
    /// Turn duration percentiles (nearest rank), from the turn's start until its record was ready to commit.
    public var p50Micros: Int64
    public var p99Micros: Int64
}

extension Store {
    /// Usage per day (UTC, "YYYY-MM-DD", inclusive bounds), oldest first.
    public func stackUsage(stackID: String, from: String?, to: String?) throws -> [StackUsageDay] {
        try read { db in
            let days = try db.query(
                """
                SELECT day, COUNT(*), SUM(CASE WHEN outcome = 'replied' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 'handover' THEN 1 ELSE 0 END),
                       SUM(tool_calls), SUM(tokens), SUM(credits)
                FROM stack_turns WHERE stack_id = ? AND day >= ? AND day <= ? GROUP BY day ORDER BY day
                """, [.text(stackID), .text(from ?? "0000-00-00"), .text(to ?? "9999-99-99")],
                { StackUsageDay(day: $0.text(0), turns: Int($0.int(1)), replies: Int($0.int(2)), handovers: Int($0.int(3)),
                                toolCalls: Int($0.int(4)), tokens: Int($0.int(5)), credits: Int($0.int(6)), p50Micros: 0, p99Micros: 0) })
            return try days.map { day in
                var day = day
                day.p50Micros = try Self.durationPercentile(db, stackID: stackID, day: day.day, count: day.turns, 0.50)
                day.p99Micros = try Self.durationPercentile(db, stackID: stackID, day: day.day, count: day.turns, 0.99)
                return day
            }
        }
    }
}

extension Store {
    static func durationPercentile(_ db: StoreConnection, stackID: String, day: String, count: Int, _ p: Double) throws -> Int64 {
        guard count > 0 else { return 0 }
        let rank = max(0, Int((p * Double(count)).rounded(.up)) - 1)
        return try db.queryOne("SELECT duration_us FROM stack_turns WHERE stack_id = ? AND day = ? ORDER BY duration_us LIMIT 1 OFFSET ?",
                               [.text(stackID), .text(day), .integer(Int64(rank))], { $0.int(0) }) ?? 0
    }
}
