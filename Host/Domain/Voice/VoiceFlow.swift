import SwitchboardSupport

/// An IVR flow as stored: one draft being edited (JSON, possibly invalid) and a pointer to the
/// revision new calls start on.
public struct VoiceFlow: Sendable, Equatable {
    public var id: String
    public var name: String
    /// The draft definition as JSON text.
    public var draft: String
    public var publishedRevision: Int?
    public var createdAt: Int64
    public var updatedAt: Int64

    public static let maxNameLength = 120
    /// A definition's serialized size limit (Amazon Connect allows 256,000 characters).
    public static let maxDefinitionBytes = 256_000

    /// The draft of a flow created without one: a valid flow that says goodbye.
    public static let initialDefinition: JSON = [
        "schema": "switchboard.ivr/1", "entry": "goodbye", "settings": ["guardExit": "goodbye"],
        "nodes": ["goodbye": ["type": "hangup", "params": ["goodbye": "Thank you for calling. Goodbye."]]],
    ]

    public static func checkName(_ name: String) throws(VoiceError) {
        try VoiceText.check(name, field: "name", max: maxNameLength)
    }

    /// A definition must be a JSON object within the size limit; its content is validation's.
    public static func checkDefinition(_ definition: JSON, field: String = "definition") throws(VoiceError) -> String {
        guard definition.objectValue != nil else { throw .invalidField(field, "must be a JSON object (a flow definition)") }
        let text = definition.serialized
        guard text.utf8.count <= maxDefinitionBytes else { throw .invalidField(field, "must be at most \(maxDefinitionBytes) bytes of JSON") }
        return text
    }
}

/// A published flow: immutable; a call is pinned to the revision it started on.
public struct VoiceRevision: Sendable, Equatable {
    public var flowID: String
    public var number: Int
    public var definition: String
    public var sha256: String
    /// Who published it ("agent:<id>", "key:<id>").
    public var author: String
    public var message: String?
    public var createdAt: Int64

    public static let maxMessageLength = 500
}
