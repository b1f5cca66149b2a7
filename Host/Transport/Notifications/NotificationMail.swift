import SwitchboardDomain
import SwitchboardSupport

/// The mail that carries a batch of notifications (RFC 5322, text/plain UTF-8): one line each with a link to
/// the conversation, and per event an unsubscribe link; the first event's link also as List-Unsubscribe with
/// List-Unsubscribe-Post (RFC 8058), so mail clients offer one-click unsubscribe.
enum NotificationMail {
    /// What a batch says, whichever way it is sent: the subject, the plain text (one line per
    /// notification with its link, then one unsubscribe link per event), and the first of those
    /// links for the List-Unsubscribe header.
    struct Content {
        var subject: String
        var text: String
        var unsubscribeLink: String?
    }

    static func content(_ batch: MailBatch, baseURL: String, unsubscribe: (NotificationKind) throws -> String) throws -> Content {
        let count = batch.notifications.count
        let subject = switch batch.kind {
        case "hourly": "Your hourly Switchboard digest: \(count) notification\(count == 1 ? "" : "s")"
        case "daily": "Your daily Switchboard digest: \(count) notification\(count == 1 ? "" : "s")"
        default: count == 1 ? batch.notifications[0].title : "\(count) new notifications in Switchboard"
        }
        var lines: [String] = ["Hello \(batch.name),", ""]
        for n in batch.notifications {
            lines.append("- \(n.title)")
            if !n.body.isEmpty { lines.append("  \(n.body.replacingNewlines())") }
            if let conversation = n.conversationID { lines.append("  \(baseURL)/app/c/\(conversation)") }
        }
        var kinds: [NotificationKind] = []
        for n in batch.notifications { if let kind = NotificationKind(rawValue: n.kind), !kinds.contains(kind) { kinds.append(kind) } }
        lines += ["", "Stop these e-mails:"]
        var firstLink: String?
        for kind in kinds {
            let link = "\(baseURL)/api/v1/notifications/unsubscribe?token=\(try unsubscribe(kind))"
            firstLink = firstLink ?? link
            lines.append("- \(kind.rawValue): \(link)")
        }
        return Content(subject: subject.replacingNewlines(), text: lines.joined(separator: "\r\n") + "\r\n", unsubscribeLink: firstLink)
    }

    /// The whole message for SMTP (RFC 5322, text/plain UTF-8).
    static func compose(_ batch: MailBatch, from: String, baseURL: String, nowMillis: Int64,
                        unsubscribe: (NotificationKind) throws -> String) throws -> String {
        let content = try content(batch, baseURL: baseURL, unsubscribe: unsubscribe)
        var headers = [
            "From: Switchboard <\(from)>",
            "To: \(batch.name.headerSafe()) <\(batch.address)>",
            "Subject: \(content.subject)",
            "Date: \(rfc5322Date(nowMillis))",
            "Message-ID: <\(Crypto.randomHex(bytes: 12))@switchboard.notifications>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "Auto-Submitted: auto-generated",
        ]
        if let link = content.unsubscribeLink { headers += ["List-Unsubscribe: <\(link)>", "List-Unsubscribe-Post: List-Unsubscribe=One-Click"] }
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + content.text
    }

    /// The arguments of the e-mail plugin's `notification.send`: the plugin sends the same content
    /// through its Mailgun domain, from its support address, with the same unsubscribe headers.
    static func channelArguments(_ batch: MailBatch, content: Content) -> JSONObject {
        var args = JSONObject([("to", .string(batch.address)), ("to_name", .string(batch.name.replacingNewlines())),
                               ("subject", .string(content.subject)), ("text", .string(content.text))])
        if let link = content.unsubscribeLink { args["list_unsubscribe"] = .string(link) }
        return args
    }

    /// "Mon, 07 Dec 2026 19:40:00 +0000"
    static func rfc5322Date(_ millis: Int64) -> String {
        let iso = Clock.iso8601(millis)   // 2026-12-07T19:40:00.000Z
        let days = millis / 86_400_000
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][Int(((days % 7) + 7) % 7)]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = Array(iso.utf8)
        func slice(_ a: Int, _ b: Int) -> String { String(decoding: parts[a..<b], as: UTF8.self) }
        let month = months[(Int(slice(5, 7)) ?? 1) - 1]
        return "\(weekday), \(slice(8, 10)) \(month) \(slice(0, 4)) \(slice(11, 19)) +0000"
    }
}

private extension String {
    /// No line breaks inside a header or a list line.
    func replacingNewlines() -> String { String(map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 }) }
    func headerSafe() -> String { replacingNewlines() }
}

/// Why a notification mail could not be sent (before libcurl was asked).
struct NotificationMailError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
