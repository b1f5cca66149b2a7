import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// A reply written for people to review (draft mode): by an Agent Stack whose channel binding says
/// `draft`, or by an integrator through REST. People approve it as is, edit then send it, or discard
/// it; a customer message newer than the draft makes it stale (approving then needs confirmation).
public struct StackDraft: Sendable, Equatable {
    public enum State: String, Sendable {
        case pending, approved, edited, discarded, superseded
    }

    public var id: Int64
    public var conversationID: String
    public var stackID: String?
    public var author: String
    public var text: String
    public var format: TextFormat
    public var confidence: Double?
    public var topic: String?
    public var passagesJSON: String
    public var toolsJSON: String
    /// The newest customer message when it was written.
    public var basedOn: Int64?
    public var state: State
    public var decidedBy: String?
    public var decidedAt: Int64?
    public var sentMessageID: Int64?
    public var createdAt: Int64

    public var json: JSON {
        ["id": .from(id), "conversation_id": .string(conversationID), "stack_id": .from(stackID), "author": .string(author),
         "text": .string(text), "format": .string(format.rawValue), "confidence": confidence.map { .number($0) } ?? .null, "topic": .from(topic),
         "passages": (try? JSON.parse(passagesJSON)) ?? [], "tools": (try? JSON.parse(toolsJSON)) ?? [], "based_on_message_id": .from(basedOn),
         "state": .string(state.rawValue), "decided_by": .from(decidedBy), "decided_at": decidedAt.map { .string(Clock.iso8601($0)) } ?? .null,
         "sent_message_id": .from(sentMessageID), "created_at": .string(Clock.iso8601(createdAt))]
    }
}

/// Why a draft could not be approved or discarded.
public enum DraftError: Error, Equatable, CustomStringConvertible, Sendable {
    case notFound(String)
    /// It was decided already (approved, edited, discarded or superseded).
    case decided(StackDraft.State)
    /// The customer wrote after it was drafted: approve again with confirmation.
    case stale(String)
    case invalid(field: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let what): what
        case .decided(let state): "the draft is \(state.rawValue) already"
        case .stale(let why): why
        case .invalid(let field, let reason): "\(field): \(reason)"
        }
    }
}

/// How people decided on a stack's drafts: the figure a team uses to let the stack answer alone.
public struct DraftCounts: Sendable, Equatable {
    public var written = 0
    public var approvedUnchanged = 0
    public var edited = 0
    public var discarded = 0
    public var pending = 0

    public var json: JSON {
        ["written": .from(written), "approved_unchanged": .from(approvedUnchanged), "edited": .from(edited), "discarded": .from(discarded),
         "pending": .from(pending)]
    }
}

extension Store {
    static let draftColumns = """
        id, conversation_id, stack_id, author, text, format, confidence, topic, passages, tools, based_on, state, decided_by, decided_at,
        sent_message_id, created_at
        """

    static func draft(_ r: Row) -> StackDraft {
        StackDraft(id: r.int(0), conversationID: r.text(1), stackID: r.optionalText(2), author: r.text(3), text: r.text(4),
                   format: TextFormat(rawValue: r.text(5)) ?? .plain, confidence: r.isNull(6) ? nil : r.double(6), topic: r.optionalText(7),
                   passagesJSON: r.text(8), toolsJSON: r.text(9), basedOn: r.optionalInt(10), state: StackDraft.State(rawValue: r.text(11)) ?? .pending,
                   decidedBy: r.optionalText(12), decidedAt: r.optionalInt(13), sentMessageID: r.optionalInt(14), createdAt: r.int(15))
    }

    /// Whether new conversations of a channel instance get drafts rather than answers.
    static func stackMode(_ db: StoreConnection, instanceID: String) throws -> StackMode {
        (try db.queryOne("SELECT stack_mode FROM channel_instances WHERE id = ?", [.text(instanceID)], { StackMode(rawValue: $0.text(0)) }) ?? nil) ?? .answer
    }

    public func stackMode(instanceID: String) throws -> StackMode {
        try read { db in try Self.stackMode(db, instanceID: instanceID) }
    }

    static func newestCustomerMessage(_ db: StoreConnection, conversationID: String) throws -> Int64? {
        try db.queryOne("SELECT MAX(id) FROM messages WHERE conversation_id = ? AND direction = 'inbound'", [.text(conversationID)], { $0.optionalInt(0) })
            ?? nil
    }

    /// Inside a write: store a pending draft (the conversation's earlier pending one is superseded)
    /// and record `draft.created`.
    static func insertDraft(_ db: StoreConnection, conversationID: String, stackID: String?, author: String, text: String, format: TextFormat,
                            confidence: Double?, topic: String?, passages: JSON, tools: JSON, now: Int64) throws -> StackDraft {
        try db.run("UPDATE stack_drafts SET state = 'superseded', decided_at = ? WHERE conversation_id = ? AND state = 'pending'",
                   [.integer(now), .text(conversationID)])
        let basedOn = try newestCustomerMessage(db, conversationID: conversationID)
        try db.run(
            """
            INSERT INTO stack_drafts (conversation_id, stack_id, author, text, format, confidence, topic, passages, tools, based_on, state, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)
            """, [.text(conversationID), .optional(stackID), .text(author), .text(text), .text(format.rawValue), confidence.map { .real($0) } ?? .null,
                  .optional(topic), .text(passages.serialized), .text(tools.serialized), .optional(basedOn), .integer(now)])
        let draft = try db.queryOne("SELECT \(draftColumns) FROM stack_drafts WHERE id = ?", [.integer(db.lastInsertRowID)], Self.draft)!
        try appendEvent(db, conversationID: conversationID, type: "draft.created", actor: author,
                        data: ["draft_id": .from(draft.id), "stack_id": .from(stackID), "confidence": confidence.map { .number($0) } ?? .null], now: now)
        try db.run("UPDATE conversations SET updated_at = ? WHERE id = ?", [.integer(now), .text(conversationID)])
        return draft
    }

    /// A draft written through REST (an integrator's own review flow).
    public func createDraft(conversationID: String, text: String, format: TextFormat, actor: String) throws -> StackDraft {
        guard !text.isEmpty else { throw DraftError.invalid(field: "text", reason: "is required") }
        return try write { db in
            guard let conversation = try db.queryOne("SELECT \(Self.conversationColumns) FROM conversations WHERE id = ?",
                                                     [.text(conversationID)], Self.conversation)
            else { throw DraftError.notFound("no conversation \(conversationID)") }
            guard conversation.status != .archived else { throw DraftError.invalid(field: "conversation", reason: "is archived") }
            return try Self.insertDraft(db, conversationID: conversationID, stackID: nil, author: actor, text: text, format: format,
                                        confidence: nil, topic: nil, passages: [], tools: [], now: Clock.nowMillis())
        }
    }

    public func drafts(conversationID: String) throws -> [StackDraft] {
        try read { db in
            try db.query("SELECT \(Self.draftColumns) FROM stack_drafts WHERE conversation_id = ? ORDER BY id", [.text(conversationID)], Self.draft)
        }
    }

    public func pendingDraft(conversationID: String) throws -> StackDraft? {
        try read { db in
            try db.queryOne("SELECT \(Self.draftColumns) FROM stack_drafts WHERE conversation_id = ? AND state = 'pending' ORDER BY id DESC LIMIT 1",
                            [.text(conversationID)], Self.draft)
        }
    }

    /// Send a pending draft to the customer as `approver`'s reply: as written (approved), or with
    /// their `text` (edited). A customer message newer than the draft refuses it as stale unless
    /// `confirm`. The message, the draft's decision and `draft.approved` commit together.
    public func approveDraft(conversationID: String, draftID: Int64, text: String?, format: TextFormat?, approver: String,
                             approverName: String?, confirm: Bool) throws -> (draft: StackDraft, message: Message) {
        try write { db in
            let now = Clock.nowMillis()
            let (draft, conversation) = try Self.pendingDraft(db, conversationID: conversationID, draftID: draftID)
            if !confirm, let newest = try Self.newestCustomerMessage(db, conversationID: conversationID), newest > (draft.basedOn ?? 0) {
                throw DraftError.stale("the customer wrote again (message \(newest)) after this draft was written: read it, then approve with "
                                       + "\"confirm\": true, edit the draft, or discard it")
            }
            let body = text ?? draft.text
            guard !body.isEmpty else { throw DraftError.invalid(field: "text", reason: "is empty") }
            let edited = text != nil && (text != draft.text || (format ?? draft.format) != draft.format)
            let messageID = try Self.appendReply(db, Reply(conversationID: conversationID, authorKind: .agent, authorID: approverName ?? approver,
                                                           text: body, format: format ?? draft.format), conversation: conversation, now: now)
            let state: StackDraft.State = edited ? .edited : .approved
            try db.run("UPDATE stack_drafts SET state = ?, decided_by = ?, decided_at = ?, sent_message_id = ? WHERE id = ?",
                       [.text(state.rawValue), .text(approver), .integer(now), .integer(messageID), .integer(draftID)])
            try Self.appendEvent(db, conversationID: conversationID, type: "draft.approved", actor: approver,
                            data: ["draft_id": .from(draftID), "stack_id": .from(draft.stackID), "edited": .bool(edited),
                                   "message_id": .from(messageID), "approved_by": .string(approver), "confirmed_stale": .bool(confirm)], now: now)
            let decided = try db.queryOne("SELECT \(Self.draftColumns) FROM stack_drafts WHERE id = ?", [.integer(draftID)], Self.draft)!
            let message = try db.queryOne("SELECT \(Self.messageColumns) FROM messages WHERE id = ?", [.integer(messageID)], Self.message)!
            return (decided, message)
        }
    }

    public func discardDraft(conversationID: String, draftID: Int64, actor: String) throws -> StackDraft {
        try write { db in
            let now = Clock.nowMillis()
            let (draft, _) = try Self.pendingDraft(db, conversationID: conversationID, draftID: draftID)
            try db.run("UPDATE stack_drafts SET state = 'discarded', decided_by = ?, decided_at = ? WHERE id = ?",
                       [.text(actor), .integer(now), .integer(draftID)])
            try Self.appendEvent(db, conversationID: conversationID, type: "draft.discarded", actor: actor,
                            data: ["draft_id": .from(draftID), "stack_id": .from(draft.stackID)], now: now)
            return try db.queryOne("SELECT \(Self.draftColumns) FROM stack_drafts WHERE id = ?", [.integer(draftID)], Self.draft)!
        }
    }

    private static func pendingDraft(_ db: StoreConnection, conversationID: String, draftID: Int64) throws -> (StackDraft, Conversation) {
        guard let draft = try db.queryOne("SELECT \(draftColumns) FROM stack_drafts WHERE id = ? AND conversation_id = ?",
                                          [.integer(draftID), .text(conversationID)], Self.draft)
        else { throw DraftError.notFound("no draft \(draftID) in conversation \(conversationID)") }
        guard draft.state == .pending else { throw DraftError.decided(draft.state) }
        guard let conversation = try db.queryOne("SELECT \(conversationColumns) FROM conversations WHERE id = ?", [.text(conversationID)],
                                                 Self.conversation), conversation.status != .archived
        else { throw DraftError.invalid(field: "conversation", reason: "is archived; reopen it first") }
        return (draft, conversation)
    }

    /// The first millisecond of UTC day "YYYY-MM-DD" (its shape checked by the caller). Out-of-range
    /// parts carry over as the calendar does (month 13 is January of the next year).
    static func utcDayStart(_ day: String) -> Int64 {
        let parts = day.split(separator: "-").map { Int32($0) ?? 0 }
        guard parts.count == 3 else { return 0 }
        var time = tm()
        time.tm_year = parts[0] - 1900
        time.tm_mon = parts[1] - 1
        time.tm_mday = parts[2]
        return Int64(timegm(&time)) * 1000
    }

    /// A stack's drafts written on UTC days `from`…`to` (inclusive, "YYYY-MM-DD"): how people decided on them.
    public func draftCounts(stackID: String, from: String?, to: String?) throws -> DraftCounts {
        try read { db in
            var counts = DraftCounts()
            // A range of created_at rather than each row's day: plain SQL on both stores.
            let start = from.map(Self.utcDayStart) ?? .min, end = to.map { Self.utcDayStart($0) + 86_400_000 } ?? .max
            let rows = try db.query(
                "SELECT state, COUNT(*) FROM stack_drafts WHERE stack_id = ? AND created_at >= ? AND created_at < ? GROUP BY state",
                [.text(stackID), .integer(start), .integer(end)], { ($0.text(0), Int($0.int(1))) })
            for (state, n) in rows {
                counts.written += n
                switch StackDraft.State(rawValue: state) {
                case .approved: counts.approvedUnchanged += n
                case .edited: counts.edited += n
                case .discarded: counts.discarded += n
                case .pending: counts.pending += n
                default: break
                }
            }
            return counts
        }
    }
}
