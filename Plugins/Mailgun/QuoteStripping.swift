/// Cuts the quoted history off a plain-text mail body, for the rare forward without Mailgun's
/// `stripped-text` (which does this better and is used whenever present). Cuts at the first
/// attribution line ("On … wrote:"), Outlook's "-----Original Message-----" or its
/// "From: … / Sent: …" block, drops `>` lines and the signature after "-- ".
public enum QuoteStripping {
    public static func strip(_ body: String) -> String {
        var kept: [Substring] = []
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingASCIIWhitespace()
            if line == "-- " || trimmed == "-----Original Message-----" || trimmed.hasPrefix("________________________________") { break }
            if isAttribution(trimmed) { break }
            // A two-line attribution ("On Tue, 3 Mar 2026, Ann Lee <ann@example.com>" / "wrote:").
            if trimmed.hasPrefix("On "), index + 1 < lines.count, lines[index + 1].trimmingASCIIWhitespace().hasSuffix("wrote:") { break }
            if trimmed.hasPrefix("From:"), index + 1 < lines.count,
               ["Sent:", "Date:"].contains(where: lines[index + 1].trimmingASCIIWhitespace().hasPrefix) { break }
            if !trimmed.hasPrefix(">") { kept.append(line) }
            index += 1
        }
        return kept.joined(separator: "\n").trimmingASCIIWhitespace()
    }

    /// "On Tue, 3 Mar 2026 at 10:00, Ann <ann@example.com> wrote:" and the like.
    private static func isAttribution(_ line: String) -> Bool {
        (line.hasPrefix("On ") && line.hasSuffix("wrote:")) || (line.hasPrefix("Le ") && line.hasSuffix("a écrit :"))
            || (line.hasPrefix("Am ") && line.hasSuffix("schrieb:"))
    }
}
