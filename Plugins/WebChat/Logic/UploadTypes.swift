import SwitchboardCommon

/// The media types a widget accepts for uploads: exact ("image/png") or a whole family ("image/*").
public enum UploadTypes {
    public static func isPattern(_ text: String) -> Bool {
        let parts = text.lowercased().split(separator: "/", omittingEmptySubsequences: false)
        let token: (Substring) -> Bool = { part in
            !part.isEmpty && part.count <= 100 && part.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || "!#$&^_.+-".unicodeScalars.contains($0) }
        }
        return parts.count == 2 && token(parts[0]) && (parts[1] == "*" || token(parts[1]))
    }

    /// The media type of a Content-Type value, lowercased, without parameters.
    public static func mediaType(_ contentType: String) -> String {
        String(contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            .trimmingASCIIWhitespace().lowercased()
    }

    public static func allows(_ contentType: String, patterns: [String]) -> Bool {
        let type = mediaType(contentType)
        guard isPattern(type), !type.hasSuffix("/*") else { return false }
        let family = type.prefix { $0 != "/" } + "/*"
        return patterns.contains { $0 == type || $0 == family }
    }
}
