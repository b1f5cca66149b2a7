import SwitchboardSupport

/// Typed reads from a JSON object for definitions an operator writes (stacks, procedures, articles):
/// every refusal names the field as a dotted path, e.g. `topics[2].examples`.
struct DefinitionFields {
    let object: JSONObject
    let path: String

    init(_ object: JSONObject, path: String = "") {
        self.object = object
        self.path = path
    }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Refuse keys the definition does not have: a typo ("colections") must not pass silently.
    func allowOnly(_ keys: [String]) throws(WorkflowError) {
        for key in object.keys where !keys.contains(key) {
            throw .invalid(field: name(key), reason: "unknown field (expected one of \(keys.joined(separator: ", ")))")
        }
    }

    func has(_ key: String) -> Bool { object[key].map { !$0.isNull } ?? false }

    func string(_ key: String, required: Bool = false, maxLength: Int = 10_000) throws(WorkflowError) -> String? {
        guard let value = object[key], !value.isNull else {
            if required { throw .invalid(field: name(key), reason: "is required") }
            return nil
        }
        guard let s = value.stringValue else { throw .invalid(field: name(key), reason: "must be a string") }
        if required && s.isEmpty { throw .invalid(field: name(key), reason: "may not be empty") }
        guard s.unicodeScalars.count <= maxLength else { throw .invalid(field: name(key), reason: "is longer than \(maxLength) characters") }
        return s
    }

    func strings(_ key: String, required: Bool = false, maxCount: Int = 1000, maxLength: Int = 2000) throws(WorkflowError) -> [String]? {
        guard let value = object[key], !value.isNull else {
            if required { throw .invalid(field: name(key), reason: "is required") }
            return nil
        }
        guard let items = value.arrayValue else { throw .invalid(field: name(key), reason: "must be an array of strings") }
        if required && items.isEmpty { throw .invalid(field: name(key), reason: "needs at least one entry") }
        guard items.count <= maxCount else { throw .invalid(field: name(key), reason: "holds more than \(maxCount) entries") }
        var result: [String] = []
        for (i, item) in items.enumerated() {
            guard let s = item.stringValue, !s.isEmpty else { throw .invalid(field: "\(name(key))[\(i)]", reason: "must be a non-empty string") }
            guard s.unicodeScalars.count <= maxLength else { throw .invalid(field: "\(name(key))[\(i)]", reason: "is longer than \(maxLength) characters") }
            result.append(s)
        }
        return result
    }

    func bool(_ key: String) throws(WorkflowError) -> Bool? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let b = value.boolValue else { throw .invalid(field: name(key), reason: "must be true or false") }
        return b
    }

    func number(_ key: String, in range: ClosedRange<Double>) throws(WorkflowError) -> Double? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let n = value.doubleValue, range.contains(n) else {
            throw .invalid(field: name(key), reason: "must be a number from \(Self.show(range.lowerBound)) to \(Self.show(range.upperBound))")
        }
        return n
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws(WorkflowError) -> Int? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let n = value.intValue, range.contains(n) else {
            throw .invalid(field: name(key), reason: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    func object(_ key: String) throws(WorkflowError) -> DefinitionFields? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let o = value.objectValue else { throw .invalid(field: name(key), reason: "must be an object") }
        return DefinitionFields(o, path: name(key))
    }

    /// Each element of an array of objects, with its indexed path.
    func objects(_ key: String, maxCount: Int = 1000) throws(WorkflowError) -> [DefinitionFields]? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let items = value.arrayValue else { throw .invalid(field: name(key), reason: "must be an array of objects") }
        guard items.count <= maxCount else { throw .invalid(field: name(key), reason: "holds more than \(maxCount) entries") }
        var result: [DefinitionFields] = []
        for (i, item) in items.enumerated() {
            guard let o = item.objectValue else { throw .invalid(field: "\(name(key))[\(i)]", reason: "must be an object") }
            result.append(DefinitionFields(o, path: "\(name(key))[\(i)]"))
        }
        return result
    }

    static func show(_ n: Double) -> String { n == n.rounded() ? String(Int(n)) : String(n) }

    /// IDs operators choose: 1-64 characters of a-z, 0-9, '-' and '_'.
    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64
            && id.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F }
    }

    static func isHTTPURL(_ s: String) -> Bool {
        (s.hasPrefix("http://") && s.count > 7) || (s.hasPrefix("https://") && s.count > 8)
    }
}
