import PluginKit

/// Mail the host itself sends through an instance's Mailgun domain: notification mail to agents,
/// the e-mail plugin's admin operation `notification.send`. Plain text from the instance's support
/// address, marked automatic, with one-click unsubscribe headers (RFC 8058) when the host gives a
/// link. The host composes the words; this checks every argument and speaks Mailgun.
public struct HostMail {
    public let client: MailgunClient
    /// The From header ("Acme Support" <support@example.com>).
    public let from: String

    public init(client: MailgunClient, from: String) {
        self.client = client
        self.from = from
    }

    /// Sends one mail; answers {"id": Mailgun's Message-Id}. A bad argument is a 400 naming it;
    /// Mailgun's refusal or outage is a 502 with Mailgun's status and message (the host retries).
    public func send(_ args: JSONObject, timeoutMs: UInt32) throws -> JSON {
        func text(_ field: String, max: Int, required: Bool = true, singleLine: Bool = true) throws -> String? {
            guard let value = args[field], !value.isNull else {
                if required { throw PluginError.invalid(field: field, message: "is required") }
                return nil
            }
            guard let string = value.stringValue, !string.isEmpty || !required, string.utf8.count <= max else {
                throw PluginError.invalid(field: field, message: "must be a string of \(required ? 1 : 0) to \(max) bytes")
            }
            if singleLine, string.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) {
                throw PluginError.invalid(field: field, message: "must be one line")
            }
            return string
        }
        guard let to = EmailAddress.parse(try text("to", max: 254) ?? ""), EmailAddress.isAddress(to.address) else {
            throw PluginError.invalid(field: "to", message: "must be one e-mail address")
        }
        let name = try text("to_name", max: 200, required: false)
        let subject = try text("subject", max: 998) ?? ""
        let body = try text("text", max: 1_000_000, singleLine: false) ?? ""
        var fields: [(name: String, value: String)] = [
            ("from", from), ("to", EmailAddress.header(name: name ?? "", address: to.address)),
            ("subject", subject), ("text", body), ("h:Auto-Submitted", "auto-generated"),
        ]
        if let link = try text("list_unsubscribe", max: 2048, required: false) {
            let lower = link.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), !link.contains(where: { $0 == ">" || $0 == " " }) else {
                throw PluginError.invalid(field: "list_unsubscribe", message: "must be an http(s) link")
            }
            fields += [("h:List-Unsubscribe", "<\(link)>"), ("h:List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]
        }
        let answer = try client.send(fields, files: [], timeoutMs: timeoutMs)
        switch MailgunClient.outcome(of: answer) {
        case .sent(let id, _, _):
            return ["id": .string(id)]
        default:
            throw AdminFailure(status: 502, message: "Mailgun answered \(answer.status): \(String(answer.bodyText.prefix(300)))")
        }
    }
}
