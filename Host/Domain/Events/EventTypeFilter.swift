import SwitchboardSupport

/// Which event types a feed, a stream or a webhook subscription wants: an exact name (`message.received`), every type
/// under a prefix (`conversation.*` matches `conversation.created` and `conversation.a.b`), or `*`.
///
/// Names are checked for form only, not against a list: new event types appear as features land,
/// and a subscription to one that does not exist yet simply receives nothing until it does.
public struct EventTypePattern: Sendable, Equatable, CustomStringConvertible {
    enum Kind: Sendable, Equatable {
        case all
        case prefix(String)   // with its trailing dot: "conversation."
        case exact(String)
    }

    let kind: Kind
    public let description: String

    /// The longest pattern accepted; event types are short dotted names.
    public static let maxLength = 100

    /// Parse one pattern; the error says what is wrong with it.
    public init(_ text: String) throws(EventTypeError) {
        guard !text.isEmpty, text.utf8.count <= Self.maxLength else {
            throw EventTypeError("\"\(text)\" must be 1-\(Self.maxLength) characters")
        }
        description = text
        if text == "*" {
            kind = .all
        } else if text.hasSuffix(".*") {
            let prefix = String(text.dropLast(2))
            guard Self.isName(prefix) else { throw Self.malformed(text) }
            kind = .prefix(prefix + ".")
        } else {
            guard Self.isName(text) else { throw Self.malformed(text) }
            kind = .exact(text)
        }
    }

    public func matches(_ type: String) -> Bool {
        switch kind {
        case .all: true
        case .prefix(let prefix): type.hasPrefix(prefix)
        case .exact(let name): type == name
        }
    }

    /// Dot-separated segments of a-z, 0-9 and '_': the form every event type has.
    static func isName(_ text: String) -> Bool {
        let segments = text.split(separator: ".", omittingEmptySubsequences: false)
        return !segments.isEmpty && segments.allSatisfy { segment in
            !segment.isEmpty && segment.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
        }
    }

    static func malformed(_ text: String) -> EventTypeError {
        EventTypeError("\"\(text)\" is not an event type (like message.received), a prefix wildcard (like conversation.*) or *")
    }
}

/// A list of patterns: an event is wanted when any of them matches. Empty means every type.
public struct EventTypeFilter: Sendable, Equatable {
    public let patterns: [EventTypePattern]

    /// At most this many patterns in one list.
    public static let maxPatterns = 50

    /// Every type.
    public static let all = EventTypeFilter(patterns: [])

    private init(patterns: [EventTypePattern]) { self.patterns = patterns }

    /// Parse a list; empty lists, too many entries or a malformed entry are refused. Duplicates are dropped.
    public init(_ texts: [String]) throws(EventTypeError) {
        guard !texts.isEmpty else { throw EventTypeError("name at least one event type (or \"*\" for all)") }
        guard texts.count <= Self.maxPatterns else { throw EventTypeError("at most \(Self.maxPatterns) entries") }
        var seen = Set<String>()
        var patterns: [EventTypePattern] = []
        for text in texts where seen.insert(text).inserted { patterns.append(try EventTypePattern(text)) }
        self.patterns = patterns
    }

    /// Parse a comma-separated list ("conversation.*, message.received"), as query strings carry it.
    public init(commaSeparated text: String) throws(EventTypeError) {
        try self.init(text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingASCIIWhitespace() })
    }

    /// True when every type passes (no patterns, or a `*` among them).
    public var isAll: Bool { patterns.isEmpty || patterns.contains { $0.kind == .all } }

    public func matches(_ type: String) -> Bool { isAll || patterns.contains { $0.matches(type) } }

    public var texts: [String] { patterns.map(\.description) }

    /// The same test as an SQL condition on an `events` row (under `alias`), with its bound values.
    /// Prefixes compare with substr, not LIKE, so `_` in a type name matches only itself.
    func condition(_ alias: String) -> (sql: String, values: [SQLValue]) {
        guard !isAll else { return ("TRUE", []) }
        var clauses: [String] = []
        var values: [SQLValue] = []
        for pattern in patterns {
            switch pattern.kind {
            case .all: break
            case .exact(let name):
                clauses.append("\(alias).type = ?")
                values.append(.text(name))
            case .prefix(let prefix):
                clauses.append("substr(\(alias).type, 1, ?) = ?")
                values += [.integer(Int64(prefix.utf8.count)), .text(prefix)]
            }
        }
        return ("(" + clauses.joined(separator: " OR ") + ")", values)
    }
}

/// Why a list of event types was refused, in words for an API error message.
public struct EventTypeError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
