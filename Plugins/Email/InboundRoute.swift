import PluginKit
import MailgunPlatform

/// POST /inbound: a Mailgun route forwards a mail (`forward("https://<host>/hooks/<instance>/inbound")`).
///
/// Answers as Mailgun reads it: 200 only once the mail is committed (or was before: a retry);
/// 406 for a mail that will never be accepted (no usable sender, an auto-reply, a replay), so
/// Mailgun stops retrying; 401 for a bad signature and 503 for a failure on our side, both of
/// which Mailgun retries for hours — long enough to fix a wrong signing key.
struct InboundRoute {
    let host: PluginHost
    let config: EmailConfig
    let guardian: WebhookGuard
    let threads: ThreadIndex
    let attachments: AttachmentStore

    /// Files kept per mail; more are dropped with a note, like oversized ones.
    static let maxAttachments = 20

    func handle(_ request: PluginHTTPRequest) -> PluginHTTPResponse {
        let mail: InboundEmail, claim: WebhookGuard.Claim
        switch RouteForward.receive(request, account: config.mailgun, guardian: guardian, host: host) {
        case .success(let received): (mail, claim) = received
        case .failure(let refused): return refused.response
        }
        defer { guardian.release(claim) }

        guard let author = mail.author else {
            host.log(.warn, "inbound mail \(mail.providerMessageID) refused (406): no usable sender (\(mail.authorFields))")
            return .json(406, ["error": "no_sender", "message": "the mail has no usable From or sender address"])
        }
        if mail.isAutoSubmitted {
            host.log(.info, "inbound mail \(mail.providerMessageID) from \(author.key) refused (406): an automatic reply (Auto-Submitted)")
            return .json(406, ["error": "auto_submitted", "message": "automatic replies are not stored, so they cannot start a mail loop"])
        }
        do {
            let answer = try store(mail, author: author)
            try guardian.commit(claim)
            return answer
        } catch let failure as Refusal {
            host.log(.warn, "inbound mail \(mail.providerMessageID) from \(author.key) refused (406): \(failure.reason)")
            return .json(406, ["error": "refused", "message": .string(failure.reason)])
        } catch {
            host.log(.error, "inbound mail \(mail.providerMessageID) not stored, Mailgun will retry: \(error)")
            return .json(503, ["error": "unavailable"])
        }
    }

    /// A mail that will never be accepted as it is.
    struct Refusal: Error {
        let reason: String
    }

    /// Stores the mail in its thread; returns the answer for Mailgun. Throws `Refusal` for a mail
    /// the host refuses for good, anything else for a failure worth retrying.
    private func store(_ mail: InboundEmail, author: EmailAddress) throws -> PluginHTTPResponse {
        let mailID = mail.providerMessageID
        var text = mail.text
        if text.isEmpty { text = mail.subject }
        let (kept, notes) = try RouteForward.keepAttachments(mail, store: attachments, account: config.mailgun, maxCount: Self.maxAttachments, host: host)
        if !notes.isEmpty { text += (text.isEmpty ? "" : "\n\n") + notes.joined(separator: "\n") }
        let attachmentsJSON = kept.isEmpty ? nil : JSON.array(kept).serialized
        let target = try thread(of: mail)

        switch target {
        case .side(let sideID)?:
            let outcome: SideIngestOutcome
            do {
                outcome = try host.ingestSide(SideInboundMessage(sideConversationID: sideID, providerMessageID: mailID,
                                                                 senderAddress: author.key, senderName: author.name, text: text,
                                                                 attachmentsJSON: attachmentsJSON))
            } catch PluginError.notFound(let why) {
                throw Refusal(reason: "its side conversation is gone: \(why)")
            } catch PluginError.invalid(_, let why) {
                throw Refusal(reason: why)
            }
            try threads.record(messageID: mailID, in: .side(sideID), subject: mail.subject)
            switch outcome {
            case .stored(let id, let messageID):
                return .json(200, ["status": "stored", "side_conversation_id": .string(id), "message_id": .from(messageID)])
            case .duplicate(let id, let messageID):
                return .json(200, ["status": "duplicate", "side_conversation_id": .string(id), "message_id": .from(messageID)])
            }
        case .conversation(let id)?:
            return try ingest(mail, author: author, text: text, attachmentsJSON: attachmentsJSON, conversationID: id)
        case nil:
            return try ingest(mail, author: author, text: text, attachmentsJSON: attachmentsJSON, conversationID: nil)
        }
    }

    /// Into a customer conversation: the one the mail answers, else a new one.
    private func ingest(_ mail: InboundEmail, author: EmailAddress, text: String, attachmentsJSON: String?,
                        conversationID: String?) throws -> PluginHTTPResponse {
        let rich: JSON = ["type": "email", "subject": .string(mail.subject), "from": .string(author.address),
                          "to": .array(mail.to.map { .string($0.address) }), "cc": .array(mail.cc.map { .string($0.address) }),
                          "message_id": .from(mail.messageID)]
        var message = InboundMessage(identityKind: EmailChannelPlugin.identityKind, identityValue: author.key,
                                     providerMessageID: mail.providerMessageID, text: text, format: .plain, displayName: author.name,
                                     richJSON: rich.serialized, attachmentsJSON: attachmentsJSON, conversationID: conversationID,
                                     startNewConversation: conversationID == nil)
        let outcome: IngestOutcome = try threads.ingesting {
            var outcome: IngestOutcome
            do {
                outcome = try host.ingest(message)
            } catch PluginError.invalid(_, let why) where conversationID != nil && why.hasPrefix("conversation_id") {
                // Someone else answered in the thread (a colleague of the customer, a forward): the
                // conversation is another contact's, so this sender starts their own.
                host.log(.info, "mail \(mail.providerMessageID) from \(author.key) answers a conversation of another contact: new conversation")
                message.conversationID = nil
                message.startNewConversation = true
                outcome = try host.ingest(message)
            } catch PluginError.invalid(_, let why) {
                throw Refusal(reason: why)
            }
            try threads.record(messageID: mail.providerMessageID, in: .conversation(outcome.conversationID), subject: mail.subject)
            return outcome
        }
        switch outcome {
        case .stored(let id, let messageID, let created):
            return .json(200, ["status": "stored", "conversation_id": .string(id), "message_id": .from(messageID),
                               "created_conversation": .bool(created)])
        case .duplicate(let id, let messageID):
            return .json(200, ["status": "duplicate", "conversation_id": .string(id), "message_id": .from(messageID)])
        }
    }

    /// The thread a mail answers: a reply address (reply+<token>@domain) it was sent to, then
    /// In-Reply-To, then References (newest first); nil: it answers nothing we know.
    private func thread(of mail: InboundEmail) throws -> ThreadTarget? {
        for address in mail.recipients {
            if let token = ThreadIndex.token(in: address, domain: config.domain), let target = try threads.target(token: token) {
                return target
            }
        }
        for id in mail.inReplyTo + mail.references.reversed() {
            if let target = try threads.target(messageID: id) { return target }
        }
        return nil
    }
}
