/// The format of a message's text (mirrors `SB_FORMAT_*`).
public enum TextFormat: Int32, Sendable, CaseIterable {
    case plain = 0
    case html = 1
    /// CommonMark.
    case markdown = 2

    /// "plain", "html" or "markdown": the spelling used in JSON payloads and manifests.
    public var name: String {
        switch self {
        case .plain: "plain"
        case .html: "html"
        case .markdown: "markdown"
        }
    }

    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }
}
