import SwitchboardCommon

/// sb_json_writer: JSON text written in document order, with misuse recorded (not trapped) so a
/// C caller learns the first mistake from json_writer_finish().
final class JSONTextWriter {
    private enum Frame { case object(expectKey: Bool, empty: Bool), array(empty: Bool) }
    private var out = ""
    private var frames: [Frame] = []
    private var topLevelDone = false
    private(set) var misuse: String?

    private func record(_ message: String) { if misuse == nil { misuse = message } }

    /// Called before any value: a comma where needed, and the rule that objects want keys first.
    private func beginValue(_ what: String) -> Bool {
        guard misuse == nil else { return false }
        switch frames.last {
        case nil:
            if topLevelDone { record("a second top-level value (\(what))"); return false }
            topLevelDone = true
        case .object(let expectKey, _):
            if expectKey { record("\(what) where an object key is due (call json_key first)"); return false }
            frames[frames.count - 1] = .object(expectKey: true, empty: false)
        case .array(let empty):
            if !empty { out += "," }
            frames[frames.count - 1] = .array(empty: false)
        }
        return true
    }

    func key(_ key: String) {
        guard misuse == nil else { return }
        guard case .object(let expectKey, let empty) = frames.last, expectKey else {
            record("json_key(\"\(key)\") outside an object or where a value is due"); return
        }
        if !empty { out += "," }
        JSON.writeString(key, to: &out)
        out += ":"
        frames[frames.count - 1] = .object(expectKey: false, empty: false)
    }

    func beginObject() { if beginValue("an object") { out += "{"; frames.append(.object(expectKey: true, empty: true)) } }
    func beginArray() { if beginValue("an array") { out += "["; frames.append(.array(empty: true)) } }

    func end() {
        guard misuse == nil else { return }
        switch frames.popLast() {
        case nil: record("json_end with nothing open")
        case .object(let expectKey, _):
            if !expectKey { record("json_end after a key without its value") } else { out += "}" }
        case .array: out += "]"
        }
    }

    func add(_ value: JSON, _ what: String) { if beginValue(what) { value.write(to: &out) } }

    func addRaw(_ text: [UInt8]) {
        guard let value = try? JSON.parse(text) else { record("json_add_raw with text that is not JSON"); return }
        add(value, "a raw value")
    }

    func addNumber(_ n: Double) {
        guard n.isFinite else { record("json_add_number with NaN or infinity"); return }
        add(.number(n), "a number")
    }

    /// The text, or why there is none.
    func finish() -> Result<String, WriterMisuse> {
        if let misuse { return .failure(WriterMisuse(message: misuse)) }
        if !frames.isEmpty { return .failure(WriterMisuse(message: "\(frames.count) object(s) or array(s) left open")) }
        if !topLevelDone { return .failure(WriterMisuse(message: "nothing was written")) }
        return .success(out)
    }

    struct WriterMisuse: Error { let message: String }

    var handle: OpaquePointer { OpaquePointer(Unmanaged.passRetained(self).toOpaque()) }

    static func from(_ handle: OpaquePointer?) -> JSONTextWriter? {
        guard let handle else { return nil }
        return Unmanaged<JSONTextWriter>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
    }

    static func release(_ handle: OpaquePointer) { Unmanaged<JSONTextWriter>.fromOpaque(UnsafeRawPointer(handle)).release() }
}
