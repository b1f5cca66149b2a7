import Foundation
import SwitchboardSupport
import XCTest

/// Resolution targets through the real host: the policy's `resolution_minutes`, both dues on the
/// conversation, the pause while waiting on the customer, the inbox sorted by the nearer due, and
/// the sweep's events naming the resolution target, notifying the assignee.
final class SLAResolutionAPITests: XCTestCase {
    var host: HostProcess!

    override func setUpWithError() throws { host = try HostProcess.withAPIChannel() }

    override func tearDown() { host?.stop() }

    func conversation(_ id: String) throws -> JSON { try host.request("GET", "/api/v1/conversations/\(id)").json }
    func millis(_ value: JSON?) -> Int64? { value?.stringValue.flatMap(Clock.parseISO8601) }

    func testBothDuesShownThePauseWhileWaitingOnTheCustomerAndTheInboxOrder() throws {
        let created = try host.request("POST", "/api/v1/sla/policies", json: ["name": "Standard", "first_response_minutes": 30,
                                                                               "resolution_minutes": 480, "at_risk_minutes": 15])
        XCTAssertEqual(created.status, 201, created.text)
        XCTAssertEqual(created.json["resolution_minutes"], 480)
        let sent = Int64(Date().timeIntervalSince1970 * 1000)
        let id = try host.customerWrites("c-1", "My order never came")
        var c = try conversation(id)
        XCTAssertEqual(c["resolution_sla"]?["target"], "resolution", "\(c)")
        XCTAssertEqual(c["resolution_sla"]?["policy_id"], created.json["id"])
        let resolutionDue = try XCTUnwrap(millis(c["resolution_due_at"]))
        XCTAssertTrue((sent + 480 * 60_000 - 2_000...sent + 480 * 60_000 + 5_000).contains(resolutionDue))
        XCTAssertEqual(c["sla"]?["target"], "first_response")
        XCTAssertEqual(c["next_due_at"], c["response_due_at"], "the nearer due drives next_due_at")

        // Answered: the answer's clock stops, the resolution's pauses (waiting on the customer).
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(id)/messages", json: ["text": "Checking with the courier"]).status, 202)
        _ = try host.eventually("the answer to stop the response clock") { try (conversation(id)["sla"] ?? .null) == .null ? true : nil }
        c = try conversation(id)
        XCTAssertEqual(c["resolution_sla"]?["paused"], true)
        XCTAssertEqual(c["resolution_due_at"], .null)
        XCTAssertEqual(c["next_due_at"], .null)
        let left = try XCTUnwrap(c["resolution_sla"]?["remaining_seconds"]?.intValue)
        XCTAssertTrue((480 * 60 - 10...480 * 60).contains(left), "\(left)")

        // A second customer, unanswered, whose answer is due sooner than the first one's resolution.
        let other = try host.customerWrites("c-2", "Hello?")
        _ = try host.customerWrites("c-1", "Any news?")
        c = try conversation(id)
        XCTAssertEqual(c["resolution_sla"]?["paused"], false)
        XCTAssertEqual(try host.request("GET", "/api/v1/inbox?sort=next_due").json["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue },
                       [other, id])
        XCTAssertEqual(try host.request("GET", "/api/v1/inbox?sort=soonest").status, 400)

        // Bad values name the field.
        let bad = try host.request("POST", "/api/v1/sla/policies", json: ["name": "x", "resolution_minutes": 0])
        XCTAssertEqual(bad.status, 400, bad.text)
        XCTAssertEqual(bad.json["field"]?.stringValue, "resolution_minutes")
    }

    func testTheSweepAnnouncesTheResolutionTargetToTheAssignee() throws {
        let support = try host.addTeam("Support", isDefault: true)
        let ann = try host.addAgent("ann", teams: [support])
        XCTAssertEqual(try host.request("POST", "/api/v1/sla/policies", json: ["name": "Quick fix", "resolution_minutes": 1, "at_risk_minutes": 1]).status, 201)
        let id = try host.customerWrites("c-3", "Broken again")
        _ = try host.eventually("routed to ann") { try conversation(id)["assignee"]?.stringValue == ann.id ? true : nil }
        _ = try host.eventually("at risk") { try conversation(id)["resolution_sla"]?["state"]?.stringValue == "at_risk" ? true : nil }
        let past = Int64(Date().timeIntervalSince1970 * 1000) - 1000
        try host.sql("UPDATE conversations SET resolution_due_at = \(past), resolution_alert_at = \(past) WHERE id = '\(id)'")
        _ = try host.eventually("missed") { try conversation(id)["resolution_sla"]?["state"]?.stringValue == "missed" ? true : nil }
        let events = try host.request("GET", "/api/v1/events?types=sla.at_risk,sla.missed").json["events"]?.arrayValue ?? []
        XCTAssertEqual(events.compactMap { $0["type"]?.stringValue }, ["sla.at_risk", "sla.missed"])
        XCTAssertEqual(events.compactMap { $0["data"]?["target"]?.stringValue }, ["resolution", "resolution"])
        let titles = try host.eventually("both notifications") { () -> [String]? in
            let all = (try host.request("GET", "/api/v1/notifications", key: ann.key).json["notifications"]?.arrayValue ?? [])
                .filter { $0["kind"] == "sla_at_risk" }.compactMap { $0["title"]?.stringValue }
            return all.count == 2 ? all : nil
        }
        XCTAssertTrue(titles.contains { $0.hasPrefix("Resolution target missed") }, "\(titles)")
        XCTAssertTrue(titles.contains { $0.hasPrefix("Resolution target about to be missed") }, "\(titles)")
    }
}
