/// Slack's message text ("mrkdwn"): &, < and > are control characters there (`<url|label>`,
/// `<@U123>`), so text from the team is escaped before it is posted, and the first message of a
/// side conversation carries its context: what it is about and a way back to the conversation.
enum SlackText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }

    /// The opening message: the subject in bold, the agent's text, then a context line with who
    /// started it and a link back to the customer conversation in the agents' app.
    /// `customer`: who the customer conversation is with (host 1.3), empty when unknown.
    static func opening(subject: String, text: String, author: String, customer: String, conversationURL: String) -> String {
        var lines = ["*\(escape(subject))*", escape(text), ""]
        let who = author.isEmpty ? "the support team" : escape(author)
        let about = customer.isEmpty ? "a customer conversation" : "the conversation with \(escape(customer))"
        lines.append("_Side conversation started by \(who) about <\(conversationURL)|\(about)>. "
                     + "Reply in this thread to answer; the customer does not see it._")
        return lines.joined(separator: "\n")
    }

    /// A later message from the team in the thread: who wrote it, then the text.
    static func followUp(text: String, author: String) -> String {
        author.isEmpty ? escape(text) : "*\(escape(author))*: \(escape(text))"
    }

    /// Slack's `ts` ("1733581234.000200") in Unix milliseconds.
    static func millis(ts: String) -> Int64? {
        let parts = ts.split(separator: ".", maxSplits: 1)
        guard let seconds = parts.first.flatMap({ Int64($0) }) else { return nil }
        // The fraction is microseconds (six digits); only its first three matter here.
        let fraction = parts.count > 1 ? String(parts[1].prefix(3)) : ""
        let millis = Int64(fraction + String(repeating: "0", count: 3 - fraction.count)) ?? 0
        return seconds * 1000 + millis
    }
}
