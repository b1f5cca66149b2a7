import Foundation
@testable import SwitchboardTransport
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Routing hears of every change that can free or add an agent's capacity, and of nothing else.
final class CapacityHookTests: XCTestCase {
    func testChangesThatMoveCapacityCallTheHook() throws {
        let directory = NSTemporaryDirectory() + "capacity-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try Store(location: try TestStoreLocation.at(directory))
        defer { store.close() }
        let (_, adminKey) = try store.createAPIKey(name: "admin", role: .admin)
        let calls = Locked<[String]>([])
        let hook: @Sendable (String) -> Void = { id in calls.withLock { $0.append(id) } }
        let router = Router(routes: PeopleEndpoints(store: store, sessionPolicy: .standard, onCapacityChange: hook).routes
                                + TeamEndpoints(store: store, onCapacityChange: hook).routes, store: store)
        func call(_ method: String, _ path: String, _ json: JSON? = nil) -> (status: Int, json: JSON) {
            let bytes = Array((json?.serialized ?? "").utf8)
            let response = bytes.withUnsafeBytes { body in
                router.handle(HTTPRequest(method: method, path: path, headers: [("Authorization", "Bearer \(adminKey)"), ("Content-Type", "application/json")],
                                          query: [], body: body, remoteAddress: "127.0.0.1"))
            }
            return (response.status, (try? JSON.parse(response.body)) ?? .null)
        }
        func taken() -> [String] { calls.withLock { drained in defer { drained = [] }; return drained } }

        let created = call("POST", "/api/v1/agents", ["email": "sam@example.com", "name": "Sam"])
        XCTAssertEqual(created.status, 201)
        let sam = try XCTUnwrap(created.json["id"]?.stringValue)
        XCTAssertEqual(taken(), [], "an offline newcomer takes nothing")
        XCTAssertEqual(call("PATCH", "/api/v1/agents/\(sam)", ["name": "Sam Lee", "handle": "samlee"]).status, 200)
        XCTAssertEqual(taken(), [], "a name is not capacity")
        XCTAssertEqual(call("PATCH", "/api/v1/agents/\(sam)", ["capacity": 0]).status, 400)
        XCTAssertEqual(taken(), [], "a refused change calls nothing")

        for change: JSON in [["availability": "online"], ["capacity": 9], ["skills": ["billing"]], ["availability": "away"]] {
            XCTAssertEqual(call("PATCH", "/api/v1/agents/\(sam)", change).status, 200)
            XCTAssertEqual(taken(), [sam], "\(change)")
        }
        XCTAssertEqual(call("PATCH", "/api/v1/agents/\(sam)", ["capacity": 9]).status, 200)
        XCTAssertEqual(taken(), [], "no change, no call")

        let team = try XCTUnwrap(call("POST", "/api/v1/teams", ["name": "Support"]).json["id"]?.stringValue)
        XCTAssertEqual(call("PUT", "/api/v1/teams/\(team)/members/\(sam)").status, 200)
        XCTAssertEqual(taken(), [sam], "joining a team")
        XCTAssertEqual(call("PUT", "/api/v1/teams/\(team)/members/\(sam)").status, 200)
        XCTAssertEqual(taken(), [], "already a member")

        XCTAssertEqual(call("DELETE", "/api/v1/agents/\(sam)").status, 200)
        XCTAssertEqual(taken(), [sam], "deactivation takes their capacity away")
    }
}
