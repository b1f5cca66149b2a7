/// Token buckets by key: how the widget's public endpoints keep one visitor (or one address) from
/// flooding the store. Each key may spend `burst` at once and earns `perMinute` back over a
/// minute. A value type: the caller holds it under its lock and passes the clock in.
public struct RateBuckets: Sendable {
    public let perMinute: Int
    public let burst: Int
    /// Keys kept at most; past it, the buckets that are full again (idle keys) are dropped.
    public let maxKeys: Int
    private var buckets: [String: (tokens: Double, atMs: Int64)] = [:]

    public init(perMinute: Int, burst: Int, maxKeys: Int = 50_000) {
        self.perMinute = perMinute
        self.burst = max(1, burst)
        self.maxKeys = maxKeys
    }

    /// nil when `key` may go now (one token spent), else the milliseconds until it may.
    /// `perMinute` 0 means no limit.
    public mutating func admit(_ key: String, nowMs: Int64) -> Int64? {
        guard perMinute > 0 else { return nil }
        let ratePerMs = Double(perMinute) / 60_000
        var bucket = buckets[key] ?? (Double(burst), nowMs)
        bucket.tokens = min(Double(burst), bucket.tokens + Double(max(0, nowMs - bucket.atMs)) * ratePerMs)
        bucket.atMs = nowMs
        guard bucket.tokens >= 1 else {
            buckets[key] = bucket
            return Int64(((1 - bucket.tokens) / ratePerMs).rounded(.up))
        }
        bucket.tokens -= 1
        if buckets.count >= maxKeys && buckets[key] == nil { dropIdle(nowMs: nowMs) }
        buckets[key] = bucket
        return nil
    }

    private mutating func dropIdle(nowMs: Int64) {
        let refillMs = Double(burst) * 60_000 / Double(perMinute)
        buckets = buckets.filter { Double(nowMs - $0.value.atMs) < refillMs }
        if buckets.count >= maxKeys { buckets.removeAll(keepingCapacity: true) }
    }
}
