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

    /// Each operation documents the answers the server can give every operation of its kind:
    /// 401/403 when secured, 400/413/415 with a JSON body, 404 with a path parameter, 503 (the store).
    func testEveryOperationDocumentsTheCommonAnswers() throws {
        var missing: [String] = []
        for (path, method, operation) in try Self.operations() {
            let codes = Set((operation["responses"]?.objectValue ?? JSONObject()).map(\.0))
            var needed: [String] = []
            if operation["security"]?.arrayValue?.isEmpty != true { needed += ["401", "403"] }
            if operation["requestBody"]?["content"]?["application/json"] != nil { needed += ["400", "413", "415"] }
            if path.contains("{") { needed.append("404") }
            if !["/api/v1/health", "/api/v1/openapi.json"].contains(path) { needed.append("503") }
            for code in needed where !codes.contains(code) { missing.append("\(method.uppercased()) \(path): \(code)") }
        }
        XCTAssertEqual(missing, [], "undocumented answers")
    }

    /// A creation links to the operations that use its id (below its path), and every link names
    /// an operation that exists.
    func testCreationsLinkToTheOperationsThatUseTheirIDs() throws {
        let operations = try Self.operations()
        let ids = Set(operations.compactMap { $0.2["operationId"]?.stringValue })
        for (path, method, operation) in operations where method == "post" {
            guard let created = operation["responses"]?["201"], created["content"]?["application/json"] != nil else { continue }
            let links = created["links"]?.objectValue ?? JSONObject()
            for (name, link) in links {
                XCTAssertTrue(ids.contains(link["operationId"]?.stringValue ?? ""), "\(path) link \(name) names no operation")
            }
            // What is addressed by the created id alone: one path parameter more than the creation's.
            let parameters = { (path: String) in path.filter { $0 == "{" }.count }
            let users = operations.filter { $0.0.hasPrefix(path + "/{") && parameters($0.0) == parameters(path) + 1 }
            guard !users.isEmpty, Self.hasID(created["content"]?["application/json"]?["schema"]) else { continue }
            XCTAssertFalse(Array(links).isEmpty, "POST \(path) creates what \(users.count) operations use, but links to none")
        }
    }

    func testAssemblyRefusesAPathDocumentedTwice() throws {
        let base = #"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}}"#
        let area = #"{"paths": {"/api/v1/x": {"get": {"responses": {}}}}}"#
        XCTAssertNoThrow(try OpenAPIDocument.assemble(files: [("base.json", base), ("components.json", "{}"), ("paths/a.json", area)]))
        XCTAssertThrowsError(try OpenAPIDocument.assemble(files: [("base.json", base), ("components.json", "{}"),
                                                                  ("paths/a.json", area), ("paths/b.json", area)]))
    }

    /// (path, method, operation) for every operation of the served document.
    static func operations() throws -> [(String, String, JSON)] {
        let document = try JSON.parse(OpenAPIDocument.json)
        var all: [(String, String, JSON)] = []
        for (path, item) in document["paths"]?.objectValue ?? JSONObject() {
            for (method, operation) in item.objectValue ?? JSONObject() where ["get", "post", "put", "patch", "delete"].contains(method) {
                all.append((path, method, operation))
            }
        }
        return all
    }

    /// Whether a response schema (a $ref, possibly allOf) has an `id` property.
    static func hasID(_ schema: JSON?) -> Bool {
        guard let schema else { return false }
        if let ref = schema["$ref"]?.stringValue, let document = try? JSON.parse(OpenAPIDocument.json) {
            return hasID(document["components"]?["schemas"]?[String(ref.split(separator: "/").last ?? "")])
        }
        if schema["properties"]?["id"] != nil { return true }
        return (schema["allOf"]?.arrayValue ?? []).contains { hasID($0) }
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
                                      workflow: WorkflowScheduler(store: store, leases: HostLeases(store: store, log: Logger("test", minimum: .error)), log: Logger("test", minimum: .error)))
    }
}
