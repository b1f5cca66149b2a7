import SwitchboardSupport

extension IVRInput {
    /// The kinds an input may name in JSON (`{"kind": "digits", "digits": "2"}`): what voice channels
    /// pass the host for each provider request and what the simulator accepts.
    public static let kinds = ["start", "digits", "speech", "timeout", "hangup", "queue", "dial", "record", "ai"]

    /// Reads `{"kind", "digits" | "speech" | "result" | "recording_url" | "outcome"}`; errors name the field.
    public init(json object: JSONObject) throws(IVRFlowError) {
        let fields = IVRFields(object: object, path: "input")
        let kind = try fields.string("kind")
        switch kind {
        case "start": self = .callStarted
        case "digits":
            let digits = try fields.string("digits")
            guard digits.count <= 32, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "*" || $0 == "#") }) else {
                throw fields.fail("digits", "must be 1 to 32 of 0-9, * and #")
            }
            self = .digits(digits)
        case "speech": self = .speech(try fields.string("speech"))
        case "timeout": self = .timeout
        case "hangup": self = .hungUp
        case "queue":
            let raw = try fields.string("result")
            guard let result = IVRQueueResult(rawValue: raw) else { throw fields.fail("result", "must be answered, abandoned, max_wait or callback_requested") }
            self = .queueResult(result)
        case "dial":
            let raw = try fields.string("result")
            guard let result = IVRDialResult(rawValue: raw) else { throw fields.fail("result", "must be completed, busy, no_answer or failed") }
            self = .dialResult(result)
        case "record": self = .recording(url: try fields.optionalString("recording_url"))
        case "ai": self = .agentOutcome(try fields.string("outcome"))
        default: throw fields.fail("kind", "must be one of \(Self.kinds.joined(separator: ", "))")
        }
    }
}
