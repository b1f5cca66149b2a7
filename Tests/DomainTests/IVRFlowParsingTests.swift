import SwitchboardDomain
import XCTest

/// Reading flow definitions: typed nodes, layout ignored, and errors that name the field at fault.
final class IVRFlowParsingTests: XCTestCase {
    func testTheFixtureReadsEveryNodeTypeAndIgnoresTheLayout() throws {
        let flow = try IVRFixtures.flow()
        XCTAssertEqual(flow.entry, "welcome")
        XCTAssertEqual(flow.limits.guardNode, "general_q")
        XCTAssertEqual(flow.limits.maxSeconds, 600)
        XCTAssertEqual(flow.limits.maxSteps, 200, "defaults fill what settings leave out")
        XCTAssertEqual(Set(flow.nodes.values.map(\.type)),
                       ["say", "hours_check", "menu", "send_sms", "hangup", "queue", "callback", "dial", "ai_agent",
                        "collect", "branch", "route_to_channel", "record"])
        guard case .menu(let menu) = flow.nodes["menu"]!.kind else { return XCTFail("menu is a menu") }
        XCTAssertEqual(menu.inputs, [.dtmf, .speech])
        XCTAssertEqual(menu.option(digits: "2")?.exit, "text_me")
        XCTAssertEqual(menu.option(speech: "Can you send me a LINK please")?.exit, "text_me")
        XCTAssertNil(menu.option(digits: "7"))
        XCTAssertEqual(flow.nodes["ai"]!.kind.exitNames, ["resolved", "human", "timeout", "error", "outcome_order_status"])
        XCTAssertEqual(flow.schedules["support"]?.weekly.count, 5)
        let withoutLayout = try IVRFixtures.flow { $0.replacingOccurrences(of: "\"layout\"", with: "\"ignored\"") }
        XCTAssertEqual(withoutLayout, flow, "layout is not logic")
    }

    func testErrorsNameTheField() {
        func error(_ from: String, _ to: String) -> IVRFlowError? {
            do {
                _ = try IVRFixtures.flow { text in
                    XCTAssertTrue(text.contains(from), "the fixture holds \(from)")
                    return text.replacingOccurrences(of: from, with: to)
                }
                return nil
            } catch { return error }
        }
        XCTAssertEqual(error("\"timeout\": \"menu\"", "\"timeout\": 7")?.field, "nodes.menu.exits.timeout")
        XCTAssertEqual(error("\"timeout\": \"menu\"", "\"tiemout\": \"menu\"")?.field, "nodes.menu.exits.tiemout")
        XCTAssertEqual(error("\"maxAttempts\": 3", "\"maxAttempts\": 9")?.field, "nodes.menu.params.maxAttempts")
        XCTAssertEqual(error("\"type\": \"dial\"", "\"type\": \"fax\"")?.field, "nodes.operator.type")
        XCTAssertEqual(error("\"open\": \"09:00\"", "\"open\": \"9am\"")?.field, "schedules.support.weekly.0.open")
        XCTAssertEqual(error("\"2026-12-25\"", "\"25.12.2026\"")?.field, "schedules.support.holidays.0")
        XCTAssertEqual(error("\"guardExit\": \"general_q\", ", "")?.field, "settings.guardExit")
        XCTAssertEqual(error("\"text\": \"Welcome to Switchboard.\"", "\"words\": 1")?.field, "nodes.welcome.params.text")
        XCTAssertEqual(error("{ \"exit\": \"assistant\", \"digits\": \"3\" }", "{ \"exit\": \"timeout\", \"digits\": \"3\" }")?.field,
                       "nodes.menu.params.options.2", "an option may not reuse a fallback exit's name")
        XCTAssertEqual(error("\"schema\"", "schema")?.field, "", "not JSON at all")
        XCTAssertEqual(error("{ \"exit\": \"assistant\", \"digits\": \"3\" }", "{ \"exit\": \"assistant\", \"digits\": \"2\" }")?.field,
                       "nodes.menu.params.options.2.digits", "one key, one option")
        XCTAssertEqual(error("\"offerCallback\": true", "\"offerCallback\": \"yes\"")?.field, "nodes.billing_q.params.offerCallback")
    }

    func testAnExitWiredToNothingIsLeftForValidation() throws {
        let flow = try IVRFixtures.flow { $0.replacingOccurrences(of: "\"timeout\": \"menu\"", with: "\"timeout\": null") }
        XCTAssertNil(flow.nodes["menu"]!.exits["timeout"])
    }
}
