import SwitchboardSupport

/// Reading request fields for voice resources: every refusal names the field by its dotted path.
enum VoiceJSON {
    static func field(_ key: String, _ path: String?) -> String { path.map { "\($0).\(key)" } ?? key }

    static func optionalString(_ object: JSONObject, _ key: String, path: String? = nil) throws(VoiceError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw .invalidField(field(key, path), "must be a string") }
        return text
    }

    static func string(_ object: JSONObject, _ key: String, path: String? = nil) throws(VoiceError) -> String {
        guard let text = try optionalString(object, key, path: path) else { throw .invalidField(field(key, path), "is required") }
        return text
    }

    /// A list of objects, at most `max`; absent reads as empty.
    static func objects(_ object: JSONObject, _ key: String, max: Int) throws(VoiceError) -> [JSONObject] {
        guard let value = object[key], !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw .invalidField(key, "must be a list of objects") }
        guard items.count <= max else { throw .invalidField(key, "must hold at most \(max) entries") }
        var list: [JSONObject] = []
        for (index, item) in items.enumerated() {
            guard let inner = item.objectValue else { throw .invalidField("\(key).\(index)", "must be an object") }
            list.append(inner)
        }
        return list
    }
}
