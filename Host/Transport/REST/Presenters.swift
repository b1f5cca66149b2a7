import SwitchboardDomain
import SwitchboardSupport

/// JSON shapes of the REST API (documented in OpenAPIDocument).
enum Present {
    static func conversation(_ c: Conversation) -> JSON {
        ["id": .string(c.id), "contact_id": .string(c.contactID), "channel_instance_id": .string(c.channelInstanceID),
         "status": .string(c.status.rawValue), "engagement": .string(c.engagement.rawValue), "assignee": .from(c.assignee),
         "team_id": .from(c.teamID), "agent_stack": .from(c.agentStack), "priority": .string(c.priority.rawValue),
         "tags": .array(c.tags.map(JSON.string)), "fields": embedded(c.fieldsJSON) ?? [:], "topic": .from(c.topic),
         "topic_confidence": c.topicConfidence.map(JSON.number) ?? .null,
         "snoozed_until": time(c.snoozedUntil), "queued_at": time(c.queuedAt),
         "created_at": .string(Clock.iso8601(c.createdAt)), "updated_at": .string(Clock.iso8601(c.updatedAt)),
         "last_message_at": time(c.lastMessageAt), "response_due_at": time(c.responseDueAt), "sla": sla(c.sla),
         "resolution_due_at": time(c.resolution?.dueAt), "resolution_sla": sla(c.resolution), "next_due_at": time(c.nextDueAt),
         "topic_classifier": .from(c.topicClassifier)]
    }

    /// A service-level clock (the owed answer's, or the resolution's); paused shows no due time but the counted time left.
    static func sla(_ s: SLAStatus?) -> JSON {
        guard let s else { return .null }
        return ["policy_id": .string(s.policyID), "target": .string(s.target.rawValue), "due_at": time(s.dueAt),
                "state": .string(s.state.rawValue), "paused": .bool(s.dueAt == nil),
                "remaining_seconds": s.pausedRemainingMs.map { .from(Int($0 / 1000)) } ?? .null]
    }

    static func message(_ m: Message) -> JSON {
        ["id": .number(Double(m.id)), "conversation_id": .string(m.conversationID), "direction": .string(m.direction.rawValue),
         "author_kind": .string(m.authorKind.rawValue), "author_id": .from(m.authorID), "channel_instance_id": .string(m.channelInstanceID),
         "text": .string(m.text), "format": .string(m.format.rawValue), "rich": embedded(m.richJSON) ?? .null, "attachments": embedded(m.attachmentsJSON) ?? [],
         "provider_message_id": .from(m.providerMessageID), "delivery_status": .string(m.deliveryStatus.rawValue),
         "delivery_detail": .from(m.deliveryDetail), "created_at": .string(Clock.iso8601(m.createdAt)),
         "deleted_at": time(m.deletedAt), "sent_at": time(m.sentAt),
         "edited_at": time(m.editedAt)]
    }

    static func contact(_ c: Contact) -> JSON {
        ["id": .string(c.id), "display_name": .from(c.displayName),
         "identities": .array(c.identities.map { ["kind": .string($0.kind), "value": .string($0.value)] }),
         "attributes": embedded(c.attributesJSON) ?? [:], "created_at": .string(Clock.iso8601(c.createdAt)),
         "updated_at": .string(Clock.iso8601(c.updatedAt)), "erased_at": time(c.erasedAt)]
    }

    /// `agent_id` appears only on events addressed to one agent (a mention).
    static func event(_ e: Event) -> JSON {
        var object: JSONObject = ["id": .number(Double(e.id)), "conversation_id": .from(e.conversationID), "type": .string(e.type),
                                  "actor": .string(e.actor), "data": embedded(e.dataJSON) ?? [:]]
        if let agentID = e.agentID { object["agent_id"] = .string(agentID) }
        object["created_at"] = .string(Clock.iso8601(e.createdAt))
        return .object(object)
    }

    static func outbox(_ o: OutboxEntry) -> JSON {
        ["message_id": .number(Double(o.messageID)), "conversation_id": .string(o.conversationID), "state": .string(o.state),
         "attempts": .number(Double(o.attempts)), "last_error": .from(o.lastError), "idempotency_key": .string(o.idempotencyKey),
         "next_attempt_at": .string(Clock.iso8601(o.nextAttemptAt))]
    }

    static func plugin(_ p: PluginStatus) -> JSON {
        var object: JSONObject = ["id": .string(p.id), "enabled": .bool(p.enabled), "version": .from(p.version), "sha256": .from(p.sha256),
                                  "directory": .string(p.directory), "error": .from(p.error)]
        if let m = p.manifest {
            object["name"] = .string(m.name)
            object["capabilities"] = ["content": .array(m.capabilities.contentNames.map(JSON.string)),
                                      "format": .string(m.capabilities.format.rawValue), "max_text_length": .number(Double(m.capabilities.maxTextLength))]
            object["identity_kinds"] = .array(m.identityKinds.map(JSON.string))
            object["config_schema"] = m.configSchema.schema
            object["channel_kind"] = .string(m.channelKind)
            object["admin_operations"] = .array(m.adminOperations.map(\.json))
        }
        return .object(object)
    }

    static func instance(_ s: InstanceStatus) -> JSON {
        let r = s.record
        return ["id": .string(r.id), "plugin_id": .string(r.pluginID), "name": .string(r.name), "enabled": .bool(r.enabled),
                "config": embedded(r.configJSON) ?? [:], "binding": ["kind": .string(r.bindingKind.rawValue), "ref": .from(r.bindingRef),
                                                                         "mode": .string(r.stackMode.rawValue)],
                "state": .string(s.state), "reason": .from(s.reason), "webhook_path": .string("/hooks/\(r.id)/"),
                "plugin_status": embedded(s.pluginStatus) ?? .null,
                "created_at": .string(Clock.iso8601(r.createdAt)), "updated_at": .string(Clock.iso8601(r.updatedAt))]
    }

    static func embedded(_ json: String?) -> JSON? { json.flatMap { try? JSON.parse($0) } }

    /// An optional time as ISO 8601, or null.
    static func time(_ millis: Int64?) -> JSON { millis.map { .string(Clock.iso8601($0)) } ?? .null }
}
