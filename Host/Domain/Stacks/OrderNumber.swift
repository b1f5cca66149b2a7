/// Finds an order number in customer text: "A-1001", "#12345", "order 884213". A word right after
/// "order" (or "#") wins; otherwise the first word with at least four digits, so a year-like
/// "2024" is only taken when it is introduced as an order.
public enum OrderNumber {
    public static func find(in text: String) -> String? {
        let words = text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "#") })
            .map { $0.trimmingEdges("-") }
        var fallback: String?
        for (i, raw) in words.enumerated() {
            let hashed = raw.hasPrefix("#")
            let word = hashed ? String(raw.drop { $0 == "#" }) : raw
            guard isCandidate(word) else { continue }
            let introduced = hashed || (i > 0 && ["order", "orders", "number", "no", "nr", "id"].contains(words[i - 1].lowercased()))
            if introduced { return word }
            if fallback == nil, word.filter(\.isNumber).count >= 4 { fallback = word }
        }
        return fallback
    }

    static func isCandidate(_ word: String) -> Bool {
        let digits = word.filter(\.isNumber).count
        return (3...32).contains(word.count) && digits >= 3 && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}

private extension Substring {
    func trimmingEdges(_ c: Character) -> String {
        var s = self
        while s.last == c { s = s.dropLast() }
        while s.first == c { s = s.dropFirst() }
        return String(s)
    }
}
