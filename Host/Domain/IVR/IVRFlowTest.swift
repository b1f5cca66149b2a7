import SwitchboardSupport

/// A walk saved from the simulator: inputs fed to a flow at a given time with mocked results, and
/// where the call must be afterwards. Saved tests run on publish; one failing blocks it.
public struct IVRFlowTest: Equatable, Sendable {
    public struct Expectation: Equatable, Sendable {
        /// The node the call waits at, or nil when it ended (or waits nowhere).
        public let node: String?
        public let ended: Bool
        /// The whole path ("menu: 2"), when the test pins it.
        public let path: [String]?
    }

    public let name: String
    /// nil: the time the test runs.
    public let nowMillis: Int64?
    public let mocks: IVRMocks
    public let inputs: [IVRSimulatedInput]
    public let expect: Expectation

    /// `{"name", "now"?, "mocks"?, "inputs": [input…], "expect": {"node", "ended", "path"?}}`; the first input starts the call.
    public static func parse(_ object: JSONObject) throws(IVRFlowError) -> IVRFlowTest {
        let f = IVRFields(object: object, path: "")
        for key in object.keys where !["name", "now", "mocks", "inputs", "expect"].contains(key) { throw f.fail(key, "is not a field of a flow test") }
        let name = try f.string("name")
        guard name.count <= 120 else { throw f.fail("name", "must be at most 120 characters") }
        var now: Int64?
        if let text = try f.optionalString("now") {
            guard let millis = Clock.parseISO8601(text) else { throw f.fail("now", "must be an RFC 3339 date-time") }
            now = millis
        }
        guard let list = object["inputs"]?.arrayValue, !list.isEmpty, list.count <= 200 else {
            throw f.fail("inputs", "must be a list of 1 to 200 inputs, starting with a start input")
        }
        var inputs: [IVRSimulatedInput] = []
        for (index, item) in list.enumerated() {
            let input = try IVRSimulatedInput.parse(item, field: "inputs.\(index)")
            if (index == 0) != (input.input == .callStarted) {
                throw f.fail("inputs.\(index).kind", index == 0 ? "the first input must be start" : "only the first input may be start")
            }
            inputs.append(input)
        }
        let e = try f.requiredObject("expect")
        for key in e.object.keys where !["node", "ended", "path"].contains(key) { throw e.fail(key, "is not a field of an expectation") }
        guard let ended = e.object["ended"]?.boolValue else { throw e.fail("ended", "is required: true or false") }
        let node = try e.optionalString("node")
        var path: [String]?
        if let value = e.object["path"], !value.isNull { path = try e.strings("path") }
        return IVRFlowTest(name: name, nowMillis: now, mocks: try IVRMocks.parse(object["mocks"], field: "mocks"), inputs: inputs,
                           expect: Expectation(node: node, ended: ended, path: path))
    }

    public var json: JSON {
        var expectation: JSONObject = ["node": .from(expect.node), "ended": .bool(expect.ended)]
        if let path = expect.path { expectation["path"] = .array(path.map(JSON.string)) }
        return ["name": .string(name), "now": .from(nowMillis.map(Clock.iso8601)), "mocks": mocks.json,
                "inputs": .array(inputs.map(\.json)), "expect": .object(expectation)]
    }

    /// Walks the flow; nil when the call ends where expected, else what went differently.
    public func failure(on flow: IVRFlow, nowMillis fallback: Int64) -> String? {
        let now = nowMillis ?? fallback
        var state: IVRCallState?
        for (index, input) in inputs.enumerated() {
            do {
                state = try IVRSimulator.step(flow: flow, state: state, input: input.input, caller: input.caller, nowMillis: now, mocks: mocks).state
            } catch {
                return "input \(index + 1) (\(input.json.serialized)) cannot be taken: \(IVRStepError.describe(error))"
            }
        }
        guard let state else { return "no input" }
        if state.ended != expect.ended {
            return expect.ended ? "the call did not end (it waits at \(state.waitingAt ?? "nothing"))" : "the call ended"
        }
        if state.waitingAt != expect.node {
            return "the call waits at \(state.waitingAt ?? "no node"), not at \(expect.node ?? "no node")"
        }
        if let path = expect.path, path != state.path {
            return "the path was \(state.pathSummary), not \(path.joined(separator: " → "))"
        }
        return nil
    }
}

extension IVRStepError {
    /// A sentence for the admin.
    public static func describe(_ error: IVRStepError) -> String {
        switch error {
        case .revisionMismatch(let pinned, let given): return "the call is pinned to revision \(pinned), not \(given)"
        case .unexpectedInput(let node?, _): return "the node \(node) does not wait for this input"
        case .unexpectedInput(nil, _): return "the call has not started: the first input is start"
        case .exitUnwired(let node, let exit): return "the \(exit) exit of \(node) leads nowhere"
        case .nodeMissing(let id): return "'\(id)' is not a node"
        }
    }
}
