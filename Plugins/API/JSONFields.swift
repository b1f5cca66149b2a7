import PluginKit

/// A field of a JSON document that is missing or malformed; `field` is its name as the client
/// spelled it ("attachments[2].url"), so the answer can point at it.
struct FieldError: Error {
    let field: String
    let message: String

    init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// Typed reads of request and configuration objects. A JSON null counts as absent.
extension JSONObject {
    /// A string of at most `maxLength` Unicode scalars; a required one must not be empty.
    func string(_ key: String, required: Bool = false, maxLength: Int = .max, path: String? = nil) throws(FieldError) -> String? {
        let name = path ?? key
        guard let value = self[key], !value.isNull else {
            if required { throw FieldError(name, "is required") }
            return nil
        }
        guard let text = value.stringValue else { throw FieldError(name, "must be a string") }
        if required && text.isEmpty { throw FieldError(name, "must not be empty") }
        // UTF-8 bytes bound the scalars from above: only a long string needs counting.
        if text.utf8.count > maxLength && text.unicodeScalars.count > maxLength {
            throw FieldError(name, "must be at most \(maxLength) characters")
        }
        return text
    }

    func integer(_ key: String, in range: ClosedRange<Int>, path: String? = nil) throws(FieldError) -> Int? {
        guard let value = self[key], !value.isNull else { return nil }
        guard let number = value.intValue, range.contains(number) else {
            throw FieldError(path ?? key, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func object(_ key: String) throws(FieldError) -> JSONObject? {
        guard let value = self[key], !value.isNull else { return nil }
        guard let object = value.objectValue else { throw FieldError(key, "must be an object") }
        return object
    }

    func array(_ key: String) throws(FieldError) -> [JSON]? {
        guard let value = self[key], !value.isNull else { return nil }
        guard let array = value.arrayValue else { throw FieldError(key, "must be an array") }
        return array
    }
}
