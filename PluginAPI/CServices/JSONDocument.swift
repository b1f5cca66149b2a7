import SwitchboardCommon
import SwitchboardPluginAPI
#if canImport(Glibc)
import Glibc
#endif

/// One value of a parsed document as C sees it (an opaque sb_json): fixed in memory until the
/// document is freed, so a plugin can hold the pointers json_path() returns while it reads.
struct JSONNode {
    var type: Int32
    var number: Double = 0
    var text = sb_str(ptr: nil, len: 0)
    var keys: UnsafeMutablePointer<sb_str>?
    var children: UnsafeMutablePointer<UnsafePointer<JSONNode>>?
    var count = 0
}

/// sb_json_doc: a JSON value flattened into nodes and strings it owns, freed all at once.
final class JSONDocument {
    private var allocations: [UnsafeMutableRawPointer] = []
    private(set) var root: UnsafePointer<JSONNode>!

    init(_ value: JSON) { root = node(value) }

    deinit { for a in allocations { free(a) } }

    private func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let raw = malloc(max(1, count) * MemoryLayout<T>.stride)!
        allocations.append(raw)
        return raw.bindMemory(to: T.self, capacity: max(1, count))
    }

    private func str(_ s: String) -> sb_str {
        let bytes = Array(s.utf8)
        let p = allocate(CChar.self, count: bytes.count + 1)
        for (i, b) in bytes.enumerated() { p[i] = CChar(bitPattern: b) }
        p[bytes.count] = 0
        return sb_str(ptr: UnsafePointer(p), len: bytes.count)
    }

    private func node(_ value: JSON) -> UnsafePointer<JSONNode> {
        var n: JSONNode
        switch value {
        case .null: n = JSONNode(type: SB_JSON_NULL)
        case .bool(let b): n = JSONNode(type: SB_JSON_BOOL, number: b ? 1 : 0)
        case .number(let d): n = JSONNode(type: SB_JSON_NUMBER, number: d)
        case .string(let s): n = JSONNode(type: SB_JSON_STRING, text: str(s))
        case .array(let items):
            n = JSONNode(type: SB_JSON_ARRAY, count: items.count)
            let children = allocate(UnsafePointer<JSONNode>.self, count: items.count)
            for (i, item) in items.enumerated() { (children + i).initialize(to: node(item)) }
            n.children = children
        case .object(let object):
            n = JSONNode(type: SB_JSON_OBJECT, count: object.count)
            let children = allocate(UnsafePointer<JSONNode>.self, count: object.count)
            let keys = allocate(sb_str.self, count: object.count)
            for (i, member) in object.enumerated() {
                (keys + i).initialize(to: str(member.key))
                (children + i).initialize(to: node(member.value))
            }
            n.children = children
            n.keys = keys
        }
        let p = allocate(JSONNode.self, count: 1)
        p.initialize(to: n)
        return UnsafePointer(p)
    }

    /// The opaque handle a plugin holds; retained until json_free.
    var handle: OpaquePointer { OpaquePointer(Unmanaged.passRetained(self).toOpaque()) }

    static func from(_ handle: OpaquePointer?) -> JSONDocument? {
        guard let handle else { return nil }
        return Unmanaged<JSONDocument>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
    }

    static func release(_ handle: OpaquePointer?) {
        guard let handle else { return }
        Unmanaged<JSONDocument>.fromOpaque(UnsafeRawPointer(handle)).release()
    }
}

/// Reading nodes: what the sb_json readers do with a (possibly NULL) node.
enum JSONNodeReading {
    static func node(_ p: OpaquePointer?) -> JSONNode? {
        guard let p else { return nil }
        return UnsafePointer<JSONNode>(p).pointee
    }

    static func member(_ value: OpaquePointer?, _ key: [UInt8]) -> OpaquePointer? {
        guard let n = node(value), n.type == SB_JSON_OBJECT, let keys = n.keys, let children = n.children else { return nil }
        for i in 0..<n.count where bytesOf(keys[i]) == key { return OpaquePointer(children[i]) }
        return nil
    }

    static func at(_ value: OpaquePointer?, _ index: Int) -> OpaquePointer? {
        guard let n = node(value), n.type == SB_JSON_ARRAY || n.type == SB_JSON_OBJECT,
              index >= 0, index < n.count, let children = n.children else { return nil }
        return OpaquePointer(children[index])
    }

    /// "a.b.0.c": keys of objects, indexes of arrays.
    static func path(_ value: OpaquePointer?, _ path: [UInt8]) -> OpaquePointer? {
        var current = value
        if path.isEmpty { return current }
        for segment in path.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard let n = node(current) else { return nil }
            if n.type == SB_JSON_ARRAY {
                guard !segment.isEmpty, segment.count <= 9, segment.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                      let index = Int(String(decoding: segment, as: UTF8.self)) else { return nil }
                current = at(current, index)
            } else {
                current = member(current, Array(segment))
            }
        }
        return current
    }

    /// The node back as a JSON value (json_serialize).
    static func value(_ p: OpaquePointer?) -> JSON {
        guard let n = node(p) else { return .null }
        switch n.type {
        case SB_JSON_BOOL: return .bool(n.number != 0)
        case SB_JSON_NUMBER: return .number(n.number)
        case SB_JSON_STRING: return .string(textOf(n.text))
        case SB_JSON_ARRAY: return .array((0..<n.count).map { value(at(p, $0)) })
        case SB_JSON_OBJECT:
            var object = JSONObject()
            for i in 0..<n.count { object[textOf(n.keys![i])] = value(at(p, i)) }
            return .object(object)
        default: return .null
        }
    }
}
