import SwitchboardSupport

/// One input of a simulated call as the simulator's API and saved flow tests write it: the engine's
/// input JSON (`{"kind": "digits", "digits": "2"}`, read by `IVRInput(json:)`), each kind with its own
/// field only; `start` may carry the caller's number.
public struct IVRSimulatedInput: Equatable, Sendable {
    public let input: IVRInput
    public let caller: String?

    public init(input: IVRInput, caller: String? = nil) {
        self.input = input
        self.caller = caller
    }

    public static func parse(_ json: JSON?, field: String) throws(IVRFlowError) -> IVRSimulatedInput {
        guard let object = json?.objectValue else { throw IVRFlowError(field: field, message: json == nil ? "is required" : "must be an object") }
        let input: IVRInput
        do { input = try IVRInput(json: object) } catch {
            // IVRInput names its fields under "input"; here they sit under `field`.
            throw IVRFlowError(field: field + error.field.dropFirst("input".count), message: error.message)
        }
        let f = IVRFields(object: object, path: field)
        let own = ownField(input)
        for key in object.keys where key != "kind" && key != own { throw f.fail(key, "is not a field of a \(object["kind"]?.stringValue ?? "") input") }
        switch input {
        case .callStarted:
            let caller = try f.optionalString("caller")
            if let caller, !isPhoneNumber(caller) { throw f.fail("caller", "must be a number in E.164 form (+ and 6 to 15 digits)") }
            return IVRSimulatedInput(input: input, caller: caller)
        case .speech(let text) where text.count > 500: throw f.fail("speech", "must be at most 500 characters")
        case .agentOutcome: _ = try IVRMocks.outcome(f, "outcome")
        default: break
        }
        return IVRSimulatedInput(input: input)
    }

    /// The one field besides `kind` each kind carries.
    private static func ownField(_ input: IVRInput) -> String? {
        switch input {
        case .callStarted: "caller"
        case .digits: "digits"
        case .speech: "speech"
        case .queueResult, .dialResult: "result"
        case .recording: "recording_url"
        case .agentOutcome: "outcome"
        case .timeout, .hungUp: nil
        }
    }

    public var json: JSON {
        switch input {
        case .callStarted: return caller.map { ["kind": "start", "caller": .string($0)] } ?? ["kind": "start"]
        case .digits(let digits): return ["kind": "digits", "digits": .string(digits)]
        case .speech(let text): return ["kind": "speech", "speech": .string(text)]
        case .timeout: return ["kind": "timeout"]
        case .hungUp: return ["kind": "hangup"]
        case .queueResult(let result): return ["kind": "queue", "result": .string(result.rawValue)]
        case .dialResult(let result): return ["kind": "dial", "result": .string(result.rawValue)]
        case .recording(let url): return url.map { ["kind": "record", "recording_url": .string($0)] } ?? ["kind": "record"]
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
