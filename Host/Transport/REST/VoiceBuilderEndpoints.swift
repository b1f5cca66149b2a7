import FoundationEssentials
import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/voice/flows/{id}/simulate, /tests and /stats: the flow builder's simulator (the same
/// engine, stateless: the client passes back the state of the previous answer), walks saved as tests
/// that run on publish, and per-node counts from stored calls. Admins simulate and edit tests; any key reads.
struct VoiceBuilderEndpoints {
    let store: Store

    static let simulateFields: Set<String> = ["definition", "state", "input", "now", "mocks"]

    var routes: [Route] {
        [
            Route(method: "POST", pattern: "/api/v1/voice/flows/{id}/simulate", access: .admin, handler: simulate),
            Route(method: "GET", pattern: "/api/v1/voice/flows/{id}/tests", access: .any, handler: tests),
            Route(method: "POST", pattern: "/api/v1/voice/flows/{id}/tests", access: .admin, handler: createTest),
            Route(method: "DELETE", pattern: "/api/v1/voice/flows/{id}/tests/{test_id}", access: .admin, handler: deleteTest),
            Route(method: "GET", pattern: "/api/v1/voice/flows/{id}/stats", access: .any, handler: stats),
        ]
    }

    /// One input through the engine on the posted definition (or the stored draft); nothing is
    /// stored or sent: SMS and channel moves come back as events.
    func simulate(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        for key in body.keys where !Self.simulateFields.contains(key) { throw .badRequest(key, "is not a field of a simulation") }
        let input = try fieldCall { () throws(IVRFlowError) in try IVRSimulatedInput.parse(body["input"], field: "input") }
        let mocks = try fieldCall { () throws(IVRFlowError) in try IVRMocks.parse(body["mocks"], field: "mocks") }
        var now = Clock.nowMillis()
        if let text = try optionalString(body, "now") {
            guard let millis = Clock.parseISO8601(text) else { throw .badRequest("now", "must be an RFC 3339 date-time") }
            now = millis
        }
        if let given = body["state"], !given.isNull, given.objectValue == nil { throw .badRequest("state", "must be an object") }
        var state: IVRCallState?
        if input.input != .callStarted {
            guard let given = body["state"], !given.isNull else {
                throw .badRequest("state", "is required once the call started: send the state of the previous answer")
            }
            guard given.objectValue != nil, let decoded = try? JSONDecoder().decode(IVRCallState.self, from: Data(given.serialized.utf8)) else {
                throw .badRequest("state", "is not a state the simulator answered with")
            }
            state = decoded
        }
        let flow = try flowToSimulate(r, body)
        let step: IVRStep
        do {
            step = try IVRSimulator.step(flow: flow, state: state, input: input.input, caller: input.caller, nowMillis: now, mocks: mocks)
        } catch {
            let field: String
            switch error {
            case .revisionMismatch: field = "state"
            case .unexpectedInput: field = "input"
            case .exitUnwired, .nodeMissing: field = "definition"
            }
            throw .badRequest(field, IVRStepError.describe(error))
        }
        guard let encoded = try? JSONEncoder().encode(step.state), let stateJSON = try? JSON.parse(String(decoding: encoded, as: UTF8.self)) else {
            throw APIError(status: 500, code: "internal", message: "the call state could not be written")
        }
        return .json(200, Present.simulatedStep(step, state: stateJSON))
    }

    func tests(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let id = r.parameter("id")
        let saved = try domainCall { try store.voiceFlowTests(flowID: id) }
        let draft = try storeCall { try store.voiceFlow(id: id) }.flatMap { try? IVRFlow.parse($0.draft) }
        let flow = try draft.map { draft throws(APIError) in try storeCall { try store.simulatableVoiceFlow(draft) } }
        let now = Clock.nowMillis()
        return .json(200, ["tests": .array(saved.map { t in Present.voiceFlowTest(t, draftFailure: flow.map { t.test.failure(on: $0, nowMillis: now) }) })])
    }

    func createTest(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        let test = try fieldCall { () throws(IVRFlowError) in try IVRFlowTest.parse(body) }
        let saved = try domainCall { try store.createVoiceFlowTest(flowID: r.parameter("id"), test: test) }
        let draft = try storeCall { try store.voiceFlow(id: saved.flowID) }.flatMap { try? IVRFlow.parse($0.draft) }
        let flow = try draft.map { draft throws(APIError) in try storeCall { try store.simulatableVoiceFlow(draft) } }
        return .json(201, Present.voiceFlowTest(saved, draftFailure: flow.map { test.failure(on: $0, nowMillis: Clock.nowMillis()) }))
    }

    func deleteTest(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        try domainCall { try store.deleteVoiceFlowTest(flowID: r.parameter("id"), id: r.parameter("test_id")) }
        return HTTPResponse(status: 204)
    }

    func stats(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let revision = r.http.queryValue("revision") == nil ? nil : try r.intQuery("revision", default: 1, range: 1...Self.maxRevision)
        return .json(200, Present.voiceFlowStats(try domainCall { try store.voiceFlowStats(flowID: r.parameter("id"), revision: revision) }))
    }

    /// The largest revision number a query may name.
    static let maxRevision = 1_000_000_000

    /// The posted definition, else the flow's draft; either must parse (400 naming the field).
    private func flowToSimulate(_ r: APIRequest, _ body: JSONObject) throws(APIError) -> IVRFlow {
        guard let stored = try storeCall({ try store.voiceFlow(id: r.parameter("id")) }) else { throw .notFound("no flow \(r.parameter("id"))") }
        var text = stored.draft
        if let given = body["definition"], !given.isNull { text = try domainCall { try VoiceFlow.checkDefinition(given) } }
        let flow = try fieldCall(under: "definition") { () throws(IVRFlowError) in try IVRFlow.parse(text) }
        return try storeCall { try store.simulatableVoiceFlow(flow) }
    }

    /// A definition, input or test that does not read: 400 naming its field, under `prefix` when given.
    private func fieldCall<T>(under prefix: String? = nil, _ body: () throws(IVRFlowError) -> T) throws(APIError) -> T {
        do { return try body() } catch {
            let field = [prefix, error.field.isEmpty ? nil : error.field].compactMap { $0 }.joined(separator: ".")
            throw .badRequest(field.isEmpty ? "body" : field, error.message)
        }
    }
}
