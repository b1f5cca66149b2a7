import SwitchboardSupport

/// A side conversation to start: its transport, subject, participants and first message.
public struct NewSideConversation: Sendable {
    public var conversationID: String
    /// The instance that carries it; the caller checked it can (a plugin with side conversations).
    public var channelInstanceID: String
    public var subject: String
    /// Who it is with (roles `to` and `cc`); the customer is added by `ccCustomer`, not here.
    public var participants: [SideParticipant]
    public var text: String
    public var format: TextFormat
    public var attachmentsJSON: String?
    public var authorName: String?
    /// Copy the customer (off by default): their address of the first of `customerIdentityKinds`
    /// they have becomes a `cc` participant marked as the customer.
    public var ccCustomer: Bool
    public var customerIdentityKinds: [String]

    public init(conversationID: String, channelInstanceID: String, subject: String, participants: [SideParticipant], text: String,
                format: TextFormat = .plain, attachmentsJSON: String? = nil, authorName: String? = nil, ccCustomer: Bool = false,
                customerIdentityKinds: [String] = []) {
        self.conversationID = conversationID
        self.channelInstanceID = channelInstanceID
        self.subject = subject
        self.participants = participants
        self.text = text
        self.format = format
        self.attachmentsJSON = attachmentsJSON
        self.authorName = authorName
        self.ccCustomer = ccCustomer
        self.customerIdentityKinds = customerIdentityKinds
    }
}

/// A message the team writes in a side conversation.
public struct SideReply: Sendable {
    public var text: String
    public var format: TextFormat
    public var attachmentsJSON: String?
    public var authorName: String?

    public init(text: String, format: TextFormat = .plain, attachmentsJSON: String? = nil, authorName: String? = nil) {
        self.text = text
        self.format = format
        self.attachmentsJSON = attachmentsJSON
        self.authorName = authorName
    }
}

extension Store {
    static let maxSideParticipants = 50

    /// Start a side conversation on a conversation the viewer may see, with its first message
    /// queued for the carrying channel. One transaction; the customer conversation itself is not
    /// touched (engagement, status, updated_at stay as they were).
    public func startSideConversation(_ new: NewSideConversation, viewer: Viewer, actor: String) throws -> (SideConversation, SideMessage) {
        let subject = new.subject.trimmingASCIIWhitespace()
        guard !subject.isEmpty, subject.unicodeScalars.count <= 500, !subject.contains(where: \.isNewline) else {
            throw SideConversationError.invalid(field: "subject", reason: "must be 1 to 500 characters on one line")
        }
        try Self.checkParticipants(new.participants)
        try Self.checkText(new.text, attachmentsJSON: new.attachmentsJSON)
        return try write { db in
            let parent = try Self.writableParent(db, id: new.conversationID, viewer: viewer)
            var participants = new.participants
            if new.ccCustomer {
                guard let address = try Self.customerAddress(db, contactID: parent.contactID, kinds: new.customerIdentityKinds) else {
                    throw SideConversationError.invalid(field: "cc_customer", reason:
                        "the customer has no \(new.customerIdentityKinds.joined(separator: "/")) address to copy")
                }
                if !participants.contains(where: { $0.address.lowercased() == address.lowercased() }) {
                    let name = try db.queryOne("SELECT display_name FROM contacts WHERE id = ?", [.text(parent.contactID)]) { $0.optionalText(0) } ?? nil
                    participants.append(SideParticipant(address: address, name: name, role: .cc, isCustomer: true))
                }
            }
            let now = Clock.nowMillis()
            let id = Identifier.make("sc")
            try db.run(
                """
                INSERT INTO side_conversations (id, conversation_id, channel_instance_id, subject, participants, created_by, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(id), .text(parent.id), .text(new.channelInstanceID), .text(subject),
                      .text(JSON.array(participants.map(\.json)).serialized), .text(actor), .integer(now), .integer(now)])
            try Self.appendEvent(db, conversationID: parent.id, type: SideConversationEvents.started, actor: actor,
                                 data: ["side_conversation_id": .string(id), "subject": .string(subject),
                                        "channel_instance_id": .string(new.channelInstanceID),
                                        "participants": .array(participants.map(\.json))], now: now)
            let message = try Self.queueSideMessage(db, sideConversationID: id, parentID: parent.id, instanceID: new.channelInstanceID,
                                                    reply: SideReply(text: new.text, format: new.format, attachmentsJSON: new.attachmentsJSON,
                                                                     authorName: new.authorName),
                                                    actor: actor, now: now)
            let side = try db.queryOne("SELECT \(Self.sideConversationColumns) FROM side_conversations WHERE id = ?", [.text(id)],
                                       Self.sideConversation)!
            return (side, message)
        }
    }

    /// The side conversations of a conversation the viewer may see, oldest first.
    public func sideConversations(conversationID: String, viewer: Viewer) throws -> [SideConversation] {
        try read { db in
            guard try Self.visibleParent(db, id: conversationID, viewer: viewer) != nil else {
                throw SideConversationError.notFound(what: "conversation", id: conversationID)
            }
            return try db.query("SELECT \(Self.sideConversationColumns) FROM side_conversations WHERE conversation_id = ? ORDER BY created_at, id",
                                [.text(conversationID)], Self.sideConversation)
        }
    }

    /// One side conversation with its messages, when the viewer may see its customer conversation.
    public func sideConversation(id: String, viewer: Viewer) throws -> (SideConversation, [SideMessage]) {
        try read { db in
            guard let side = try Self.visibleSideConversation(db, id: id, viewer: viewer) else {
                throw SideConversationError.notFound(what: "side conversation", id: id)
            }
            let messages = try db.query("SELECT \(Self.sideMessageColumns) FROM side_messages WHERE side_conversation_id = ? ORDER BY id",
                                        [.text(id)], Self.sideMessage)
            return (side, messages)
        }
    }

    /// The team writes in a side conversation: the message is queued for its channel.
    public func replyInSideConversation(id: String, _ reply: SideReply, viewer: Viewer, actor: String) throws -> SideMessage {
        try Self.checkText(reply.text, attachmentsJSON: reply.attachmentsJSON)
        return try write { db in
            guard let side = try Self.visibleSideConversation(db, id: id, viewer: viewer) else {
                throw SideConversationError.notFound(what: "side conversation", id: id)
            }
            _ = try Self.writableParent(db, id: side.conversationID, viewer: viewer)
            return try Self.queueSideMessage(db, sideConversationID: id, parentID: side.conversationID, instanceID: side.channelInstanceID,
                                             reply: reply, actor: actor, now: Clock.nowMillis())
        }
    }

    // MARK: - inside a write

    /// Append an outbound side message, queued for delivery now, and its event on the parent.
    static func queueSideMessage(_ db: StoreConnection, sideConversationID: String, parentID: String, instanceID: String,
                                 reply: SideReply, actor: String, now: Int64) throws -> SideMessage {
        try db.run(
            """
            INSERT INTO side_messages (side_conversation_id, direction, author_kind, author_id, author_name, channel_instance_id, text,
                                       format, attachments, delivery_status, attempts, next_attempt_at, idempotency_key, created_at)
            VALUES (?, 'outbound', 'agent', ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)
            """, [.text(sideConversationID), .text(actor), .optional(reply.authorName), .text(instanceID), .text(reply.text),
                  .text(reply.format.rawValue), .optional(reply.attachmentsJSON), .integer(now),
                  .text("sb-side-" + Crypto.randomHex(bytes: 8)), .integer(now)])
        let messageID = db.lastInsertRowID
        try db.run("UPDATE side_conversations SET updated_at = ?, last_message_at = ? WHERE id = ?",
                   [.integer(now), .integer(now), .text(sideConversationID)])
        try appendEvent(db, conversationID: parentID, type: SideConversationEvents.message, actor: actor,
                        data: ["side_conversation_id": .string(sideConversationID), "message_id": .from(messageID),
                               "direction": .string(SideMessageDirection.outbound.rawValue)], now: now)
        return try db.queryOne("SELECT \(sideMessageColumns) FROM side_messages WHERE id = ?", [.integer(messageID)], sideMessage)!
    }

    /// The parent conversation as the viewer may see it, refusing an archived (read-only) one.
    static func writableParent(_ db: StoreConnection, id: String, viewer: Viewer) throws -> Conversation {
        guard let parent = try visibleParent(db, id: id, viewer: viewer) else {
            throw SideConversationError.notFound(what: "conversation", id: id)
        }
        guard parent.status != .archived else { throw SideConversationError.conflict("the conversation is archived, so it is read-only") }
        return parent
    }

    static func visibleParent(_ db: StoreConnection, id: String, viewer: Viewer) throws -> Conversation? {
        let visible = viewer.conversationCondition()
        return try db.queryOne("SELECT \(conversationColumns) FROM conversations WHERE id = ? AND \(visible.sql)",
                               [.text(id)] + visible.values, conversation)
    }

    /// A side conversation is visible exactly when its customer conversation is.
    static func visibleSideConversation(_ db: StoreConnection, id: String, viewer: Viewer) throws -> SideConversation? {
        let visible = viewer.conversationCondition("c")
        return try db.queryOne(
            """
            SELECT \(sideConversationColumns("s")) FROM side_conversations s JOIN conversations c ON c.id = s.conversation_id
            WHERE s.id = ? AND \(visible.sql)
            """, [.text(id)] + visible.values, sideConversation)
    }

    static func customerAddress(_ db: StoreConnection, contactID: String, kinds: [String]) throws -> String? {
        for kind in kinds {
            if let value = try db.queryOne(
                "SELECT value FROM contact_identities WHERE contact_id = ? AND kind = ? ORDER BY created_at DESC LIMIT 1",
                [.text(contactID), .text(kind)], { $0.text(0) }) {
                return value
            }
        }
        return nil
    }

    // MARK: - checks

    static func checkParticipants(_ participants: [SideParticipant]) throws {
        guard participants.contains(where: { $0.role == .to }) else {
            throw SideConversationError.invalid(field: "to", reason: "name at least one recipient")
        }
        guard participants.count <= maxSideParticipants else {
            throw SideConversationError.invalid(field: "to", reason: "at most \(maxSideParticipants) participants")
        }
        var seen = Set<String>()
        for p in participants {
            let field = p.role == .to ? "to" : "cc"
            // The channel judges the address's shape (email, Slack id); the model only refuses what no channel takes.
            guard !p.address.isEmpty, p.address.utf8.count <= 320,
                  !p.address.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
                throw SideConversationError.invalid(field: field, reason: "\"\(p.address)\" is not an address (1 to 320 characters, no spaces)")
            }
            if let name = p.name, name.unicodeScalars.count > 200 || name.contains(where: \.isNewline) {
                throw SideConversationError.invalid(field: field, reason: "a name is at most 200 characters on one line")
            }
            guard seen.insert(p.address.lowercased()).inserted else {
                throw SideConversationError.invalid(field: field, reason: "\(p.address) is named twice")
            }
        }
    }

    static func checkText(_ text: String, attachmentsJSON: String?) throws {
        guard !text.isEmpty || !(attachmentsJSON ?? "").isEmpty else {
            throw SideConversationError.invalid(field: "text", reason: "is required (or attachments)")
        }
        guard text.utf8.count <= 100_000 else { throw SideConversationError.invalid(field: "text", reason: "is longer than 100000 bytes") }
    }

    // MARK: - rows

    static let sideConversationColumnNames = ["id", "conversation_id", "channel_instance_id", "subject", "participants", "created_by",
                                              "created_at", "updated_at", "last_message_at"]

    static func sideConversationColumns(_ alias: String) -> String {
        sideConversationColumnNames.map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    static let sideConversationColumns = sideConversationColumns("side_conversations")

    /// A side conversation from `sideConversationColumnNames`, starting at column `from`.
    static func sideConversation(_ r: Row, from c: Int32) -> SideConversation {
        let participants = (try? JSON.parse(r.text(c + 4)))?.arrayValue?.compactMap(SideParticipant.init(json:)) ?? []
        return SideConversation(id: r.text(c), conversationID: r.text(c + 1), channelInstanceID: r.text(c + 2), subject: r.text(c + 3),
                                participants: participants, createdBy: r.text(c + 5), createdAt: r.int(c + 6), updatedAt: r.int(c + 7),
                                lastMessageAt: r.optionalInt(c + 8))
    }

    static func sideConversation(_ r: Row) -> SideConversation { sideConversation(r, from: 0) }

    static let sideMessageColumnNames = ["id", "side_conversation_id", "direction", "author_kind", "author_id", "author_name",
                                         "channel_instance_id", "text", "format", "attachments", "provider_message_id", "delivery_status",
                                         "delivery_detail", "created_at", "edited_at", "deleted_at", "author_avatar_url", "provider_link"]

    static func sideMessageColumns(_ alias: String) -> String { sideMessageColumnNames.map { "\(alias).\($0)" }.joined(separator: ", ") }

    static let sideMessageColumns = sideMessageColumns("side_messages")

    static func sideMessage(_ r: Row) -> SideMessage {
        SideMessage(id: r.int(0), sideConversationID: r.text(1), direction: SideMessageDirection(rawValue: r.text(2)) ?? .outbound,
                    authorKind: r.text(3), authorID: r.optionalText(4), authorName: r.optionalText(5), channelInstanceID: r.text(6),
                    text: r.text(7), format: TextFormat(rawValue: r.text(8)) ?? .plain, attachmentsJSON: r.optionalText(9),
                    providerMessageID: r.optionalText(10), deliveryStatus: DeliveryStatus(rawValue: r.text(11)) ?? .queued,
                    deliveryDetail: r.optionalText(12), createdAt: r.int(13), editedAt: r.isNull(14) ? nil : r.int(14),
                    deletedAt: r.isNull(15) ? nil : r.int(15), authorAvatarURL: r.optionalText(16), providerLink: r.optionalText(17))
    }
}
