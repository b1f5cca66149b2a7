import SwitchboardSupport

/// One input of a simulated call as the simulator's API and saved flow tests write it:
/// `{"kind": "digits", "digits": "2"}`. Only `start` carries the caller's number.
public struct IVRSimulatedInput: Equatable, Sendable {
    public static let kinds = ["start", "digits", "speech", "timeout", "hangup", "queue", "dial", "record", "ai"]

    public let input: IVRInput
    public let caller: String?

    public init(input: IVRInput, caller: String? = nil) {
        self.input = input
        self.caller = caller
    }

    public static func parse(_ json: JSON?, field: String) throws(IVRFlowError) -> IVRSimulatedInput {
        guard let object = json?.objectValue else { throw IVRFlowError(field: field, message: json == nil ? "is required" : "must be an object") }
        let f = IVRFields(object: object, path: field)
        let kind = try f.string("kind")
        func only(_ allowed: [String]) throws(IVRFlowError) {
            for key in object.keys where key != "kind" && !allowed.contains(key) { throw f.fail(key, "is not a field of a \(kind) input") }
        }
        switch kind {
        case "start":
            try only(["caller"])
            let caller = try f.optionalString("caller")
            if let caller, !IVRSimulatedInput.isPhoneNumber(caller) { throw f.fail("caller", "must be a number in E.164 form (+ and 6 to 15 digits)") }
            return IVRSimulatedInput(input: .callStarted, caller: caller)
        case "digits":
            try only(["digits"])
            let digits = try f.string("digits")
            guard digits.count <= 32, digits.allSatisfy({ "0123456789*#".contains($0) }) else {
                throw f.fail("digits", "must be 1 to 32 of 0-9, * and #")
            }
            return IVRSimulatedInput(input: .digits(digits))
        case "speech":
            try only(["text"])
            let text = try f.string("text")
            guard text.count <= 500 else { throw f.fail("text", "must be at most 500 characters") }
            return IVRSimulatedInput(input: .speech(text))
        case "timeout": try only([]); return IVRSimulatedInput(input: .timeout)
        case "hangup": try only([]); return IVRSimulatedInput(input: .hungUp)
        case "queue":
            try only(["result"])
            guard let result = try IVRMocks.queueResult(f, "result") else { throw f.fail("result", "is required") }
            return IVRSimulatedInput(input: .queueResult(result))
        case "dial":
            try only(["result"])
            guard let result = try IVRMocks.dialResult(f, "result") else { throw f.fail("result", "is required") }
            return IVRSimulatedInput(input: .dialResult(result))
        case "record":
            try only(["recorded"])
            guard let recorded = object["recorded"]?.boolValue else { throw f.fail("recorded", "is required: true or false") }
            return IVRSimulatedInput(input: .recording(url: recorded ? IVRSimulator.recordingURL : nil))
        case "ai":
            try only(["outcome"])
            guard let outcome = try IVRMocks.outcome(f, "outcome") else { throw f.fail("outcome", "is required") }
            return IVRSimulatedInput(input: .agentOutcome(outcome))
        default: throw f.fail("kind", "must be one of \(kinds.joined(separator: ", "))")
        }
    }

    public var json: JSON {
        switch input {
        case .callStarted: return caller.map { ["kind": "start", "caller": .string($0)] } ?? ["kind": "start"]
        case .digits(let digits): return ["kind": "digits", "digits": .string(digits)]
        case .speech(let text): return ["kind": "speech", "text": .string(text)]
        case .timeout: return ["kind": "timeout"]
        case .hungUp: return ["kind": "hangup"]
        case .queueResult(let result): return ["kind": "queue", "result": .string(result.rawValue)]
        case .dialResult(let result): return ["kind": "dial", "result": .string(result.rawValue)]
        case .recording(let url): return ["kind": "record", "recorded": .bool(url != nil)]
        case .agentOutcome(let outcome): return ["kind": "ai", "outcome": .string(outcome)]
        }
    }

    static func isPhoneNumber(_ text: String) -> Bool {
        text.first == "+" && (6...15).contains(text.count - 1) && text.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }
}

extension IVRMocks {
    /// `{"queue": "answered", "dial": "busy", "recorded": true, "ai": "human"}`; every field optional.
    public static func parse(_ json: JSON?, field: String) throws(IVRFlowError) -> IVRMocks {
        guard let json, !json.isNull else { return IVRMocks() }
        guard let object = json.objectValue else { throw IVRFlowError(field: field, message: "must be an object") }
        let f = IVRFields(object: object, path: field)
        for key in object.keys where !["queue", "dial", "recorded", "ai"].contains(key) {
            throw f.fail(key, "is not a mock: queue, dial, recorded or ai")
        }
        var recorded: Bool?
        if let value = object["recorded"], !value.isNull {
            guard let flag = value.boolValue else { throw f.fail("recorded", "must be true or false") }
            recorded = flag
        }
        return IVRMocks(queue: try queueResult(f, "queue"), dial: try dialResult(f, "dial"), recorded: recorded,
                        agentOutcome: try outcome(f, "ai"))
    }

    public var json: JSON {
        var object = JSONObject()
        if let queue { object["queue"] = .string(queue.rawValue) }
        if let dial { object["dial"] = .string(dial.rawValue) }
        if let recorded { object["recorded"] = .bool(recorded) }
        if let agentOutcome { object["ai"] = .string(agentOutcome) }
        return .object(object)
    }

    public static let queueResults = ["answered", "abandoned", "max_wait", "callback_requested"]
    public static let dialResults = ["completed", "busy", "no_answer", "failed"]

    static func queueResult(_ f: IVRFields, _ key: String) throws(IVRFlowError) -> IVRQueueResult? {
        guard let text = try f.optionalString(key) else { return nil }
        guard let result = IVRQueueResult(rawValue: text) else { throw f.fail(key, "must be one of \(queueResults.joined(separator: ", "))") }
        return result
    }

    static func dialResult(_ f: IVRFields, _ key: String) throws(IVRFlowError) -> IVRDialResult? {
        guard let text = try f.optionalString(key) else { return nil }
        guard let result = IVRDialResult(rawValue: text) else { throw f.fail(key, "must be one of \(dialResults.joined(separator: ", "))") }
        return result
    }

    /// An AI agent's outcome: lowercase letters, digits and _, up to 64.
    static func outcome(_ f: IVRFields, _ key: String) throws(IVRFlowError) -> String? {
        guard let text = try f.optionalString(key) else { return nil }
        guard text.count <= 64, text.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }) else {
            throw f.fail(key, "must be 1 to 64 lowercase letters, digits and _")
        }
        return text
    }
}
