import SwitchboardSupport

/// The notes a stack leaves for the people who read the conversation after it: why it handed over,
/// what it tried (knowledge it found, tools it called and what they answered). Plain text, so they
/// read the same in every inbox. Credentials never reach them: tools keep those in headers.
enum StackNotes {
    /// The note for a turn; nil for a plain reply without tool calls (the reply speaks for itself).
    static func compose(_ turn: TurnRecord) -> String? {
        var lines: [String] = []
        if case .handover(let reason, _) = turn.outcome {
            lines.append("Handed over to people: \(reason.explanation).")
        } else if turn.toolCalls.isEmpty {
            return nil
        }
        if let topic = turn.guess.topic {
            lines.append("Topic: \(topic) (confidence \(HandoverReason.format(turn.guess.confidence))).")
        }
        if case .handover = turn.outcome {
            if turn.passages.isEmpty {
                lines.append("Knowledge: nothing matched.")
            } else {
                let found = turn.passages.prefix(3).map { "\"\(label($0))\" (score \(HandoverReason.format($0.score)))" }
                lines.append("Knowledge found: " + found.joined(separator: "; ") + ".")
            }
        }
        for call in turn.toolCalls {
            lines.append("\(call.channelAction ? "Channel action" : "Tool") \(call.tool)(\(arguments(call.arguments))) → \(call.ok ? "" : "failed: ")\(summary(call.result)).")
        }
        return lines.joined(separator: "\n")
    }

    /// What the stack found in its last turn, for the `stack.handover` event (its tool calls are added from the record).
    static func tried(_ turn: TurnRecord) -> JSON {
        ["passages": .array(turn.passages.prefix(3).map {
            ["article_id": .string($0.articleID), "title": .string($0.title), "heading": .string($0.heading), "score": .number(rounded($0.score))]
         })]
    }

    static func label(_ hit: PassageHit) -> String {
        hit.heading.isEmpty || hit.heading == hit.title ? hit.title : "\(hit.title) › \(hit.heading)"
    }

    static func arguments(_ object: JSONObject) -> String {
        object.map { "\($0.key): \(scalar($0.value))" }.joined(separator: ", ")
    }

    /// "status: shipped; carrier: UPS" from an object's scalar fields; other JSON compactly; at most 300 characters.
    static func summary(_ json: JSON) -> String {
        var text: String
        if let object = json.objectValue {
            text = object.compactMap { pair -> String? in
                switch pair.value {
                case .object, .array, .null: nil
                default: "\(pair.key): \(scalar(pair.value))"
                }
            }.joined(separator: "; ")
            if text.isEmpty { text = json.serialized }
        } else {
            text = json.stringValue ?? json.serialized
        }
        return text.count > 300 ? String(text.prefix(299)) + "…" : text
    }

    static func scalar(_ json: JSON) -> String {
        switch json {
        case .string(let s): s
        case .number(let n): n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        default: json.serialized
        }
    }

    /// A tool result kept on an event: as is, unless it is large.
    static func bounded(_ json: JSON, limit: Int = 4000) -> JSON {
        let text = json.serialized
        return text.utf8.count <= limit ? json : .string(String(text.prefix(limit)) + "…")
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
