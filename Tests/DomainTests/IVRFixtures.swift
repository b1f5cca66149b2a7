import SwitchboardDomain
import SwitchboardSupport

/// A flow using every node type, valid against `IVRKnownReferences`, for the IVR tests to vary.
enum IVRFixtures {
    static let flowJSON = """
    {
      "schema": "switchboard.ivr/1",
      "entry": "welcome",
      "settings": { "guardExit": "general_q", "maxIvrSeconds": 600 },
      "schedules": {
        "support": { "timeZone": "Europe/Berlin",
                     "weekly": [ { "days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00", "close": "17:00" } ],
                     "holidays": ["2026-12-25"] }
      },
      "nodes": {
        "welcome": { "type": "say", "params": { "text": "Welcome to Switchboard." }, "exits": { "next": "hours" } },
        "hours": { "type": "hours_check", "params": { "scheduleId": "support" },
                   "exits": { "open": "menu", "closed": "voicemail", "holiday": "voicemail", "error": "menu" } },
        "menu": { "type": "menu",
                  "params": { "prompt": "Billing 1, a text 2, our assistant 3, an operator 0.", "input": ["dtmf", "speech"],
                              "timeoutSec": 5, "maxAttempts": 3,
                              "options": [ { "exit": "billing", "digits": "1", "phrases": ["billing", "invoice"] },
                                           { "exit": "text_me", "digits": "2", "phrases": ["text", "link"] },
                                           { "exit": "assistant", "digits": "3" },
                                           { "exit": "operator", "digits": "0" } ] },
                  "exits": { "billing": "billing_q", "text_me": "sms_link", "assistant": "ai", "operator": "operator",
                             "no_match": "menu", "timeout": "menu", "max_attempts": "general_q" } },
        "sms_link": { "type": "send_sms", "params": { "instance": "sms-main", "text": "Your link: https://example.com/help" },
                      "exits": { "sent": "bye_text", "failed": "general_q" } },
        "bye_text": { "type": "hangup", "params": { "goodbye": "We sent you a text." } },
        "billing_q": { "type": "queue", "params": { "queueId": "billing", "maxWaitSec": 300, "offerCallback": true },
                       "exits": { "answered": "bye", "abandoned": "bye", "max_wait": "voicemail", "callback_requested": "cb" } },
        "cb": { "type": "callback", "params": { "queueId": "billing" }, "exits": { "scheduled": "bye", "declined": "bye" } },
        "general_q": { "type": "queue", "params": { "queueId": "general" },
                       "exits": { "answered": "bye", "abandoned": "bye", "max_wait": "voicemail" } },
        "operator": { "type": "dial", "params": { "number": "+493012345678" },
                      "exits": { "completed": "bye", "busy": "general_q", "no_answer": "voicemail", "failed": "general_q" } },
        "ai": { "type": "ai_agent", "params": { "stackId": "support-bot", "maxTurns": 6, "outcomes": ["order_status"] },
                "exits": { "resolved": "bye", "human": "general_q", "timeout": "general_q", "error": "general_q",
                           "outcome_order_status": "account" } },
        "account": { "type": "collect", "params": { "prompt": "Your six-digit account number.", "variable": "account", "numDigits": 6 },
                     "exits": { "ok": "vip_check", "invalid": "account", "timeout": "account", "max_attempts": "general_q" } },
        "vip_check": { "type": "branch", "params": { "cases": [ { "exit": "vip", "variable": "account", "equals": ["123456"] } ] },
                       "exits": { "vip": "whatsapp", "default": "general_q" } },
        "whatsapp": { "type": "route_to_channel",
                      "params": { "instance": "wa-main", "text": "Hello from our phone line.", "goodbye": "Continue on WhatsApp." },
                      "exits": { "sent": "bye", "failed": "general_q" } },
        "voicemail": { "type": "record", "params": { "prompt": "Please leave a message.", "maxLengthSec": 60 },
                       "exits": { "recorded": "bye", "no_audio": "bye" } },
        "bye": { "type": "hangup", "params": { "goodbye": "Goodbye." } }
      },
      "layout": { "nodes": { "menu": { "x": 240, "y": 120 } }, "zoom": "anything the editor likes" }
    }
    """

    static func flow(_ edit: (String) -> String = { $0 }) throws(IVRFlowError) -> IVRFlow { try IVRFlow.parse(edit(flowJSON)) }

    /// Unix milliseconds of an RFC 3339 time.
    static func at(_ text: String) -> Int64 { Clock.parseISO8601(text)! }
}

/// References that exist: the fixture's SMS and WhatsApp instances, stack and queues.
struct IVRKnownReferences: IVRReferences {
    var queues: Set<String> = ["billing", "general"]
    func smsInstanceExists(_ id: String) -> Bool { id == "sms-main" }
    func channelInstanceExists(_ id: String) -> Bool { ["sms-main", "wa-main"].contains(id) }
    func stackExists(_ id: String) -> Bool { id == "support-bot" }
    func queueExists(_ id: String) -> Bool { queues.contains(id) }
}
