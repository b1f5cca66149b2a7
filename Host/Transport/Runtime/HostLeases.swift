import SwitchboardDomain
import SwitchboardSupport

/// The leases this host process holds, and its identity among the hosts sharing a store.
///
/// Work that one host must do at a time (the workflow's sweeps, a subscription's ordered delivery)
/// asks `hold(name)` before each pass: it gets the lease (taking it if free or expired) or nil while
/// another host holds it. A thread renews every held lease each TTL/3, so a live owner keeps it and
/// a dead one's lapses within the TTL; the next `hold` elsewhere then takes it over with a higher
/// token. Writes made under a lease pass it as their fence (Store.checkFence).
///
/// Expiries are the database's clock (Store.acquireLease); this host measures only how long ago it
/// renewed, on its own monotonic clock, so hosts whose wall clocks differ still agree.
public final class HostLeases: @unchecked Sendable {
    /// Random per process: a restarted host is a new owner and waits out its old leases like anyone.
    public let hostID: String
    public let ttlMs: Int64
    private let store: Store
    private let log: Logger
    /// Each lease held, and when (monotonic ms) it was last taken or renewed.
    private let held = Locked<[String: (lease: Lease, renewedAt: Int64)]>([:])
    /// Leases another host held when last asked: no write to ask again before this (monotonic ms;
    /// a subscription's dispatcher asks at every pass).
    private let heldElsewhereUntil = Locked<[String: Int64]>([:])
    private let stopped = Locked(false)
    private let wake = Signal()

    public init(store: Store, ttlMs: Int64 = 30_000, log: Logger) {
        self.store = store
        self.ttlMs = ttlMs
        self.log = log
        hostID = Identifier.make("host")
    }

    public func start() {
        startThread(name: "leases") { [self] in
            while !stopped.withLock({ $0 }) {
                let seen = wake.current
                renewAll()
                wake.wait(after: seen, timeoutMs: Int(ttlMs / 3))
            }
        }
    }

    /// Stop renewing and give every lease up, so another host takes over at once instead of after the TTL.
    public func stop() {
        stopped.withLock { $0 = true }
        wake.notifyAll()
        let all = held.withLock { h -> [Lease] in
            defer { h = [:] }
            return h.values.map { $0.lease }
        }
        for lease in all {
            do { try store.releaseLease(lease) } catch { log.warn("could not release lease \(lease.name): \(error)") }
        }
    }

    /// The lease on `name` if this host holds it or could take it now; nil while another host holds it.
    /// `askAgain`: ask the store even if another host held it when last asked (a lease its holder
    /// releases early, like a turn's, is free again long before the expiry it had).
    public func hold(_ name: String, askAgain: Bool = false) -> Lease? {
        let now = Self.monotonicMs()
        // Renewed at least every TTL/3: one renewed less than two thirds of a TTL ago needs no write.
        if let entry = held.withLock({ $0[name] }), now - entry.renewedAt < ttlMs * 2 / 3 { return entry.lease }
        if !askAgain, let until = heldElsewhereUntil.withLock({ $0[name] }), until > now { return nil }
        do {
            if let entry = held.withLock({ $0[name] }), let renewed = try store.renewLease(entry.lease, ttlMs: ttlMs) {
                held.withLock { $0[name] = (renewed, now) }
                return renewed
            }
            let taken = try store.acquireLease(name, owner: hostID, ttlMs: ttlMs)
            held.withLock { $0[name] = taken.map { ($0, now) } }
            if let taken {
                log.info("took lease \(name) (token \(taken.token))")
            } else {
                // Ask again a third of a TTL later: the holder's expiry is on the database's clock, not ours.
                heldElsewhereUntil.withLock { $0[name] = now + ttlMs / 3 }
            }
            return taken
        } catch {
            log.warn("lease \(name): \(error)")
            return nil
        }
    }

    /// This host no longer needs the lease (the subscription went away, the instance stopped).
    public func release(_ name: String) {
        guard let lease = held.withLock({ $0.removeValue(forKey: name) })?.lease else { return }
        do { try store.releaseLease(lease) } catch { log.warn("could not release lease \(name): \(error)") }
    }

    private static func monotonicMs() -> Int64 { Int64(Clock.monotonicNanos() / 1_000_000) }

    /// The lease on a channel instance's background work (its timers).
    static func instanceLease(of instanceID: String) -> String { "instance:" + instanceID }

    /// Names of the leases held now.
    public var heldNames: [String] { held.withLock { $0.keys.sorted() } }

    private func renewAll() {
        for lease in held.withLock({ h -> [Lease] in h.values.map { $0.lease } }) {
            do {
                let now = Self.monotonicMs()
                let renewed = try store.renewLease(lease, ttlMs: ttlMs)
                held.withLock { h in
                    guard h[lease.name]?.lease == lease else { return }   // released or replaced meanwhile
                    h[lease.name] = renewed.map { ($0, now) }
                }
                if renewed == nil { log.warn("lost lease \(lease.name) (token \(lease.token)): another host took it over") }
            } catch {
                log.warn("could not renew lease \(lease.name): \(error)")
            }
        }
    }
}
