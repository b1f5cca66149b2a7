import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/voice/flows…: IVR flows with a draft, validation, immutable revisions, publish and
/// rollback. Admins write; any key reads.
struct VoiceFlowEndpoints {
    let store: Store
    /// Plugin id → its manifest's channel kind, for validating channel references.
    let channelKind: @Sendable (String) -> String?

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/voice/flows", access: .any, handler: list),
            Route(method: "POST", pattern: "/api/v1/voice/flows", access: .admin, handler: create),
            Route(method: "GET", pattern: "/api/v1/voice/flows/{id}", access: .any, handler: get),
            Route(method: "DELETE", pattern: "/api/v1/voice/flows/{id}", access: .admin, handler: delete),
            Route(method: "PUT", pattern: "/api/v1/voice/flows/{id}/draft", access: .admin, handler: saveDraft),
            Route(method: "POST", pattern: "/api/v1/voice/flows/{id}/validate", access: .admin, handler: validate),
            Route(method: "POST", pattern: "/api/v1/voice/flows/{id}/publish", access: .admin, handler: publish),
            Route(method: "GET", pattern: "/api/v1/voice/flows/{id}/revisions", access: .any, handler: revisions),
            Route(method: "GET", pattern: "/api/v1/voice/flows/{id}/revisions/{number}", access: .any, handler: revision),
            Route(method: "POST", pattern: "/api/v1/voice/flows/{id}/rollback", access: .admin, handler: rollback),
        ]
    }

    func list(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        .json(200, ["flows": .array(try storeCall { try store.voiceFlows() }.map(Present.voiceFlow))])
    }

    func get(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        .json(200, Present.voiceFlow(try flow(r)))
    }

    func create(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        guard let name = try optionalString(body, "name") else { throw .badRequest("name", "is required") }
        let definition = try domainCall { try VoiceFlow.checkDefinition(body["definition"] ?? VoiceFlow.initialDefinition) }
        return .json(201, Present.voiceFlow(try domainCall { try store.createVoiceFlow(name: name, definition: definition) }))
    }

    func delete(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        try domainCall { try store.deleteVoiceFlow(id: r.parameter("id")) }
        return HTTPResponse(status: 204)
    }

    func saveDraft(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        guard let given = body["definition"] else { throw .badRequest("definition", "is required") }
        let definition = try domainCall { try VoiceFlow.checkDefinition(given) }
        let flow = try domainCall { try store.saveVoiceDraft(flowID: r.parameter("id"), definition: definition) }
        return .json(200, ["flow": Present.voiceFlow(flow), "validation": Present.voiceReport(try problems(definition))])
    }

    /// The draft's problems, or those of the definition given (the editor checks before saving).
    func validate(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.optionalJSONBody()
        let flow = try flow(r)
        var definition = flow.draft
        if let given = body["definition"] { definition = try domainCall { try VoiceFlow.checkDefinition(given) } }
        return .json(200, Present.voiceReport(try problems(definition)))
    }

    /// Validates the draft and appends it as a revision that new calls start on; 400 listing every
    /// error when it is invalid (nothing is published then).
    func publish(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.optionalJSONBody()
        let message = try optionalString(body, "message")
        let flow = try flow(r)
        let found = try problems(flow.draft)
        guard VoiceFlowCheck.isValid(found) else {
            let errors = found.filter { $0.severity == .error }
            let report = Present.voiceReport(errors)
            return .json(400, ["error": "invalid_flow", "field": "definition",
                               "message": .string("the draft has \(errors.count) problem(s) that block publishing: \(errors.map(\.description).joined(separator: "; "))"),
                               "problems": report["problems"] ?? .array([])])
        }
        if let (test, failure) = try domainCall({ try store.failingVoiceFlowTest(flowID: flow.id, definition: flow.draft, nowMillis: Clock.nowMillis()) }) {
            return .json(400, ["error": "test_failed", "field": "tests", "test_id": .string(test.id),
                               "message": .string("the saved test '\(test.test.name)' fails: \(failure)"), "problems": .array([])])
        }
        let revision = try domainCall {
            try store.publishVoiceRevision(flowID: flow.id, definition: flow.draft, author: r.actor, message: message)
        }
        return .json(201, Present.voiceRevision(revision))
    }

    func revisions(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let list = try domainCall { try store.voiceRevisions(flowID: r.parameter("id")) }
        return .json(200, ["revisions": .array(list.map(Present.voiceRevision))])
    }

    func revision(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let id = r.parameter("id"), raw = r.parameter("number")
        guard let number = Int(raw), number >= 1, String(number) == raw else { throw .notFound("no revision \(raw) of flow \(id)") }
        _ = try flow(r)
        guard let revision = try storeCall({ try store.voiceRevision(flowID: id, number: number) }) else {
            throw .notFound("no revision \(number) of flow \(id)")
        }
        return .json(200, Present.voiceRevision(revision))
    }

    func rollback(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        guard let value = body["revision"], !value.isNull else { throw .badRequest("revision", "is required") }
        guard let number = value.intValue, (1...Int(Int32.max)).contains(number) else { throw .badRequest("revision", "must be a revision number from 1 to 2147483647") }
        return .json(200, Present.voiceFlow(try domainCall { try store.rollBackVoiceFlow(id: r.parameter("id"), to: number) }))
    }

    private func flow(_ r: APIRequest) throws(APIError) -> VoiceFlow {
        guard let flow = try storeCall({ try store.voiceFlow(id: r.parameter("id")) }) else { throw .notFound("no flow \(r.parameter("id"))") }
        return flow
    }

    private func problems(_ definition: String) throws(APIError) -> [IVRProblem] {
        try storeCall { try store.voiceFlowProblems(definition: definition, channelKind: channelKind) }
    }
}
