/// Amazon's rules for messages to buyers (Communication Guidelines; channels.md §7): no external
/// links, no e-mail addresses, no marketing or promotion, no asking for reviews in exchange. A pure
/// check of a reply's text: the channel refuses what violates them (in `deliver()`, failing the
/// message with the reason), and the host can run the same check before a reply is queued.
public enum ReplyLint {
    public struct Violation: Sendable, Equatable {
        /// "external_link", "email_address" or "marketing".
        public let rule: String
        /// The text that breaks it, as written.
        public let offending: String

        public var reason: String {
            switch rule {
            case "external_link": "Amazon forbids links in messages to buyers: \"\(offending)\""
            case "email_address": "Amazon forbids e-mail addresses in messages to buyers: \"\(offending)\""
            default: "Amazon forbids marketing and promotion in messages to buyers: \"\(offending)\""
            }
        }
    }

    /// Every violation in `text`, in order of appearance per rule; empty: the reply may go.
    public static func check(_ text: String) -> [Violation] {
        var found: [Violation] = []
        for word in words(text) {
            let trimmed = word.trimmingCharacters(in: "()[]<>\"'.,;:!?")
            guard !trimmed.isEmpty else { continue }
            if isEmailAddress(trimmed) {
                found.append(Violation(rule: "email_address", offending: trimmed))
            } else if isLink(trimmed) {
                found.append(Violation(rule: "external_link", offending: trimmed))
            }
        }
        let lower = text.lowercased()
        for phrase in marketingPhrases where lower.firstRange(of: phrase) != nil {
            found.append(Violation(rule: "marketing", offending: phrase))
        }
        return found
    }

    /// Phrases of promotion Amazon's guidelines name (discounts, coupons, other shops, reviews for
    /// something in return), lowercased.
    static let marketingPhrases = [
        "discount code", "coupon", "promo code", "promotion code", "% off", "percent off", "special offer",
        "newsletter", "subscribe", "follow us", "visit our store", "visit our website", "our other products",
        "check out our", "buy now", "limited time offer", "free gift", "positive review", "5-star review", "five-star review",
        "leave a review in exchange", "refund for a review",
    ]

    private static func words(_ text: String) -> [Substring] {
        text.split { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
    }

    private static func isEmailAddress(_ word: String) -> Bool {
        guard let at = word.firstIndex(of: "@"), at != word.startIndex else { return false }
        let domain = word[word.index(after: at)...]
        return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".")
    }

    /// A URL with a scheme, "www.", or a bare domain name ending in a common top-level domain.
    private static func isLink(_ word: String) -> Bool {
        let lower = word.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("www.") || lower.hasPrefix("ftp://") { return true }
        let host = lower.split(separator: "/", maxSplits: 1).first.map(String.init) ?? lower
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        // Amazon's own pages (the order, its help) are links Amazon allows.
        if labels.contains("amazon") { return false }
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }),
              let tld = labels.last, tld.allSatisfy(\.isLetter) else { return false }
        return commonTLDs.contains(String(tld))
    }

    static let commonTLDs: Set<String> = [
        "com", "net", "org", "io", "co", "shop", "store", "info", "biz", "app", "online", "site", "uk", "de", "fr", "it", "es", "nl",
        "ca", "au", "jp", "in", "us", "eu", "me", "ly", "gl", "link",
    ]
}

private extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var slice = self[...]
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
