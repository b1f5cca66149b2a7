import PluginKit

/// What a stored template needs from a send, read from its components: the body's placeholders
/// (`{{1}}`… or named `{{order_id}}`), a header (a text header with a placeholder, or media), and
/// the URL buttons whose link ends in a placeholder.
struct TemplateShape: Equatable {
    /// Placeholder names in order of first appearance ("1", "2" or "order_id").
    var bodyParameters: [String] = []
    /// "TEXT", "IMAGE", "VIDEO", "DOCUMENT" or "LOCATION"; nil without a header.
    var headerFormat: String?
    /// Whether a text header has a placeholder.
    var headerHasParameter = false
    /// The `index` of each URL button with a placeholder.
    var urlButtons: [Int] = []
    /// The body's and a text header's wording, placeholders included: the agents' preview.
    var bodyText: String?
    var headerText: String?

    var isNamed: Bool { bodyParameters.contains { !$0.allSatisfy(\.isNumber) } }
    var needsHeaderMedia: Bool { ["IMAGE", "VIDEO", "DOCUMENT"].contains(headerFormat ?? "") }

    init(_ template: JSON) {
        for component in template["components"]?.arrayValue ?? [] {
            switch component["type"]?.stringValue?.uppercased() ?? "" {
            case "HEADER":
                headerFormat = component["format"]?.stringValue?.uppercased() ?? "TEXT"
                headerHasParameter = headerFormat == "TEXT" && !Self.placeholders(component["text"]?.stringValue ?? "").isEmpty
                headerText = headerFormat == "TEXT" ? component["text"]?.stringValue : nil
            case "BODY":
                bodyParameters = Self.placeholders(component["text"]?.stringValue ?? "")
                bodyText = component["text"]?.stringValue
            case "BUTTONS":
                for (index, button) in (component["buttons"]?.arrayValue ?? []).enumerated()
                where button["type"]?.stringValue?.uppercased() == "URL" && !Self.placeholders(button["url"]?.stringValue ?? "").isEmpty {
                    urlButtons.append(index)
                }
            default:
                break
            }
        }
    }

    /// The distinct names between "{{" and "}}", in order.
    static func placeholders(_ text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{"), let close = rest[open.upperBound...].firstRange(of: "}}") {
            let name = String(rest[open.upperBound..<close.lowerBound]).trimmingASCIIWhitespace()
            if !name.isEmpty, !names.contains(name) { names.append(name) }
            rest = rest[close.upperBound...]
        }
        return names
    }
}
