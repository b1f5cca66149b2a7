import Foundation
@testable import SwitchboardTransport
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Every /api/v1 operation behind its role, generated from the route table: the real host answers
/// 401 without a key and 403 to each role the route's access level does not admit. A new route is
/// checked the day it is added; the handlers never run (the router refuses first), so nothing changes.
final class RoleMatrixTests: XCTestCase {
    func testEveryOperationRefusesAMissingKeyAndEachRoleItDoesNotAdmit() throws {
        let routes = try Self.routeTable()
        XCTAssertGreaterThan(routes.count, 100, "the whole table")
        let host = try HostProcess(plugins: ["api"])
        defer { host.stop() }
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
        let agent = try host.addAgent("ann").key
        let integratorKey = try host.request("POST", "/api/v1/api-keys", json: ["name": "crm", "role": "integrator", "channel_instance_ids": ["api1"]])
        let integrator = try XCTUnwrap(integratorKey.json["key"]?.stringValue, integratorKey.text)

        var checked = 0
        for route in routes where route.access != .open {
            let path = route.pattern.split(separator: "/").map { $0.hasPrefix("{") ? "x" : String($0) }.joined(separator: "/")
            // The route the router picks for this path (a literal sibling may come first); its access is what is enforced.
            let served = try XCTUnwrap(routes.first { $0.method == route.method && $0.match("/" + path) != nil })
            let body: JSON? = ["GET", "DELETE"].contains(route.method) ? nil : [:]
            let operation = "\(route.method) \(route.pattern)"

            let anonymous = try host.request(route.method, "/" + path, json: body, key: "")
            XCTAssertEqual(anonymous.status, 401, "\(operation) without a key: \(anonymous.text)")
            let refused: [(String, String)] = switch served.access {
            case .admin: [("agent", agent), ("integrator", integrator)]
            case .people: [("integrator", integrator)]
            case .any, .open: []
            }
            for (role, key) in refused {
                let answer = try host.request(route.method, "/" + path, json: body, key: key)
                XCTAssertEqual(answer.status, 403, "\(operation) as \(role): \(answer.text)")
            }
            checked += 1
        }
        XCTAssertEqual(checked, routes.filter { $0.access != .open }.count)
    }

    /// The route table SwitchboardHost serves, built on a scratch store (as the OpenAPI test does).
    static func routeTable() throws -> [Route] {
        let directory = NSTemporaryDirectory() + "role-matrix-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try Store(path: directory + "/db.sqlite")
        let quiet = Logger("test", minimum: .error)
        let services = HostServices(store: store, log: quiet, metrics: Metrics(), timers: TimerService { _, _ in }, onInbound: { _, _ in },
                                    onOutboxChange: {}, isInstanceRunning: { _ in false })
        let registry = ChannelRegistry(services: services, loader: PluginLoader(cacheDirectory: directory + "/cache"),
                                       pluginsDirectory: directory + "/plugins", publicBaseURL: "http://127.0.0.1",
                                       deliverTimeoutMs: 1000, drainTimeoutMs: 100)
        return SwitchboardHost.routes(store: store, registry: registry, metrics: Metrics(), streams: EventStreams(store: store), wake: {},
                                      workflow: WorkflowScheduler(store: store, leases: HostLeases(store: store, log: quiet), log: quiet))
    }
}
