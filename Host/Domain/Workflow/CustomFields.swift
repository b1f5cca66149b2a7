import SwitchboardSupport

/// Custom fields on a conversation: a flat JSON object of strings, numbers and booleans.
public enum CustomFields {
    public static let maxFields = 100
    public static let maxValueLength = 2000

    /// Apply a patch (null removes a key) to the current fields, validating every key and value.
    /// Returns the new object, and what was set and removed.
    public static func apply(_ patch: JSONObject, to current: JSONObject) throws(WorkflowError) -> (fields: JSONObject, set: JSONObject, removed: [String]) {
        var fields = current
        var set = JSONObject()
        var removed: [String] = []
        guard patch.count > 0 else { throw .invalid(field: "fields", reason: "give at least one field") }
        for (key, value) in patch {
            guard isValidKey(key) else {
                throw .invalid(field: "fields.\(key)", reason: "names are 1-64 letters, digits, '_', '-' or '.'")
            }
            switch value {
            case .null:
                if fields[key] != nil { fields[key] = nil; removed.append(key) }
            case .string(let text) where text.utf8.count > maxValueLength:
                throw .invalid(field: "fields.\(key)", reason: "is longer than \(maxValueLength) bytes")
            case .string, .number, .bool:
                fields[key] = value
                set[key] = value
            default:
                throw .invalid(field: "fields.\(key)", reason: "must be a string, number, boolean or null")
            }
        }
        guard fields.count <= maxFields else { throw .invalid(field: "fields", reason: "a conversation has at most \(maxFields) fields") }
        return (fields, set, removed)
    }

    static func isValidKey(_ key: String) -> Bool {
        let bytes = key.utf8
        return (1...64).contains(bytes.count) && bytes.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x5F || b == 0x2D || b == 0x2E
        }
    }
}
