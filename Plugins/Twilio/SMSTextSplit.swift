/// Twilio takes at most 1,600 characters in one `Body` and concatenates them into one message on
/// the handset. A longer reply goes as several messages, cut at word boundaries so no word is
/// broken across two texts (only a "word" longer than a whole message is cut inside).
public enum SMSTextSplit {
    public static let maxBodyLength = 1_600

    /// The parts, each at most `limit` UTF-16 units (what Twilio counts), trimmed at the cut.
    public static func split(_ text: String, limit: Int = maxBodyLength) -> [String] {
        guard text.utf16.count > limit else { return [text] }
        var parts: [String] = []
        var rest = Substring(text)
        while rest.utf16.count > limit {
            var end = rest.startIndex
            var used = 0
            var lastSpace: String.Index?
            for index in rest.indices {
                let width = rest[index].utf16.count
                if used + width > limit { break }
                used += width
                if rest[index].isWhitespace { lastSpace = index }
                end = rest.index(after: index)
            }
            let cut = lastSpace ?? end
            let part = rest[..<cut].trimmingTrailingWhitespace()
            if !part.isEmpty { parts.append(String(part)) }
            rest = rest[cut...].drop { $0.isWhitespace }
        }
        if !rest.isEmpty { parts.append(String(rest)) }
        return parts
    }
}

extension Substring {
    func trimmingTrailingWhitespace() -> Substring {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[startIndex..<end]
    }
}
