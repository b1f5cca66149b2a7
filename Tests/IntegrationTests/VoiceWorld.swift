import Foundation
import SwitchboardSupport
import TwilioFake
import XCTest

/// The voice channel's world: the real host behind a public URL, the loopback fake Twilio (Voice
/// and Messaging, one account), an SMS instance "sms1" and a voice instance "voice1" on the same
/// number, answered by a published flow: hours → menu (1: a queue, 2: "we'll text you a link")
/// → voicemail when closed.
final class VoiceWorld {
    let host: HostProcess
    let twilio: FakeTwilio
    static let publicURL = "https://support.example.test"
    static let number = "+14155550100"
    static let caller = "+14155550123"
    var flowID = ""
    var queueID = ""
    var openScheduleID = ""
    var teamID = ""

    init(open: Bool = true) throws {
        twilio = try FakeTwilio()
        twilio.addOwnedNumber(Self.number, smsURL: Self.publicURL + "/hooks/sms1/sms")
        host = try HostProcess(plugins: ["sms", "voice"], extraArguments: ["--public-url", Self.publicURL])
        twilio.proxy(publicBase: Self.publicURL, to: host.baseURL)
        try host.putCredential("twilio-token", twilio.authToken)
        try host.addChannel("sms1", plugin: "sms", config: account(["phone_number": .string(Self.number), "switch_intro": ""]))
        let weekly: [JSON] = open ? ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map { ["day": .string($0), "open": "00:00", "close": "00:00"] } : []
        openScheduleID = try created("/api/v1/voice/schedules", ["name": "Hours", "time_zone": "America/New_York", "weekly": .array(weekly)])
        let team = try host.addTeam("Phones")
        teamID = team
        queueID = try created("/api/v1/voice/queues", ["name": "Support", "team_id": .string(team), "hold_prompt": "Please hold for support.",
                                                       "announce_position": true])
        flowID = try created("/api/v1/voice/flows", ["name": "Main line", "definition": definition()])
        let published = try host.request("POST", "/api/v1/voice/flows/\(flowID)/publish")
        guard published.status == 201 else { throw HostError("publish: \(published.status) \(published.text)") }
        try host.addChannel("voice1", plugin: "voice", config: account(["phone_number": .string(Self.number), "flow_id": .string(flowID)]))
    }

    func stop() {
        host.stop()
        twilio.stop()
    }

    func account(_ extra: JSONObject) -> JSON {
        var object: JSONObject = ["account_sid": .string(twilio.accountSID), "auth_token_credential": "twilio-token",
                                  "api_base_url": .string(twilio.baseURL)]
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }

    func created(_ path: String, _ body: JSON) throws -> String {
        let r = try host.request("POST", path, json: body)
        guard r.status == 201, let id = r.json["id"]?.stringValue else { throw HostError("\(path): \(r.status) \(r.text)") }
        return id
    }

    func definition() throws -> JSON {
        try JSON.parse("""
        {
          "schema": "switchboard.ivr/1", "entry": "welcome", "settings": { "guardExit": "support" },
          "nodes": {
            "welcome": { "type": "say", "params": { "text": "Thanks for calling Switchboard." }, "exits": { "next": "hours" } },
            "hours": { "type": "hours_check", "params": { "scheduleId": "\(openScheduleID)" },
                       "exits": { "open": "menu", "closed": "voicemail", "holiday": "voicemail", "error": "voicemail" } },
            "menu": { "type": "menu", "params": { "prompt": "For support press 1. For a text with a link press 2.", "maxAttempts": 2,
                                                   "options": [ { "exit": "support", "digits": "1" }, { "exit": "text_me", "digits": "2" },
                                                               { "exit": "by_text", "digits": "3" } ] },
                      "exits": { "support": "support", "text_me": "sms_link", "by_text": "to_sms", "no_match": "menu", "timeout": "menu",
                                 "max_attempts": "support" } },
            "to_sms": { "type": "route_to_channel",
                        "params": { "instance": "sms1", "text": "Hi, this is Switchboard: reply here and we will help you by text.",
                                    "goodbye": "We will continue by text." },
                        "exits": { "sent": "bye", "failed": "support" } },
            "support": { "type": "queue", "params": { "queueId": "\(queueID)", "maxWaitSec": 120 },
                         "exits": { "answered": "bye", "abandoned": "bye", "max_wait": "voicemail" } },
            "sms_link": { "type": "send_sms", "params": { "instance": "sms1", "text": "Here is your link: https://example.com/help" },
                          "exits": { "sent": "bye_text", "failed": "support" } },
            "bye_text": { "type": "hangup", "params": { "goodbye": "We sent you a text. Goodbye." } },
            "voicemail": { "type": "record", "params": { "prompt": "We are closed. Please leave a message.", "maxLengthSec": 60 },
                           "exits": { "recorded": "bye", "no_audio": "bye" } },
            "bye": { "type": "hangup", "params": { "goodbye": "Goodbye." } }
          }
        }
        """)
    }

    static func hook(_ path: String) -> String { publicURL + "/hooks/voice1" + path }

    func call(_ script: FakeTwilio.CallScript) throws -> FakeTwilio.PlayedCall {
        try twilio.placeCall(script, voiceURL: Self.hook("/voice/incoming"), statusCallback: Self.hook("/voice/status"))
    }

    func script(_ answers: [String], queueResult: String = "bridged", recording: (Int, [UInt8])? = nil) -> FakeTwilio.CallScript {
        FakeTwilio.CallScript(from: Self.caller, to: Self.number, answers: answers, queueResult: queueResult,
                              recording: recording.map { (seconds: $0.0, bytes: $0.1) })
    }

    func events(_ conversation: String) throws -> [JSON] {
        try host.request("GET", "/api/v1/conversations/\(conversation)/events").json["events"]?.arrayValue ?? []
    }

    /// The caller's one conversation, on whichever channel it is now.
    func conversation(of callSID: String) throws -> String {
        for instance in ["voice1", "sms1"] {
            let found = try host.request("GET", "/api/v1/conversations?channel_instance_id=\(instance)").json["conversations"]?.arrayValue ?? []
            if let id = found.first?["id"]?.stringValue { return id }
        }
        throw HostError("no conversation for \(callSID)")
    }
}
