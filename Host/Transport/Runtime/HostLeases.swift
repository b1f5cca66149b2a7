import SwitchboardDomain
import SwitchboardSupport

/// The leases this host process holds, and its identity among the hosts sharing a store.
///
/// Work that one host must do at a time (the workflow's sweeps, a subscription's ordered delivery)
/// asks `hold(name)` before each pass: it gets the lease (taking it if free or expired) or nil while
/// another host holds it. A thread renews every held lease each TTL/3, so a live owner keeps it and
/// a dead one's lapses within the TTL; the next `hold` elsewhere then takes it over with a higher
/// token. Writes made under a lease pass it as their fence (Store.checkFence).
public final class HostLeases: @unchecked Sendable {
    /// Random per process: a restarted host is a new owner and waits out its old leases like anyone.
    public let hostID: String
    public let ttlMs: Int64
    private let store: Store
    private let log: Logger
    private let held = Locked<[String: Lease]>([:])
    /// Leases another host held when last asked, and until when: no write to ask again before then
    /// (a subscription's dispatcher asks at every pass).
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
        for lease in held.withLock({ h in defer { h = [:] }; return Array(h.values) }) {
            do { try store.releaseLease(lease) } catch { log.warn("could not release lease \(lease.name): \(error)") }
        }
    }

    /// The lease on `name` if this host holds it or could take it now; nil while another host holds it.
    /// `askAgain`: ask the store even if another host held it when last asked (a lease its holder
    /// releases early, like a turn's, is free again long before the expiry it had).
    public func hold(_ name: String, now: Int64 = Clock.nowMillis(), askAgain: Bool = false) -> Lease? {
        // Renewed at least every TTL/3: one still two thirds of a TTL from expiry needs no write.
        if let lease = held.withLock({ $0[name] }), lease.expiresAt - now > ttlMs / 3 { return lease }
        if !askAgain, let until = heldElsewhereUntil.withLock({ $0[name] }), until > now { return nil }
        do {
            if let lease = held.withLock({ $0[name] }), let renewed = try store.renewLease(lease, ttlMs: ttlMs, now: now) {
                held.withLock { $0[name] = renewed }
                return renewed
            }
            let taken = try store.acquireLease(name, owner: hostID, ttlMs: ttlMs, now: now)
            held.withLock { $0[name] = taken }
            if let taken {
                log.info("took lease \(name) (token \(taken.token))")
            } else {
                let holder = try store.leaseHolder(name, now: now)
                heldElsewhereUntil.withLock { $0[name] = holder?.expiresAt }
            }
            return taken
        } catch {
            log.warn("lease \(name): \(error)")
            return nil
        }
    }

    /// This host no longer needs the lease (the subscription went away, the instance stopped).
    public func release(_ name: String) {
        guard let lease = held.withLock({ $0.removeValue(forKey: name) }) else { return }
        do { try store.releaseLease(lease) } catch { log.warn("could not release lease \(name): \(error)") }
    }

    /// The lease on a channel instance's background work (its timers).
    static func instanceLease(of instanceID: String) -> String { "instance:" + instanceID }

    /// Names of the leases held now.
    public var heldNames: [String] { held.withLock { $0.keys.sorted() } }

    private func renewAll() {
        let now = Clock.nowMillis()
        for lease in held.withLock({ Array($0.values) }) {
            do {
                let renewed = try store.renewLease(lease, ttlMs: ttlMs, now: now)
                held.withLock { h in
                    guard h[lease.name] == lease else { return }   // released or replaced meanwhile
                    h[lease.name] = renewed
                }
                if renewed == nil { log.warn("lost lease \(lease.name) (token \(lease.token)): another host took it over") }
            } catch {
                log.warn("could not renew lease \(lease.name): \(error)")
            }
        }
    }
}
