import SwitchboardSupport

/// Tags are short labels, compared case-insensitively: stored lowercased and trimmed.
public enum Tags {
    public static let maxLength = 64

    /// The normalized tag, or why it is not one.
    public static func normalize(_ raw: String) throws(WorkflowError) -> String {
        let tag = raw.trimmingASCIIWhitespace().lowercased()
        guard !tag.isEmpty, tag.unicodeScalars.count <= maxLength else {
            throw .invalid(field: "tags", reason: "a tag is 1-\(maxLength) characters")
        }
        guard !tag.unicodeScalars.contains(where: { $0 == "," || $0.properties.isWhitespace || $0.value < 0x20 }) else {
            throw .invalid(field: "tags", reason: "\"\(raw)\" contains a space, comma or control character")
        }
        return tag
    }
}
