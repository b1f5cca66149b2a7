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
        guard word.count > 3, word.unicodeScalars.allSatisfy({ $0.isASCII }) else { return word }
        var w = word
        func strip(_ n: Int, adding tail: String = "") { w = String(w.dropLast(n)) + tail }
        if w.hasSuffix("ies"), w.count > 4 {
            strip(3, adding: "y")                       // replies → reply
        } else if w.hasSuffix("sses") {
            strip(2)                                    // addresses → address
        } else if w.hasSuffix("ing"), w.count >= 6 {
            strip(3)                                    // shipping → shipp
        } else if w.hasSuffix("ed"), w.count >= 5 {
            strip(2)                                    // ordered → order
        } else if w.hasSuffix("es"), ["s", "x", "z", "ch", "sh"].contains(where: { w.dropLast(2).hasSuffix($0) }) {
            strip(2)                                    // boxes → box
        } else if w.hasSuffix("s"), !w.hasSuffix("ss"), !w.hasSuffix("us"), !w.hasSuffix("is") {
            strip(1)                                    // orders → order
        }
        // A doubled final consonant left by -ed/-ing: shipp → ship, cancell → cancel.
        if w.count >= 4, let last = w.last, w.dropLast().last == last, !"aeiousz".contains(last) { w.removeLast() }
        // A final e, so close / closed / closing meet at "clos".
        if w.count >= 5, w.hasSuffix("e") { w.removeLast() }
        return w
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
