/// A canned response: a named text with placeholders (`SnippetTemplate`) an agent drops into a reply.
public struct Snippet: Sendable, Equatable {
    public var id: String
    /// Unique, ignoring ASCII case.
    public var name: String
    public var body: String
    public var createdAt: Int64
    public var updatedAt: Int64

    public static let maxNameLength = 100
    public static let maxBodyLength = 10_000

    /// Check a name and body before they are stored: the body must parse, with known placeholders only.
    public static func validate(name: String?, body: String?) throws(SnippetError) {
        if let name {
            guard !name.isEmpty, name.count <= maxNameLength, name.trimmingASCIIWhitespace() == name else {
                throw .invalidField("name", "must be 1 to \(maxNameLength) characters, without leading or trailing spaces")
            }
        }
        if let body {
            guard !body.isEmpty, body.count <= maxBodyLength else { throw .invalidField("body", "must be 1 to \(maxBodyLength) characters") }
            do { _ = try SnippetTemplate.parse(body) } catch { throw .invalidField("body", error.description) }
        }
    }
}

public enum SnippetError: Error, Equatable, CustomStringConvertible, Sendable {
    case notFound(String)
    case invalidField(String, String)
    case nameTaken(String)
    /// The conversation to render for is unknown or not visible.
    case conversationNotFound(String)

    public var description: String {
        switch self {
        case .notFound(let id): "no snippet \(id)"
        case .invalidField(let field, let why): "\(field): \(why)"
        case .nameTaken(let name): "a snippet named \"\(name)\" already exists"
        case .conversationNotFound(let id): "no conversation \(id)"
        }
    }
}


extension SnippetError: DomainRefusal {
    public var refusal: Refusal {
        switch self {
        case .notFound, .conversationNotFound: .notFound(description)
        case .invalidField(let field, let why): .invalid(field: field, reason: why)
        case .nameTaken: .conflict(field: "name", reason: description)
        }
    }
}
