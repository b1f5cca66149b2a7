import SwitchboardSupport

/// A contact's CRM attributes: one flat JSON object of strings, numbers and booleans.
///
/// Flat and scalar on purpose: snippets address them as `{{contact.attributes.<key>}}`, routing
/// rules compare them, and a merge can keep both sides of a conflict key by key.
public enum ContactAttributes {
    public static let maxKeys = 100
    public static let maxValueBytes = 1024
    /// Well-known key: the customer's account tier ("free", "pro", "enterprise"…), a string of
    /// 1 to 64 characters. Reserved: it is never a number or a boolean, so routing can rely on it.
    public static let tier = "tier"
    public static let maxTierLength = 64

    /// Keys are `[A-Za-z0-9_-]{1,64}`: no dots, because placeholders use dots as separators.
    public static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.count <= 64 && key.utf8.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2D
        }
    }

    /// The stored object (an empty one when the column holds anything else).
    public static func parse(_ json: String) -> JSONObject {
        (try? JSON.parse(json))?.objectValue ?? JSONObject()
    }

    /// Check a patch before anything is written: each key valid, each value a string, number,
    /// boolean or null (null deletes the key).
    public static func validate(patch: JSONObject) throws(ContactError) {
        for (key, value) in patch {
            guard isValidKey(key) else {
                throw .invalidField("attributes", "key \"\(key.prefix(80))\" must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'")
            }
            let field = "attributes.\(key)"
            switch value {
            case .null: continue
            case .string(let s):
                if key == tier {
                    guard !s.isEmpty, s.count <= maxTierLength else { throw .invalidField(field, "must be a string of 1 to \(maxTierLength) characters") }
                }
                guard s.utf8.count <= maxValueBytes else { throw .invalidField(field, "must be at most \(maxValueBytes) bytes") }
            case .number, .bool:
                if key == tier { throw .invalidField(field, "must be a string of 1 to \(maxTierLength) characters (the account tier)") }
            case .array, .object:
                throw .invalidField(field, "must be a string, a number, a boolean, or null to delete it")
            }
        }
    }

    /// Apply a validated patch key by key. Returns the new object and, per key that changed, `{from, to}`.
    public static func apply(_ patch: JSONObject, to current: JSONObject) throws(ContactError) -> (attributes: JSONObject, changes: JSONObject) {
        var result = current
        var changes = JSONObject()
        for (key, value) in patch {
            let before = current[key]
            // `.none`, not `nil`: JSON is nil-literal-convertible, and a bare nil here would store a JSON null.
            let after: JSON? = value.isNull ? .none : .some(value)
            guard before != after else { continue }
            result[key] = after
            changes[key] = ["from": before ?? .null, "to": after ?? .null]
        }
        guard result.count <= maxKeys else { throw .invalidField("attributes", "a contact has at most \(maxKeys) attributes") }
        return (result, changes)
    }

    /// Merge a source contact's attributes into the target's. The target's values win; the
    /// source's differing values come back as `conflicts` so the merge event keeps them.
    public static func merge(target: JSONObject, source: JSONObject) -> (attributes: JSONObject, added: [String], conflicts: JSONObject) {
        var result = target
        var added: [String] = []
        var conflicts = JSONObject()
        for (key, value) in source {
            if let kept = target[key] {
                if kept != value { conflicts[key] = value }
            } else {
                result[key] = value
                added.append(key)
            }
        }
        return (result, added, conflicts)
    }
}
