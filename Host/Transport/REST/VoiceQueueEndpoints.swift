import SwitchboardDomain
import SwitchboardSupport

/// Voice queues as agents see them: where each agent answers calls (phone/SIP in their profile),
/// who holds a place in a queue, and callbacks (booked, listed, cancelled). The calls themselves
/// run through the voice plugin; this is the host's side of the queue.
struct VoiceQueueEndpoints {
    let store: Store

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/agents/{id}/phone", access: .people, handler: phone),
            Route(method: "PUT", pattern: "/api/v1/agents/{id}/phone", access: .people, handler: setPhone),
            Route(method: "GET", pattern: "/api/v1/voice/queues/{id}/waiting", access: .any, handler: waiting),
            Route(method: "GET", pattern: "/api/v1/voice/callbacks", access: .any, handler: callbacks),
            Route(method: "POST", pattern: "/api/v1/voice/callbacks", access: .people, handler: bookCallback),
            Route(method: "DELETE", pattern: "/api/v1/voice/callbacks/{id}", access: .people, handler: cancelCallback),
        ]
    }

    func phone(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let id = r.parameter("id")
        return .json(200, Present.agentPhone(id, try domainCall { try store.agentVoiceAddress(agentID: id) }))
    }

    /// An admin sets anyone's; an agent sets their own. Both fields are replaced (absent or null clears).
    func setPhone(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let id = r.parameter("id")
        guard r.caller?.role == .admin || r.caller?.agentID == id else { throw .forbidden }
        let body = try r.jsonBody()
        try rejectUnknown(body, allowed: ["phone", "sip"])
        let phone = try optionalString(body, "phone"), sip = try optionalString(body, "sip")
        return .json(200, Present.agentPhone(id, try domainCall { try store.setAgentVoiceAddress(agentID: id, phone: phone, sip: sip) }))
    }

    func waiting(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let queueID = r.parameter("id")
        guard try storeCall({ try store.voiceQueue(id: queueID) }) != nil else { throw .notFound("no voice queue \(queueID)") }
        let places = try storeCall { try store.voiceQueuePlaces(queueID: queueID) }
        return .json(200, ["queue_id": .string(queueID),
                           "waiting": .array(places.enumerated().map { Present.voiceQueueEntry($1, position: $0 + 1) })])
    }

    func callbacks(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let queueID = r.http.queryValue("queue_id")
        if let queueID { try Self.checkQueueID(queueID) }
        let items = try storeCall { try store.voiceCallbacks(queueID: queueID) }
        return .json(200, ["callbacks": .array(items.map { Present.voiceQueueEntry($0, position: nil) })])
    }

    /// An agent books a callback for a customer (say, from a chat): it joins the queue now.
    func bookCallback(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let body = try r.jsonBody()
        try rejectUnknown(body, allowed: ["queue_id", "schedule_id", "number", "called_number", "conversation_id", "max_attempts",
                                         "retry_delay_seconds"])
        guard let queueID = try optionalString(body, "queue_id") else { throw .badRequest("queue_id", "is required") }
        try Self.checkQueueID(queueID)
        guard try storeCall({ try store.voiceQueue(id: queueID) }) != nil else { throw .badRequest("queue_id", "no voice queue \(queueID)") }
        guard let number = try optionalString(body, "number"), AgentVoiceAddress.isPhone(number) else {
            throw .badRequest("number", "is required: an E.164 number such as +15551234567")
        }
        let called = try optionalString(body, "called_number")
        if let called, !AgentVoiceAddress.isPhone(called) { throw .badRequest("called_number", "must be an E.164 number such as +15551234567") }
        let conversationID = try optionalString(body, "conversation_id")
        if let conversationID, try storeCall({ try store.conversation(id: conversationID, visibleTo: r.viewer) }) == nil {
            throw .badRequest("conversation_id", "no conversation \(conversationID)")
        }
        let scheduleID = try optionalString(body, "schedule_id")
        if let scheduleID, try storeCall({ try store.voiceSchedule(id: scheduleID) }) == nil {
            throw .badRequest("schedule_id", "no voice schedule \(scheduleID)")
        }
        let policy = VoiceCallbackPolicy(maxAttempts: try optionalInt(body, "max_attempts") ?? VoiceCallbackPolicy.standard.maxAttempts,
                                         retryDelaySeconds: try optionalInt(body, "retry_delay_seconds") ?? VoiceCallbackPolicy.standard.retryDelaySeconds)
        let join = VoiceQueueJoin(queueID: queueID, callSid: nil, number: number, calledNumber: called, conversationID: conversationID,
                                  scheduleID: scheduleID)
        let entry = try domainCall { try store.requestVoiceCallback(join, policy: policy, nowMillis: Clock.nowMillis()) }
        // In the customer's thread, as a callback asked for on the phone is (and the agents' queues see it live).
        if let conversationID {
            _ = try storeCall { try store.recordEvent(conversationID: conversationID, type: "voice.callback_scheduled", actor: r.actor, data: [
                "callback_id": .string(entry.id), "queue_id": .string(entry.queueID), "number": .string(entry.number),
                "place_since": .string(Clock.iso8601(entry.virtualEnqueuedAt))]) }
        }
        return .json(201, Present.voiceQueueEntry(entry, position: nil))
    }

    func cancelCallback(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let id = r.parameter("id")
        _ = try domainCall { try store.cancelVoiceCallback(id: id, nowMillis: Clock.nowMillis()) }
        return HTTPResponse(status: 204)
    }

    /// Queue ids are the host's (`vq_…`): 1-64 of A-Z, a-z, 0-9, '_' or '-'.
    static func checkQueueID(_ id: String) throws(APIError) {
        let ok = (1...64).contains(id.utf8.count) && id.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F || $0 == 0x2D
        }
        guard ok else { throw .badRequest("queue_id", "must be a queue id: 1-64 characters of A-Z, a-z, 0-9, '_' or '-'") }
    }

    private func rejectUnknown(_ body: JSONObject, allowed: Set<String>) throws(APIError) {
        if let unknown = body.keys.sorted().first(where: { !allowed.contains($0) }) { throw .badRequest(unknown, "is not a field here") }
    }
}

extension Present {
    static func agentPhone(_ agentID: String, _ address: AgentVoiceAddress) -> JSON {
        ["agent_id": .string(agentID), "phone": .from(address.phone), "sip": .from(address.sip)]
    }

    static func voiceQueueEntry(_ e: VoiceQueueEntry, position: Int?) -> JSON {
        var fields: JSONObject = [
            "id": .string(e.id), "queue_id": .string(e.queueID), "status": .string(e.status.rawValue), "call_sid": .from(e.callSid),
            "number": .string(e.number), "called_number": .from(e.calledNumber), "conversation_id": .from(e.conversationID),
            "virtual_enqueued_at": .string(Clock.iso8601(e.virtualEnqueuedAt)), "attempts": .number(Double(e.attempts)),
            "max_attempts": .number(Double(e.maxAttempts)), "retry_delay_seconds": .number(Double(e.retryDelaySeconds)),
            "next_attempt_at": .from(e.nextAttemptAt.map(Clock.iso8601)), "agent_id": .from(e.agentID), "schedule_id": .from(e.scheduleID),
            "created_at": .string(Clock.iso8601(e.createdAt)),
        ]
        if let position { fields["position"] = .number(Double(position)) }
        return .object(fields)
    }
}
