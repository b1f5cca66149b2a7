/// What the classifier's vocabulary says about a lowercase ASCII word, looked up from the message's
/// bytes without making a String: the hot path of classification, built once per training.
///
/// Every word of the example phrases (before stemming) and every stopword is a key, so a message
/// written in the examples' words never stems or allocates; any other word is stemmed the slow way.
struct TermIndex: Sendable {
    /// What a surface word is to the classifier.
    enum Entry: Equatable {
        /// Not a term: a stopword or a word with digits (counts neither as known nor unknown).
        case ignored
        /// A term of the vocabulary: its row in the likelihood table.
        case known(Int)
        /// A term the examples never used (counts against the known share).
        case unknown
    }

    private var keys: [UInt8] = []                       // every key's bytes, one after another
    private var slots: [Int32]                           // open addressing: index into `entries`, -1 = empty
    private var entries: [(start: Int32, length: Int32, value: Int32)] = []
    private let mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    /// FNV-1a over the bytes.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// Value encoding: -2 ignored, -1 unknown, n ≥ 0 the row.
    private static func encode(_ entry: Entry) -> Int32 {
        switch entry {
        case .ignored: -2
        case .unknown: -1
        case .known(let row): Int32(row)
        }
    }

    /// Add an ASCII lowercase word (the first entry for a word wins).
    mutating func insert(_ word: String, _ entry: Entry) {
        var word = word
        word.withUTF8 { bytes in
            var slot = Self.hash(bytes) & mask
            while slots[slot] >= 0 {
                if matches(Int(slots[slot]), bytes) { return }
                slot = (slot + 1) & mask
            }
            slots[slot] = Int32(entries.count)
            entries.append((Int32(keys.count), Int32(bytes.count), Self.encode(entry)))
            keys.append(contentsOf: bytes)
        }
    }

    /// The entry of a lowercase ASCII word, or nil when it is not a key.
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Entry? {
        var slot = Self.hash(bytes) & mask
        while slots[slot] >= 0 {
            let index = Int(slots[slot])
            if matches(index, bytes) {
                let value = entries[index].value
                return value == -2 ? .ignored : value == -1 ? .unknown : .known(Int(value))
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private func matches(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let entry = entries[index]
        guard Int(entry.length) == bytes.count else { return false }
        return keys.withUnsafeBufferPointer { all in
            var i = Int(entry.start)
            for b in bytes {
                if all[i] != b { return false }
                i += 1
            }
            return true
        }
    }
}
