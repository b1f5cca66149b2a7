/// Exponential backoff with jitter for outbound deliveries.
public struct RetryPolicy: Sendable {
    public var baseDelayMs: Int
    public var maxDelayMs: Int
    public var maxAttempts: Int

    public init(baseDelayMs: Int = 2_000, maxDelayMs: Int = 300_000, maxAttempts: Int = 8) {
        self.baseDelayMs = baseDelayMs
        self.maxDelayMs = maxDelayMs
        self.maxAttempts = maxAttempts
    }

    /// Delay before the attempt after `attemptsSoFar` failed ones: base·2^(n-1), capped, ±25% jitter
    /// so that many messages failing together do not retry in lockstep.
    public func delayMs(afterAttempts attemptsSoFar: Int, random: Double = Double.random(in: 0..<1)) -> Int {
        let exponent = min(max(attemptsSoFar - 1, 0), 30)
        let raw = min(Double(baseDelayMs) * Double(1 << exponent), Double(maxDelayMs))
        return max(1, Int(raw * (0.75 + 0.5 * random)))
    }

    public func exhausted(afterAttempts attempts: Int) -> Bool { attempts >= maxAttempts }
}
