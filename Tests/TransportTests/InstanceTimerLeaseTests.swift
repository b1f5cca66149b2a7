import Foundation
import SwitchboardDomain
import SwitchboardSupport
@testable import SwitchboardTransport
import XCTest

/// A channel instance's timers fire on the host holding the instance's lease, and move to another
/// host when the holder goes: two "hosts" (HostLeases on two Store objects on one database).
final class InstanceTimerLeaseTests: XCTestCase {
    func testTimersFireOnlyWhereTheInstanceLeaseIsHeldAndMoveWhenItLapses() throws {
        let directory = NSTemporaryDirectory() + "timer-lease-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let quiet = Logger("test", minimum: .error)
        let stores = try (0..<2).map { _ in try Store(location: try TestStoreLocation.at(directory)) }
        defer { stores.forEach { $0.close() } }
        let ttlMs: Int64 = 600
        let leases = stores.map { HostLeases(store: $0, ttlMs: ttlMs, log: quiet) }
        let fired = Locked<[(host: Int, timer: UInt64)]>([])
        let hosts = (0..<2).map { host in
            let timers = TimerService(mayFire: { leases[host].hold(HostLeases.instanceLease(of: $0.instanceID)) != nil },
                                      postponeMs: UInt64(ttlMs / 3)) { _, id in fired.withLock { $0.append((host, id)) } }
            let services = HostServices(store: stores[host], log: quiet, metrics: Metrics(), timers: timers, onInbound: { _, _ in },
                                        onOutboxChange: {}, isInstanceRunning: { _ in true }, stacks: nil)
            return (timers, services, InstanceContext(instanceID: "tg1", pluginID: "telegram", services: services))
        }
        // Host 0 holds the instance; each host's copy of the instance sets a timer.
        XCTAssertNotNil(leases[0].hold(HostLeases.instanceLease(of: "tg1")))
        let ids = hosts.map { $0.0.schedule(after: 10, context: $0.2) }
        let deadline = Date().addingTimeInterval(5)
        while fired.withLock({ $0.isEmpty }) && Date() < deadline { usleep(10_000) }
        usleep(300_000)
        XCTAssertEqual(fired.withLock { $0.map(\.host) }, [0], "only the holder's timer fired; the other waits")
        // Host 0 dies without releasing (no renewals): within the TTL and one postponement, host 1's timer fires, same id.
        let diedAt = Date()
        while fired.withLock({ $0.count < 2 }) && Date().timeIntervalSince(diedAt) < 5 { usleep(10_000) }
        let second = try XCTUnwrap(fired.withLock { $0.count == 2 ? $0[1] : nil })
        XCTAssertEqual(second.host, 1)
        XCTAssertEqual(second.timer, ids[1])
        XCTAssertLessThan(Date().timeIntervalSince(diedAt), Double(ttlMs + ttlMs / 3 + 400) / 1000)
        withExtendedLifetime(hosts) {}
    }
}
