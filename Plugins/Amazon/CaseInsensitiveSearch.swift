extension StringProtocol {
    /// The first range of `needle`, compared case-insensitively (for subjects and display names:
    /// short text, so the plain scan is enough).
    func rangeIgnoringCase(_ needle: String) -> Range<Index>? {
        let wanted = needle.map { $0.lowercased() }
        guard !wanted.isEmpty else { return nil }
        var start = startIndex
        while start < endIndex {
            var i = start
            var matched = 0
            while matched < wanted.count, i < endIndex, self[i].lowercased() == wanted[matched] {
                matched += 1
                i = index(after: i)
            }
            if matched == wanted.count { return start..<i }
            start = index(after: start)
        }
        return nil
    }
}
