import MailgunPlatform
import PluginKit

/// A buyer's message as Amazon's buyer–seller relay mails it (channels.md §7; wording varies, so
/// every part is found defensively): From `Name - Amazon Marketplace <alias@marketplace.amazon.<tld>>`,
/// Subject `<Topic> inquiry from Amazon customer <Name> (Order: 111-…)`, a body between
/// "Begin message" and "End message" rules, then Amazon's footer (retention notice, the "no
/// response needed" link) and `[commMgrTok:<id>]`.
struct RelayMail: Sendable, Equatable {
    /// The buyer's relay alias, lowercased: the identity (`amazon_buyer`).
    var alias: String
    /// "com", "co.uk", "de": the alias domain's marketplace part.
    var marketplaceTLD: String
    var buyerName: String?
    var orderID: String?
    var topic: String
    /// `[Important]` in the subject: Amazon marks order-critical mail so.
    var important: Bool
    var commMgrToken: String?
    /// The buyer's words, without Amazon's rules and footer.
    var text: String

    static let aliasDomainPrefix = "marketplace.amazon."

    /// nil when the mail does not come from a relay alias.
    init?(from mail: InboundEmail) {
        let candidates = [mail.author] + EmailAddress.parseList(mail.header("Reply-To") ?? "")
        guard let address = candidates.compactMap({ $0 }).first(where: { Self.isAlias($0) }) else { return nil }
        alias = address.key
        marketplaceTLD = String(address.domainPart.lowercased().dropFirst(Self.aliasDomainPrefix.count))
        let body = mail.form.first("body-plain") ?? mail.text
        let subject = mail.subject
        orderID = OrderID.find(in: subject) ?? OrderID.find(in: body)
        important = subject.lowercased().contains("[important]")
        topic = Self.topic(of: subject)
        buyerName = Self.buyerName(display: address.name, subject: subject)
        commMgrToken = Self.commMgrToken(in: body)
        text = Self.message(in: body)
        if text.isEmpty { text = mail.text.isEmpty ? subject : Self.message(in: mail.text) }
    }

    static func isAlias(_ address: EmailAddress) -> Bool {
        address.domainPart.lowercased().hasPrefix(aliasDomainPrefix) && address.domainPart.count > aliasDomainPrefix.count
    }

    /// "Shipping inquiry from Amazon customer Ann (Order: 111-…)" → "Shipping"; other subjects
    /// without "RE:", "[Important]" and the order part.
    static func topic(of subject: String) -> String {
        var text = subject
        for prefix in ["re:", "aw:", "fw:", "fwd:", "[important]"] {
            while text.lowercased().trimmingASCIIWhitespace().hasPrefix(prefix) {
                text = String(text.trimmingASCIIWhitespace().dropFirst(prefix.count))
            }
        }
        if let range = text.rangeIgnoringCase(" inquiry from Amazon customer") {
            text = String(text[..<range.lowerBound])
        } else if let open = text.rangeIgnoringCase("(Order:") {
            text = String(text[..<open.lowerBound])
        }
        let topic = text.trimmingASCIIWhitespace()
        return topic.isEmpty ? "Buyer message" : String(topic.prefix(200))
    }

    /// "Ann Lee - Amazon Marketplace" → "Ann Lee"; else the name in the subject.
    static func buyerName(display: String?, subject: String) -> String? {
        if let display, let range = display.rangeIgnoringCase(" - Amazon") {
            let name = display[..<range.lowerBound].trimmingASCIIWhitespace()
            if !name.isEmpty { return name }
        }
        if let range = subject.rangeIgnoringCase("from Amazon customer ") {
            let rest = subject[range.upperBound...]
            let name = rest[..<(rest.firstIndex(of: "(").map { $0..<$0 }?.lowerBound ?? rest.endIndex)].trimmingASCIIWhitespace()
            if !name.isEmpty { return name }
        }
        return display
    }

    /// The id in `[commMgrTok:<id>]`.
    static func commMgrToken(in body: String) -> String? {
        guard let start = body.firstRange(of: "[commMgrTok:") else { return nil }
        let rest = body[start.upperBound...]
        guard let end = rest.firstIndex(of: "]") else { return nil }
        let token = rest[..<end].trimmingASCIIWhitespace()
        return token.isEmpty ? nil : String(token.prefix(200))
    }

    /// The text between Amazon's "Begin message" and "End message" rules; without them, the body
    /// up to the first footer line.
    static func message(in body: String) -> String {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        var kept: [Substring] = []
        var inside = !lines.contains { $0.lowercased().contains("begin message") }
        for line in lines {
            let lower = line.lowercased()
            if lower.contains("begin message") { inside = true; kept.removeAll(); continue }
            if lower.contains("end message") || isFooter(lower) { break }
            if inside { kept.append(line) }
        }
        return kept.joined(separator: "\n").trimmingASCIIWhitespace()
    }

    /// The first line of Amazon's boilerplate when no "End message" rule marks it.
    private static func isFooter(_ lower: String) -> Bool {
        lower.hasPrefix("[commmgrtok:") || lower.contains("was this email helpful") || lower.contains("no response needed")
            || lower.contains("amazon.com/gp/help") || lower.contains("we want you to buy with confidence")
            || lower.contains("copyright") && lower.contains("amazon")
    }
}

/// Amazon order ids: 3-7-7 digits ("902-3159896-1390916"), not inside a longer run of digits.
enum OrderID {
    static func find(in text: String) -> String? {
        let bytes = Array(text.utf8)
        let pattern = [3, 7, 7]
        func isDigit(_ i: Int) -> Bool { i >= 0 && i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        var start = 0
        while start + 19 <= bytes.count {
            defer { start += 1 }
            if isDigit(start - 1) || (start > 0 && bytes[start - 1] == UInt8(ascii: "-") && isDigit(start - 2)) { continue }
            var i = start
            var ok = true
            for (index, count) in pattern.enumerated() {
                for _ in 0..<count where ok { ok = isDigit(i); i += 1 }
                if index < 2 { ok = ok && i < bytes.count && bytes[i] == UInt8(ascii: "-"); i += 1 }
            }
            if ok, !isDigit(i), !(i < bytes.count && bytes[i] == UInt8(ascii: "-") && isDigit(i + 1)) {
                return String(decoding: bytes[start..<start + 19], as: UTF8.self)
            }
        }
        return nil
    }

    static func isValid(_ text: String) -> Bool { text.utf8.count == 19 && find(in: text) == text }
}
