import SwitchboardDomain
import SwitchboardSupport

/// JSON shapes of /api/v1/webhooks (documented in WebhookPaths). The secret is never part of
/// them; `WebhookEndpoints.create` adds it to the one answer that shows it.
extension Present {
    static func webhook(_ s: WebhookSubscription) -> JSON {
        let owner: JSON
        switch s.owner {
        case .everyone: owner = ["role": "admin", "api_key_id": .from(s.ownerKeyID), "channel_instance_ids": .null]
        case .integrator(let instances):
            owner = ["role": "integrator", "api_key_id": .from(s.ownerKeyID), "channel_instance_ids": .array(instances.map(JSON.string))]
        case .agent: owner = ["role": "agent", "api_key_id": .from(s.ownerKeyID), "channel_instance_ids": .null]
        }
        var retrying: JSON = .null
        if let head = s.headEventID {  // set only while an event waits for its next attempt
            retrying = ["event_id": .from(head), "attempts": .from(s.attempts), "next_attempt_at": time(s.nextAttemptAt)]
        }
        return ["id": .string(s.id), "url": .string(s.url), "event_types": .array(s.eventTypes.map(JSON.string)),
                "description": .string(s.description), "enabled": .bool(s.enabled), "owner": owner,
                "cursor": .from(s.cursor), "retrying": retrying, "dead_letters": .from(s.deadLetterCount),
                "created_at": .string(Clock.iso8601(s.createdAt)), "updated_at": .string(Clock.iso8601(s.updatedAt))]
    }

    static func webhookAttempt(_ a: WebhookDeliveryAttempt, subscription s: WebhookSubscription) -> JSON {
        ["delivery_id": .string(s.deliveryID(eventID: a.eventID)), "event_id": .from(a.eventID), "event_type": .string(a.eventType),
         "attempt": .from(a.attempt), "replay": .bool(a.replay), "status_code": .from(a.statusCode), "error": .from(a.error),
         "duration_ms": .from(a.durationMs), "created_at": .string(Clock.iso8601(a.createdAt))]
    }

    static func webhookDeadLetter(_ d: WebhookDeadLetter, subscription s: WebhookSubscription) -> JSON {
        ["event_id": .from(d.eventID), "delivery_id": .string(s.deliveryID(eventID: d.eventID)), "event": d.event.map(event) ?? .null,
         "attempts": .from(d.attempts), "status_code": .from(d.statusCode), "last_error": .string(d.lastError),
         "dead_at": .string(Clock.iso8601(d.deadAt)), "replay_pending": .bool(d.replayPending)]
    }
}
