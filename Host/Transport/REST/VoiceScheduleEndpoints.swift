import SwitchboardDomain
import SwitchboardSupport

/// /api/v1/voice/schedules… and /api/v1/voice/queues…: the hours flows check and the queues they
/// send calls to. Admins write (PUT replaces every field); any key reads.
struct VoiceScheduleEndpoints {
    let store: Store

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/voice/schedules", access: .any, handler: listSchedules),
            Route(method: "POST", pattern: "/api/v1/voice/schedules", access: .admin, handler: createSchedule),
            Route(method: "GET", pattern: "/api/v1/voice/schedules/{id}", access: .any, handler: getSchedule),
            Route(method: "PUT", pattern: "/api/v1/voice/schedules/{id}", access: .admin, handler: replaceSchedule),
            Route(method: "DELETE", pattern: "/api/v1/voice/schedules/{id}", access: .admin, handler: deleteSchedule),
            Route(method: "GET", pattern: "/api/v1/voice/queues", access: .any, handler: listQueues),
            Route(method: "POST", pattern: "/api/v1/voice/queues", access: .admin, handler: createQueue),
            Route(method: "GET", pattern: "/api/v1/voice/queues/{id}", access: .any, handler: getQueue),
            Route(method: "PUT", pattern: "/api/v1/voice/queues/{id}", access: .admin, handler: replaceQueue),
            Route(method: "DELETE", pattern: "/api/v1/voice/queues/{id}", access: .admin, handler: deleteQueue),
        ]
    }

    func listSchedules(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        .json(200, ["schedules": .array(try storeCall { try store.voiceSchedules() }.map(Present.voiceSchedule))])
    }

    func createSchedule(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        let fields = try domainCall { try VoiceScheduleFields.parse(body) }
        return .json(201, Present.voiceSchedule(try storeCall { try store.createVoiceSchedule(fields) }))
    }

    func getSchedule(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard let schedule = try storeCall({ try store.voiceSchedule(id: r.parameter("id")) }) else { throw .notFound("no schedule \(r.parameter("id"))") }
        return .json(200, Present.voiceSchedule(schedule))
    }

    func replaceSchedule(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        let fields = try domainCall { try VoiceScheduleFields.parse(body) }
        return .json(200, Present.voiceSchedule(try domainCall { try store.replaceVoiceSchedule(id: r.parameter("id"), fields) }))
    }

    func deleteSchedule(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        try domainCall { try store.deleteVoiceSchedule(id: r.parameter("id")) }
        return HTTPResponse(status: 204)
    }

    func listQueues(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        .json(200, ["queues": .array(try storeCall { try store.voiceQueues() }.map(Present.voiceQueue))])
    }

    func createQueue(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        let fields = try domainCall { try VoiceQueueFields.parse(body) }
        return .json(201, Present.voiceQueue(try domainCall { try store.createVoiceQueue(fields) }))
    }

    func getQueue(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard let queue = try storeCall({ try store.voiceQueue(id: r.parameter("id")) }) else { throw .notFound("no queue \(r.parameter("id"))") }
        return .json(200, Present.voiceQueue(queue))
    }

    func replaceQueue(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        let fields = try domainCall { try VoiceQueueFields.parse(body) }
        return .json(200, Present.voiceQueue(try domainCall { try store.replaceVoiceQueue(id: r.parameter("id"), fields) }))
    }

    func deleteQueue(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        try domainCall { try store.deleteVoiceQueue(id: r.parameter("id")) }
        return HTTPResponse(status: 204)
    }
}
