import SwitchboardSupport

/// A snippet body, parsed: text and `{{placeholder}}`s, each with an optional fallback
/// (`{{contact.name | there}}`). Pure: parsing and rendering touch no store.
///
/// Placeholders: `contact.name`, `contact.attributes.<key>`, `agent.name`, `conversation.id`,
/// `conversation.fields.<key>`, `conversation.priority`. Anything else is refused when a
/// snippet is saved, so a typo never reaches a customer. A known placeholder without a value
/// renders its fallback, or nothing.
public struct SnippetTemplate: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case text(String)
        case placeholder(Placeholder)
    }

    public enum Value: Sendable, Equatable, Hashable {
        case contactName
        case contactAttribute(String)
        case agentName
        case conversationID
        case conversationField(String)
        case conversationPriority
    }

    public struct Placeholder: Sendable, Equatable {
        public var value: Value
        /// As written, without spaces: "contact.attributes.tier".
        public var path: String
        public var fallback: String?
    }

    public let parts: [Part]

    public static func parse(_ body: String) throws(SnippetTemplateError) -> SnippetTemplate {
        var parts: [Part] = []
        var rest = body[...]
        while let open = find("{", in: rest) {
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            let inside = rest[open.upperBound...]
            guard let close = find("}", in: inside) else { throw .unclosed(String(rest[open.lowerBound...].prefix(40))) }
            parts.append(.placeholder(try placeholder(String(inside[..<close.lowerBound]))))
            rest = inside[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        return SnippetTemplate(parts: parts)
    }

    /// Where `cc` (the character twice: "{{" or "}}") first occurs. (The domain does without Foundation's range(of:).)
    static func find(_ c: Character, in s: Substring) -> Range<Substring.Index>? {
        var i = s.startIndex
        while i < s.endIndex {
            let next = s.index(after: i)
            if s[i] == c, next < s.endIndex, s[next] == c { return i..<s.index(after: next) }
            i = next
        }
        return nil
    }

    static func placeholder(_ inner: String) throws(SnippetTemplateError) -> Placeholder {
        let pipe = inner.firstIndex(of: "|")
        let path = String(inner[..<(pipe ?? inner.endIndex)]).trimmingASCIIWhitespace()
        let fallback = pipe.map { String(inner[inner.index(after: $0)...]).trimmingASCIIWhitespace() }
        let value: Value
        switch path {
        case "contact.name": value = .contactName
        case "agent.name": value = .agentName
        case "conversation.id": value = .conversationID
        case "conversation.priority": value = .conversationPriority
        case _ where path.hasPrefix("contact.attributes."):
            let key = String(path.dropFirst("contact.attributes.".count))
            guard ContactAttributes.isValidKey(key) else { throw .unknownPlaceholder(path) }
            value = .contactAttribute(key)
        case _ where path.hasPrefix("conversation.fields."):
            let key = String(path.dropFirst("conversation.fields.".count))
            guard ContactAttributes.isValidKey(key) else { throw .unknownPlaceholder(path) }
            value = .conversationField(key)
        default: throw .unknownPlaceholder(path)
        }
        return Placeholder(value: value, path: path, fallback: fallback.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The text for these values, and the paths of placeholders that had no value (for previews).
    public func render(_ values: SnippetValues) -> (text: String, missing: [String]) {
        var text = ""
        var missing: [String] = []
        for part in parts {
            switch part {
            case .text(let s): text += s
            case .placeholder(let p):
                if let value = values.text(for: p.value), !value.isEmpty {
                    text += value
                } else {
                    missing.append(p.path)
                    text += p.fallback ?? ""
                }
            }
        }
        return (text, missing)
    }
}

public enum SnippetTemplateError: Error, Equatable, CustomStringConvertible, Sendable {
    case unknownPlaceholder(String)
    case unclosed(String)

    public var description: String {
        switch self {
        case .unknownPlaceholder(let path):
            "unknown placeholder {{\(path)}}; use contact.name, contact.attributes.<key>, agent.name, conversation.id, conversation.fields.<key> or conversation.priority"
        case .unclosed(let excerpt): "\"\(excerpt)\" opens a placeholder with {{ but never closes it with }}"
        }
    }
}

/// What placeholders stand for, for one conversation and one replying agent.
public struct SnippetValues: Sendable, Equatable {
    public var contactName: String?
    public var contactAttributes: JSONObject
    public var agentName: String?
    public var conversationID: String
    public var conversationFields: JSONObject
    public var conversationPriority: String

    public init(contactName: String?, contactAttributes: JSONObject, agentName: String?, conversationID: String,
                conversationFields: JSONObject, conversationPriority: String) {
        self.contactName = contactName
        self.contactAttributes = contactAttributes
        self.agentName = agentName
        self.conversationID = conversationID
        self.conversationFields = conversationFields
        self.conversationPriority = conversationPriority
    }

    func text(for value: SnippetTemplate.Value) -> String? {
        switch value {
        case .contactName: contactName
        case .contactAttribute(let key): contactAttributes[key].flatMap(Self.text)
        case .agentName: agentName
        case .conversationID: conversationID
        case .conversationField(let key): conversationFields[key].flatMap(Self.text)
        case .conversationPriority: conversationPriority
        }
    }

    /// Strings as they are, numbers without a needless ".0", null as nothing, the rest as JSON.
    static func text(_ json: JSON) -> String? {
        switch json {
        case .null: nil
        case .string(let s): s
        default: json.serialized
        }
    }
}
