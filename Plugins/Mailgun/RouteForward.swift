import PluginKit

/// The start of every route forward (`POST …/inbound`): the form decoded, the signature and the
/// replay guard checked. Either a mail to store — `commit` its claim once stored, `release` it
/// either way — or the answer Mailgun gets at once (415/400 a body it cannot be, 401 a bad
/// signature, Mailgun retries; 406 a replay, it stops).
public enum RouteForward {
    public static func receive(_ request: PluginHTTPRequest, account: MailgunAccount, guardian: WebhookGuard,
                               host: PluginHost) -> Result<(mail: InboundEmail, claim: WebhookGuard.Claim), Refused> {
        let form: MailgunForm
        do {
            form = try MailgunForm(request)
        } catch {
            switch error {
            case .unsupportedMediaType(let why):
                return .failure(Refused(.json(415, ["error": "unsupported_media_type", "message": .string(why)])))
            case .malformed(let why):
                host.log(.warn, "inbound mail refused: \(why)")
                return .failure(Refused(.json(400, ["error": "invalid_body", "message": .string(why)])))
            }
        }
        do {
            let claim = try guardian.check(timestamp: form["timestamp"] ?? "", token: form["token"] ?? "", signature: form["signature"] ?? "",
                                           bodyDigest: form.digest, signingKey: account.signingKey, windowMs: account.replayWindowMs)
            return .success((InboundEmail(form: form), claim))
        } catch let rejection as WebhookGuard.Rejection {
            host.log(.warn, "inbound mail refused (\(rejection.status)): \(rejection.reason)")
            return .failure(Refused(.json(rejection.status, ["error": "rejected", "message": .string(rejection.reason)])))
        } catch {
            host.log(.error, "inbound mail: could not check its token: \(error)")
            return .failure(Refused(.json(503, ["error": "unavailable"])))
        }
    }

    /// The answer for a forward that goes no further.
    public struct Refused: Error {
        public let response: PluginHTTPResponse
        init(_ response: PluginHTTPResponse) { self.response = response }
    }

    /// Keeps a mail's files that fit in `store`; a note for each one left out (over
    /// `account.maxAttachmentBytes`, or past `maxCount`), so the team knows it existed.
    public static func keepAttachments(_ mail: InboundEmail, store: AttachmentStore, account: MailgunAccount, maxCount: Int,
                                       host: PluginHost) throws -> (kept: [JSON], notes: [String]) {
        let mailID = mail.providerMessageID
        var kept: [JSON] = []
        var notes: [String] = []
        for (index, part) in mail.attachments.enumerated() {
            let name = AttachmentStore.safeName(part.filename ?? "", fallback: "attachment-\(index + 1)")
            if part.body.count > account.maxAttachmentBytes {
                notes.append("[Attachment not kept: \(name) (\(part.body.count) bytes) is over the \(account.maxAttachmentBytes)-byte limit]")
                host.log(.info, "mail \(mailID): dropped attachment \(name) of \(part.body.count) bytes (limit \(account.maxAttachmentBytes))")
            } else if kept.count >= maxCount {
                notes.append("[Attachment not kept: \(name): a mail keeps at most \(maxCount) files]")
            } else {
                kept.append(try store.keep(part, mailID: mailID, index: index + 1, secret: account.signingKey))
            }
        }
        return (kept, notes)
    }
}
