import Foundation
import SwitchboardSupport
import XCTest

/// Agents' phone numbers and callbacks through the real host's REST API: the rules the OpenAPI
/// document states, who may change what, and callbacks that keep their place across a restart.
final class VoiceQueueRESTTests: XCTestCase {
    var host: HostProcess!

    override func setUpWithError() throws {
        host = try HostProcess()
    }

    override func tearDown() {
        host?.stop()
    }

    func testAnAgentSetsTheirOwnPhoneAndSIPAndBadValuesAreRefusedByName() throws {
        let sam = try host.addAgent("sam"), kim = try host.addAgent("kim")
        var r = try host.request("GET", "/api/v1/agents/\(sam.id)/phone", key: sam.key)
        XCTAssertEqual(r.status, 200, r.text)
        XCTAssertEqual(r.json["phone"], .null)

        r = try host.request("PUT", "/api/v1/agents/\(sam.id)/phone", json: ["phone": "+15550001234", "sip": "sip:sam@pbx.example.com"], key: sam.key)
        XCTAssertEqual(r.status, 200, r.text)
        XCTAssertEqual(r.json["sip"]?.stringValue, "sip:sam@pbx.example.com")
        XCTAssertEqual(try host.request("GET", "/api/v1/agents/\(sam.id)/phone", key: kim.key).json["phone"]?.stringValue, "+15550001234")

        r = try host.request("PUT", "/api/v1/agents/\(sam.id)/phone", json: ["phone": "+15550009999"], key: kim.key)
        XCTAssertEqual(r.status, 403, "another agent's number: \(r.text)")
        for (body, field) in [(["phone": "555-1234"] as JSON, "phone"), (["phone": " +15550001234"], "phone"), (["sip": "sam@pbx"], "sip"),
                              (["phone": .number(15550001234)], "phone"), (["extension": "12"], "extension")] {
            r = try host.request("PUT", "/api/v1/agents/\(sam.id)/phone", json: body, key: sam.key)
            XCTAssertEqual(r.status, 400, "\(body): \(r.text)")
            XCTAssertEqual(r.json["field"]?.stringValue, field, r.text)
        }
        XCTAssertEqual(try host.request("GET", "/api/v1/agents/\(sam.id)/phone").json["phone"]?.stringValue, "+15550001234", "refusals change nothing")
        XCTAssertEqual(try host.request("PUT", "/api/v1/agents/agt_nobody/phone", json: ["phone": "+15550001234"]).status, 404)

        r = try host.request("PUT", "/api/v1/agents/\(sam.id)/phone", json: ["sip": .null])
        XCTAssertEqual(r.status, 200, "an admin sets anyone's: \(r.text)")
        XCTAssertEqual(r.json["phone"], .null, "absent clears")
        XCTAssertEqual(r.json["sip"], .null)
    }

    func testBookedCallbacksKeepTheirPlaceAcrossARestartAndCanBeCancelled() throws {
        let team = try host.addTeam("Phones")
        let sam = try host.addAgent("sam", teams: [team])
        var r = try host.request("POST", "/api/v1/voice/queues", json: ["name": "Support", "team_id": .string(team)])
        XCTAssertEqual(r.status, 201, r.text)
        let queue = try XCTUnwrap(r.json["id"]?.stringValue)
        r = try host.request("POST", "/api/v1/voice/callbacks", json: ["queue_id": .string(queue), "number": "+15550000001",
                                                                          "called_number": "+15559990000", "max_attempts": 2], key: sam.key)
        XCTAssertEqual(r.status, 201, r.text)
        let first = try XCTUnwrap(r.json["id"]?.stringValue)
        XCTAssertEqual(r.json["status"]?.stringValue, "callback_waiting")
        XCTAssertEqual(r.json["max_attempts"]?.doubleValue, 2)
        r = try host.request("POST", "/api/v1/voice/callbacks", json: ["queue_id": .string(queue), "number": "+15550000002"], key: sam.key)
        let second = try XCTUnwrap(r.json["id"]?.stringValue)
        r = try host.request("POST", "/api/v1/voice/callbacks", json: ["queue_id": .string(queue), "number": "+15550000001"], key: sam.key)
        XCTAssertEqual(r.json["id"]?.stringValue, first, "the number already holds a callback: no duplicate")

        for (body, field) in [(["number": "+15550000001"] as JSON, "queue_id"), (["queue_id": "vq support", "number": "+15550000001"], "queue_id"),
                              (["queue_id": "vqu_nope", "number": "+15550000001"], "queue_id"),
                              (["queue_id": .string(queue), "number": "+15550000003", "schedule_id": "sch_nope"], "schedule_id"),
                              (["queue_id": .string(queue), "number": "5550000001"], "number"),
                              (["queue_id": .string(queue), "number": "+15550000003", "max_attempts": 11], "max_attempts"),
                              (["queue_id": .string(queue), "number": "+15550000003", "retry_delay_seconds": 5], "retry_delay_seconds"),
                              (["queue_id": .string(queue), "number": "+15550000003", "conversation_id": "cnv_nope"], "conversation_id")] {
            r = try host.request("POST", "/api/v1/voice/callbacks", json: body, key: sam.key)
            XCTAssertEqual(r.status, 400, "\(body): \(r.text)")
            XCTAssertEqual(r.json["field"]?.stringValue, field, r.text)
        }
        XCTAssertEqual(try host.request("GET", "/api/v1/voice/callbacks?queue_id=vq%20x").status, 400)

        host.stop()
        host = try HostProcess(dataDirectory: host.dataDirectory, pluginsDirectory: host.pluginsDirectory)
        XCTAssertEqual(try host.request("GET", "/api/v1/voice/queues/vqu_nope/waiting").status, 404)
        r = try host.request("GET", "/api/v1/voice/queues/\(queue)/waiting")
        XCTAssertEqual(r.status, 200, r.text)
        let waiting = r.json["waiting"]?.arrayValue ?? []
        XCTAssertEqual(waiting.compactMap { $0["id"]?.stringValue }, [first, second], "earliest place first, after a restart")
        XCTAssertEqual(waiting.compactMap { $0["position"]?.doubleValue }, [1, 2])

        XCTAssertEqual(try host.request("DELETE", "/api/v1/voice/callbacks/\(first)", key: sam.key).status, 204)
        XCTAssertEqual(try host.request("DELETE", "/api/v1/voice/callbacks/\(first)", key: sam.key).status, 409, "already cancelled")
        XCTAssertEqual(try host.request("DELETE", "/api/v1/voice/callbacks/vqe_nobody", key: sam.key).status, 404)
        r = try host.request("GET", "/api/v1/voice/callbacks?queue_id=\(queue)")
        XCTAssertEqual(r.json["callbacks"]?.arrayValue?.compactMap { $0["id"]?.stringValue }, [second])
    }
}
