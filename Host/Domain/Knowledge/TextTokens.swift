/// Words of customer text, the same way for the topic classifier, knowledge queries and the
/// person-request check: lowercase runs of letters and digits (apostrophes inside a word are
/// dropped, so "don't" is "dont"), without the filler words that say nothing about a topic.
public enum TextTokens {
    /// Every word, lowercased, in order.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { words.append(String(current)) }
            current = String.UnicodeScalarView()
        }
        var previousWasLetter = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                current.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                previousWasLetter = true
            } else if (scalar == "'" || scalar == "\u{2019}") && previousWasLetter {
                continue   // inside a word: "don't" → "dont"
            } else {
                flush()
                previousWasLetter = false
            }
        }
        flush()
        return words
    }

    /// The words that carry meaning: stopwords removed, unstemmed.
    public static func contentWords(_ text: String) -> [String] {
        words(text).filter { !stopwords.contains($0) && !$0.isEmpty }
    }

    /// Content words, stemmed: the classifier's features. Words with digits (order numbers, dates,
    /// amounts) say which order, not what about, so they are left out.
    public static func terms(_ text: String) -> [String] {
        contentWords(text).filter { !$0.unicodeScalars.contains { ("0"..."9").contains($0) } }.map(stem)
    }

    /// What the knowledge index stores and a search looks for: content words, stemmed, without
    /// numbers (an order number in a question must not match an article that happens to contain it;
    /// codes that mix letters and digits, like "E42", stay).
    public static func searchTerms(_ text: String) -> [String] {
        contentWords(text).filter { !$0.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }.map(stem)
    }

    /// A light suffix stemmer: enough that "orders", "ordered" and "ordering" meet, predictable enough
    /// to reason about in a test. The classifier and the knowledge index share it, so a customer's
    /// "shipped" finds an article's "shipping".
    public static func stem(_ word: String) -> String {
        guard word.utf8.count > 3, word.utf8.allSatisfy({ $0 < 0x80 }) else { return word }
        var bytes = Array(word.utf8)
        let count = bytes.withUnsafeMutableBufferPointer { stemASCII($0.baseAddress!, count: $0.count) }
        return String(decoding: bytes[..<count], as: UTF8.self)
    }

    /// `stem` in place on a lowercase ASCII word's bytes (the classifier's hot path stems without
    /// making a String); returns the stem's length, which is never longer than the word.
    static func stemASCII(_ w: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        var n = count
        guard n > 3 else { return n }
        func ends(_ suffix: StaticString, at end: Int? = nil) -> Bool {
            let end = end ?? n, length = suffix.utf8CodeUnitCount
            guard end >= length else { return false }
            for i in 0..<length where w[end - length + i] != suffix.utf8Start[i] { return false }
            return true
        }
        if ends("ies"), n > 4 {
            n -= 2; w[n - 1] = UInt8(ascii: "y")        // replies → reply
        } else if ends("sses") {
            n -= 2                                      // addresses → address
        } else if ends("ing"), n >= 6 {
            n -= 3                                      // shipping → shipp
        } else if ends("ed"), n >= 5 {
            n -= 2                                      // ordered → order
        } else if ends("es"), ends("s", at: n - 2) || ends("x", at: n - 2) || ends("z", at: n - 2) || ends("ch", at: n - 2) || ends("sh", at: n - 2) {
            n -= 2                                      // boxes → box
        } else if ends("s"), !ends("ss"), !ends("us"), !ends("is") {
            n -= 1                                      // orders → order
        }
        // A doubled final consonant left by -ed/-ing: shipp → ship, cancell → cancel.
        if n >= 4, w[n - 1] == w[n - 2], !"aeiousz".utf8.contains(w[n - 1]) { n -= 1 }
        // A final e, so close / closed / closing meet at "clos".
        if n >= 5, w[n - 1] == UInt8(ascii: "e") { n -= 1 }
        return n
    }

    /// Filler: function words, greetings and politeness, which appear in every topic alike.
    public static let stopwords: Set<String> = [
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
        "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "cannot", "could",
        "couldnt", "did", "didnt", "do", "does", "doesnt", "doing", "dont", "down", "during", "each", "few", "for",
        "from", "further", "had", "hadnt", "has", "hasnt", "have", "havent", "having", "he", "her", "here", "hers",
        "herself", "him", "himself", "his", "how", "i", "id", "if", "im", "in", "into", "is", "isnt", "it", "its",
        "itself", "ive", "just", "let", "lets", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of",
        "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she",
        "should", "so", "some", "such", "than", "that", "thats", "the", "their", "theirs", "them", "themselves",
        "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very",
        "was", "wasnt", "we", "were", "what", "whats", "when", "where", "wheres", "which", "while", "who", "whom",
        "why", "will", "with", "wont", "would", "you", "your", "yours", "yourself", "yourselves", "youre",
        "hi", "hello", "hey", "thanks", "thank", "please", "pls", "ok", "okay", "yes", "yeah", "sure", "dear",
        "regards", "cheers", "good", "morning", "afternoon", "evening", "still", "yet", "already", "really",
        "ill", "get", "got", "want", "wanted", "need", "know", "like", "tell", "help", "anyone", "one",
    ]
}
