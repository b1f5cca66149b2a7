import Foundation
@testable import SwitchboardTransport
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// The OpenAPI document names exactly the routes the router serves.
final class OpenAPITests: XCTestCase {
    func testDocumentMatchesTheRouteTable() throws {
        let document = try JSON.parse(OpenAPIDocument.json)
        XCTAssertEqual(document["openapi"]?.stringValue, "3.1.0")
        var documented = Set<String>()
        for (path, item) in document["paths"]?.objectValue ?? JSONObject() {
            for (method, _) in item.objectValue ?? JSONObject() where ["get", "post", "put", "patch", "delete"].contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        let served = Set(try Self.routes().map { "\($0.method) \($0.pattern)" })
        XCTAssertEqual(documented.subtracting(served), [], "documented but not served")
        XCTAssertEqual(served.subtracting(documented), [], "served but not documented")
    }

    /// The same route tables SwitchboardHost builds, on a scratch store.
    static func routes() throws -> [Route] {
        let directory = NSTemporaryDirectory() + "openapi-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try Store(path: directory + "/db.sqlite")
        let services = HostServices(store: store, log: Logger("test", minimum: .error), metrics: Metrics(),
                                    timers: TimerService { _, _ in }, onInbound: { _, _ in }, onOutboxChange: {},
                                    isInstanceRunning: { _ in false })
        let registry = ChannelRegistry(services: services, loader: PluginLoader(cacheDirectory: directory + "/cache"),
                                       pluginsDirectory: directory + "/plugins", publicBaseURL: "http://127.0.0.1",
                                       deliverTimeoutMs: 1000, drainTimeoutMs: 100)
        return SwitchboardHost.routes(store: store, registry: registry, metrics: Metrics(), streams: EventStreams(store: store), wake: {},
                                      workflow: WorkflowScheduler(store: store, log: Logger("test", minimum: .error)))
    }
}
