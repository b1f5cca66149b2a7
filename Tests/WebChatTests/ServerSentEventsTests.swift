import SwitchboardCommon
import WebChatLogic
import XCTest

final class ServerSentEventsTests: XCTestCase {
    func testEventsCarryIdNameAndOneDataLinePerLine() {
        XCTAssertEqual(ServerSentEvents.event("message", data: "{\"a\":1}", id: 42), "id: 42\nevent: message\ndata: {\"a\":1}\n\n")
        XCTAssertEqual(ServerSentEvents.event("typing", data: "x\ny"), "event: typing\ndata: x\ndata: y\n\n",
                       "no id: the browser's last event id stays on the last message")
        XCTAssertEqual(ServerSentEvents.retry(milliseconds: 2000), "retry: 2000\n\n")
    }

    func testCustomerStateSurvivesTheStore() {
        var state = CustomerState()
        state.conversationID = "c-1"
        state.name = "Ann"
        state.email = "ann@example.com"
        state.contactPending = true
        state.lastActivityMs = 123
        state.seenUpTo = 9
        state.switched = SwitchedTo(kind: "email", address: "ann@example.com", waiting: false)
        XCTAssertEqual(CustomerState(serialized: state.serialized), state)
        XCTAssertEqual(CustomerState(serialized: "garbage"), CustomerState())
        XCTAssertEqual(state.address(for: .email), "ann@example.com")
        XCTAssertNil(state.address(for: .sms))
        XCTAssertEqual(try JSON.parse(state.contactJSON), ["name": "Ann", "email": "ann@example.com"])
        XCTAssertEqual(Identity(key: "external_id:user:42"), Identity.verified("user:42"))
    }
}
