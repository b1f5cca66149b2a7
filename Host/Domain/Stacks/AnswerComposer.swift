import SwitchboardSupport

/// The built-in engine's reply, written from what it found: the best passage under its article's
/// title, and what a tool answered. Markdown; the outbox fits it to the channel (plain text for SMS).
public enum AnswerComposer {
    public static func compose(passage: PassageHit?, toolAnswers: [String]) -> String? {
        var parts: [String] = []
        if let passage {
            let title = passage.heading.isEmpty || passage.heading == passage.title ? passage.title : "\(passage.title): \(passage.heading)"
            parts.append("**\(title)**\n\n\(passage.text)")
        }
        parts += toolAnswers
        return parts.isEmpty ? nil : parts.joined(separator: "\n\n")
    }

    /// "Order A-1001: status shipped, carrier UPS, tracking 1Z999." from an order lookup's answer.
    public static func orderSummary(orderID: String?, result: JSON) -> String {
        if result["found"]?.boolValue == false {
            return "I could not find an order \(orderID ?? "with that number"). Could you check the number?"
        }
        var facts: [String] = []
        for (key, value) in result.objectValue ?? JSONObject() where !["id", "order_id", "type", "found"].contains(key) {
            switch value {
            case .string, .number, .bool: facts.append("\(key.split(separator: "_").joined(separator: " ")) \(StackNotes.scalar(value))")
            default: continue
            }
        }
        let id = orderID ?? result["order_id"]?.stringValue ?? result["id"]?.stringValue
        let head = id.map { "Order \($0)" } ?? "Your order"
        return facts.isEmpty ? "\(head): I found it, but it has no details I can share." : "\(head): " + facts.joined(separator: ", ") + "."
    }
}
