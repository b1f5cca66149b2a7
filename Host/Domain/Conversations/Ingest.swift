import CSQLite
import SwitchboardSupport

/// A customer message a channel received, before it is stored.
public struct InboundMessage: Sendable {
    public var channelInstanceID: String
    public var identity: Identity
    public var providerMessageID: String
    public var text: String
    public var format: TextFormat
    public var displayName: String?
    public var richJSON: String?
    public var attachmentsJSON: String?
    public var agentStack: String?
    public var conversationID: String?
    public var sentAt: Int64?
    /// Open a new conversation even when the contact has an open one here (an email that answers
    /// no earlier one). Ignored when `conversationID` is set.
    public var startNewConversation: Bool
    /// What the customer told about themselves ({"name", "email", "phone"}): merged into the
    /// contact's attributes, a value given replacing the old one.
    public var contactDetails: [String: String] = [:]
    /// A second identity of the same customer that the provider vouches for (WhatsApp's phone
    /// beside the business-scoped id): linked to the contact when nobody else holds it, and the
    /// contact a new identity joins when it already has one (see `resolveContact`).
    public var alsoIdentity: Identity?
    /// The channel's response time in hours ("response_due" in its manifest): the message starts
    /// the conversation's response clock unless an earlier unanswered message already did.
    public var responseDueHours: Int?

    public init(channelInstanceID: String, identity: Identity, providerMessageID: String, text: String,
                format: TextFormat = .plain, displayName: String? = nil, richJSON: String? = nil,
                attachmentsJSON: String? = nil, agentStack: String? = nil, conversationID: String? = nil,
                sentAt: Int64? = nil, startNewConversation: Bool = false) {
        self.channelInstanceID = channelInstanceID
        self.identity = identity
        self.providerMessageID = providerMessageID
        self.text = text
        self.format = format
        self.displayName = displayName
        self.richJSON = richJSON
        self.attachmentsJSON = attachmentsJSON
        self.agentStack = agentStack
        self.conversationID = conversationID
        self.sentAt = sentAt
        self.startNewConversation = startNewConversation
    }
}

public struct IngestResult: Sendable, Equatable {
    public var conversationID: String
    public var messageID: Int64
    public var createdConversation: Bool
    /// True when (channel instance, provider message id) was already stored: nothing new was written.
    public var duplicate: Bool
    /// The conversation's Agent Stack once this message is in (nil: people handle it, or a duplicate):
    /// only then does the message owe a stack turn.
    public var agentStack: String? = nil
    /// The message woke a snoozed conversation or reopened a done one (which may need routing again).
    public var reopened = false
}

public enum IngestError: Error, CustomStringConvertible, Sendable {
    case invalidField(String, String)
    case conversationNotFound(String)

    public var description: String {
        switch self {
        case .invalidField(let field, let why): "\(field): \(why)"
        case .conversationNotFound(let id): "conversation_id: no conversation \(id) for this customer"
        }
    }
}

extension Store {
    /// Store an inbound message durably: dedupe, resolve the contact by identity,
    /// continue its open conversation on this instance (or create one), append, commit.
    public func ingest(_ message: InboundMessage) throws -> IngestResult {
        let model = try checkedTriageModel(message)
        // Rerunnable: the body only reads and writes the database and the writer's ingest cache
        // (a retry makes new ids, as the rolled-back run's never existed).
        return try write(rerunnable: true, sparesIngestCache: true) { [self] db in
            try Self.ingest(message, db: db, cache: &ingestCache, triage: model)
        }
    }

    /// `ingest` without waiting: checks the message (throwing as `ingest` does), queues it and
    /// returns; `completion` runs once with the outcome after the group commit that stored it
    /// (on the store's completion thread). Throws `StoreError` when the store is closed.
    public func ingestAsync(_ message: InboundMessage,
                            completion: @escaping @Sendable (Result<IngestResult, Error>) -> Void) throws {
        let model = try checkedTriageModel(message)
        let queued = writeAsync(rerunnable: true, sparesIngestCache: true, { [self] db in
            try Self.ingest(message, db: db, cache: &ingestCache, triage: model)
        }, completion: completion)
        guard queued else { throw StoreError(code: 21, message: "the store is closed") }
    }

    /// The checks both ingests make before writing, and the triage model. The model is trained once
    /// per change of the topics, outside the writer. Classifying costs a few microseconds
    /// (TriageBench), so it runs inside the write, and only once the write knows people handle the
    /// conversation: a conversation an Agent Stack handles is never classified.
    func checkedTriageModel(_ message: InboundMessage) throws -> TriageModel? {
        for (field, value) in [("identity_kind", message.identity.kind), ("identity_value", message.identity.value),
                               ("provider_message_id", message.providerMessageID)] where value.isEmpty {
            throw IngestError.invalidField(field, "is required")
        }
        if message.text.isEmpty && (message.attachmentsJSON ?? "").isEmpty && (message.richJSON ?? "").isEmpty {
            throw IngestError.invalidField("text", "is empty and there are no attachments")
        }
        return try triageModel()
    }

    static func ingest(_ m: InboundMessage, db: StoreConnection, cache: inout IngestCache, triage: TriageModel? = nil) throws -> IngestResult {
        // The common case, a known customer continuing the open conversation the cache holds: nothing
        // is written before the message itself, so its INSERT can find a duplicate (the UNIQUE
        // channel_instance_id, provider_message_id) instead of a lookup first. Otherwise duplicates
        // are found before anything else, as a retry must not create a contact or conversation.
        var continuing: IngestCache.OpenConversation?
        if (m.conversationID ?? "").isEmpty, !m.startNewConversation, let contactID = cache.contacts[m.identity] {
            continuing = cache.conversations[IngestCache.ContactChannel(contactID: contactID, instanceID: m.channelInstanceID)]
        }
        if continuing == nil, let existing = try existingMessage(m, db: db) { return existing }
        let now = Clock.nowMillis()
        let contactID: String
        if let known = cache.contacts[m.identity] {
            contactID = known
        } else {
            contactID = try resolveContact(m.identity, also: m.alsoIdentity, displayName: m.displayName, now: now, db: db)
            cache.remember(contact: contactID, for: m.identity)
        }
        if !m.contactDetails.isEmpty { try mergeContactDetails(m.contactDetails, contactID: contactID, now: now, db: db) }
        let key = IngestCache.ContactChannel(contactID: contactID, instanceID: m.channelInstanceID)
        func boundStack() throws -> String? {
            if let known = cache.boundStacks[m.channelInstanceID] { return known }
            let found = try Self.boundStack(db, instanceID: m.channelInstanceID)
            cache.boundStacks[m.channelInstanceID] = .some(found)
            return found
        }

        var conversationID: String
        var created = false
        var previousStatus: ConversationStatus?
        var stack: String?
        var startNew = m.startNewConversation
        var existingStack: String?
        var requested: (id: String, status: ConversationStatus, stack: String?)?
        if let id = m.conversationID, !id.isEmpty {
            guard let found = try db.queryOne(
                "SELECT status, agent_stack FROM conversations WHERE id = ? AND contact_id = ?", [.text(id), .text(contactID)],
                { (ConversationStatus(rawValue: $0.text(0)) ?? .active, $0.optionalText(1)) })
            else { throw IngestError.conversationNotFound(id) }
            // Archived is final: answering an archived thread (an old email) starts a new conversation.
            if found.0 == .archived { startNew = true } else { requested = (id, found.0, found.1) }
            // The message makes that conversation the contact's latest on its own instance, which
            // may not be this one: which conversation each pair continues is looked up again.
            cache.conversations.removeAll()
        }
        if let requested {
            conversationID = requested.id
            previousStatus = requested.status
            existingStack = requested.stack
        } else if !startNew, let open = try continuing ?? cache.conversations[key]
                    ?? openConversation(contactID: contactID, instanceID: m.channelInstanceID, db: db) {
            conversationID = open.id
            previousStatus = open.status
            existingStack = open.agentStack
        } else {
            conversationID = Identifier.make("cnv")
            created = true
            stack = try stackForInbound(db, named: m.agentStack, bound: boundStack, existing: nil)
            try db.run(
                """
                INSERT INTO conversations (id, contact_id, channel_instance_id, status, engagement, agent_stack, created_at, updated_at,
                                           routing_pending)
                VALUES (?, ?, ?, 'active', 'pending', ?, ?, ?, ?)
                """, [.text(conversationID), .text(contactID), .text(m.channelInstanceID), .optional(stack), .integer(now), .integer(now),
                      .integer(stack == nil ? 1 : 0)])
            try appendEvent(db, conversationID: conversationID, type: "conversation.created", actor: "customer",
                            data: ["channel_instance_id": .string(m.channelInstanceID), "contact_id": .string(contactID)], now: now)
        }

        try db.run(
            """
            INSERT INTO messages (conversation_id, direction, author_kind, author_id, channel_instance_id, text, format,
                                  rich, attachments, provider_message_id, delivery_status, created_at, sent_at)
            VALUES (?, 'inbound', 'customer', ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?)
            ON CONFLICT DO NOTHING
            """,
            [.text(conversationID), .text(contactID), .text(m.channelInstanceID), .text(m.text), .text(m.format.rawValue),
             .optional(m.richJSON), .optional(m.attachmentsJSON), .text(m.providerMessageID), .integer(now),
             m.sentAt.map { .integer($0) } ?? .null])
        if db.changes == 0 {
            // Stored before. Only possible when no lookup ran first, and then nothing was written yet.
            guard continuing != nil, let existing = try existingMessage(m, db: db) else {
                throw StoreError(code: SQLITE_CONSTRAINT, message: "message \(m.providerMessageID) was stored meanwhile")
            }
            return existing
        }
        let messageID = db.lastInsertRowID
        // After the message: a named stack that does not exist fails the write, which rolls it back.
        if !created { stack = try stackForInbound(db, named: m.agentStack, bound: boundStack, existing: conversationID) }

        // A customer message wakes a snoozed conversation and reopens a done one (which needs routing if nobody has it).
        if let previousStatus, previousStatus == .snoozed || previousStatus == .done {
            try db.run(
                """
                UPDATE conversations SET engagement = ?, last_message_at = ?, updated_at = ?,
                    status = CASE WHEN status IN ('snoozed', 'done') THEN 'active' ELSE status END,
                    snoozed_until = CASE WHEN status = 'snoozed' THEN NULL ELSE snoozed_until END,
                    agent_stack = COALESCE(agent_stack, ?),
                    routing_pending = CASE WHEN status = 'done' AND team_id IS NULL AND assignee IS NULL AND agent_stack IS NULL
                                           THEN 1 ELSE routing_pending END
                WHERE id = ?
                """, [.text(Engagement.after(.inbound)!.rawValue), .integer(now), .integer(now), .optional(stack), .text(conversationID)])
        } else {
            // The common case, an open conversation: SET only what changes, so SQLite leaves alone the
            // indexes on status, snoozed_until and routing_pending (it rewrites the index entries of
            // every column an UPDATE sets). The status read above is this transaction's.
            try db.run(
                "UPDATE conversations SET engagement = ?, last_message_at = ?, updated_at = ?, agent_stack = COALESCE(agent_stack, ?) WHERE id = ?",
                [.text(Engagement.after(.inbound)!.rawValue), .integer(now), .integer(now), .optional(stack), .text(conversationID)])
        }
        // People handle it (no stack): triage gives it a topic that routing and skills can use.
        // With an engine set, its second opinion is asked after the commit, by a job (never here).
        if existingStack ?? stack == nil, let triage {
            if let guess = triage.topic(for: m.text) {
                try triageMessage(db, conversationID: conversationID, messageID: messageID, guess: guess, now: now)
            }
            if triage.settings.engine != nil, !m.text.isEmpty { try queueTriageJob(db, conversationID: conversationID, messageID: messageID, now: now) }
        }
        if previousStatus == .snoozed { try resumeSLAClock(db, conversationID: conversationID, now: now) }
        let slaPolicies = try cache.slaPolicies(db)
        try startSLAClock(db, conversationID: conversationID, at: m.sentAt ?? now, channelHours: m.responseDueHours,
                          policies: slaPolicies, now: now)
        if slaPolicies.contains(where: \.timesResolution) {
            try keepResolutionClock(db, conversationID: conversationID, start: m.sentAt ?? now, now: now, policies: slaPolicies)
        }
        if let previousStatus, previousStatus == .snoozed || previousStatus == .done {
            try appendEvent(db, conversationID: conversationID, type: "conversation.reopened", actor: "customer",
                            data: ["from": .string(previousStatus.rawValue), "reason": "customer_message"], now: now)
        }
        // Every inbound message writes this event: its data is written out directly rather than
        // through a JSONObject (the same text: keys in this order).
        var data = "{\"message_id\":\(messageID),\"channel_instance_id\":"
        JSON.writeString(m.channelInstanceID, to: &data)
        data += "}"
        try appendEvent(db, conversationID: conversationID, type: "message.received", actor: "customer", dataJSON: data, now: now)
        // The conversation as it is now, the one this contact continues here next time: updated_at = now
        // made it their latest. (A requested conversation may belong to another instance: not kept.)
        if requested == nil {
            let status = previousStatus == .snoozed || previousStatus == .done ? .active : previousStatus ?? .active
            cache.remember(IngestCache.OpenConversation(id: conversationID, status: status, agentStack: existingStack ?? stack), for: key)
        }
        return IngestResult(conversationID: conversationID, messageID: messageID, createdConversation: created, duplicate: false,
                            agentStack: existingStack ?? stack, reopened: previousStatus == .snoozed || previousStatus == .done)
    }

    /// The message as stored already (channel instance, provider message id), as a duplicate's result.
    static func existingMessage(_ m: InboundMessage, db: StoreConnection) throws -> IngestResult? {
        try db.queryOne(
            "SELECT id, conversation_id FROM messages WHERE channel_instance_id = ? AND provider_message_id = ?",
            [.text(m.channelInstanceID), .text(m.providerMessageID)],
            { IngestResult(conversationID: $0.text(1), messageID: $0.int(0), createdConversation: false, duplicate: true) })
    }

    /// The contact's most recently updated conversation on this instance that is not archived.
    /// max() picks the row (SQLite returns the other bare columns from the row holding the maximum):
    /// unlike ORDER BY … LIMIT 1 it needs no sorter, which cost more than the lookup itself.
    /// (PostgreSQL has no bare columns beside an aggregate: there it is ORDER BY … LIMIT 1.)
    static func openConversation(contactID: String, instanceID: String, db: StoreConnection) throws -> IngestCache.OpenConversation? {
        try db.queryOne(
            db.dialect == .postgres ? """
            SELECT id, status, agent_stack FROM conversations
            WHERE contact_id = ? AND channel_instance_id = ? AND status != 'archived' ORDER BY updated_at DESC LIMIT 1
            """ : """
            SELECT id, status, agent_stack, max(updated_at) FROM conversations
            WHERE contact_id = ? AND channel_instance_id = ? AND status != 'archived'
            """, [.text(contactID), .text(instanceID)],
            { $0.isNull(0) ? nil : IngestCache.OpenConversation(id: $0.text(0), status: ConversationStatus(rawValue: $0.text(1)) ?? .active,
                                                  agentStack: $0.optionalText(2)) }) ?? nil
    }

    /// The contact that owns this identity, created on first sight. With a second identity the
    /// provider vouches for (`also`): a new identity joins the contact that already holds `also`
    /// (a WhatsApp customer whose phone texted before meets their SMS history), and `also` is
    /// linked to the contact when nobody holds it. Held by another contact, it stays there: two
    /// contacts are merged by people, never by a message.
    static func resolveContact(_ identity: Identity, also: Identity? = nil, displayName: String?, now: Int64, db: StoreConnection) throws -> String {
        func holder(_ identity: Identity) throws -> String? {
            try db.queryOne("SELECT contact_id FROM contact_identities WHERE kind = ? AND value = ?",
                            [.text(identity.kind), .text(identity.value)], { $0.text(0) })
        }
        func link(_ identity: Identity, to contactID: String) throws {
            try db.run("INSERT INTO contact_identities (kind, value, contact_id, created_at) VALUES (?, ?, ?, ?)",
                       [.text(identity.kind), .text(identity.value), .text(contactID), .integer(now)])
        }
        let second = also.flatMap { $0 == identity || $0.kind.isEmpty || $0.value.isEmpty ? nil : $0 }
        let secondHolder = try second.flatMap(holder)
        if let id = try holder(identity) {
            if let second, secondHolder == nil { try link(second, to: id) }
            return id
        }
        if let existing = secondHolder {
            try link(identity, to: existing)
            return existing
        }
        let id = Identifier.make("ct")
        try db.run("INSERT INTO contacts (id, display_name, created_at, updated_at) VALUES (?, ?, ?, ?)",
                   [.text(id), .optional(displayName), .integer(now), .integer(now)])
        try link(identity, to: id)
        if let second { try link(second, to: id) }
        return id
    }

    /// Record an event inside a write. `agentID` addresses it to one agent (a mention): only they and admins see it.
    @discardableResult
    static func appendEvent(_ db: StoreConnection, conversationID: String?, type: String, actor: String,
                            data: JSONObject, now: Int64, agentID: String? = nil) throws -> Int64 {
        try appendEvent(db, conversationID: conversationID, type: type, actor: actor, dataJSON: JSON.object(data).serialized,
                        now: now, agentID: agentID)
    }

    /// The same with the data already serialized (a JSON object). The one way events are written:
    /// on PostgreSQL the id returned is pending until the group commits (FeedHead numbers the ids
    /// recorded here; `Store.writeEvent` gives the final one).
    @discardableResult
    static func appendEvent(_ db: StoreConnection, conversationID: String?, type: String, actor: String,
                            dataJSON: String, now: Int64, agentID: String? = nil) throws -> Int64 {
        try db.run("INSERT INTO events (conversation_id, type, actor, data, created_at, agent_id) VALUES (?, ?, ?, ?, ?, ?)",
                   [.optional(conversationID), .text(type), .text(actor), .text(dataJSON), .integer(now), .optional(agentID)])
        let id = db.lastInsertRowID
        if db.dialect == .postgres { db.pendingEventIDs.append(id) }
        return id
    }
}
