import SwitchboardPluginAPI

// Converting between Swift values and the ABI's borrowed C forms. Everything coming in is
// copied (it is only valid for the call); everything going out is lent for a closure's extent.

extension String {
    /// Copies a borrowed `sb_str`; invalid UTF-8 becomes U+FFFD.
    init(sbStr s: sb_str) {
        guard let pointer = s.ptr, s.len > 0 else { self = ""; return }
        self = String(decoding: UnsafeRawBufferPointer(start: pointer, count: s.len), as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// Copies a borrowed `sb_str`'s bytes.
    init(sbStr s: sb_str) {
        guard let pointer = s.ptr, s.len > 0 else { self = []; return }
        self = Array(UnsafeRawBufferPointer(start: pointer, count: s.len))
    }
}

/// Lends `strings` as `sb_str`s (no copies: each string's own UTF-8 storage), valid inside `body`.
@discardableResult
func withSBStrs<R>(_ strings: [String], _ body: ([sb_str]) throws -> R) rethrows -> R {
    var lent: [sb_str] = []
    lent.reserveCapacity(strings.count)
    return try lend(strings[...], into: &lent, body)
}

private func lend<R>(_ rest: ArraySlice<String>, into lent: inout [sb_str], _ body: ([sb_str]) throws -> R) rethrows -> R {
    guard var first = rest.first else { return try body(lent) }
    return try first.withUTF8 { utf8 in
        lent.append(sbStr(UnsafeRawBufferPointer(utf8)))
        return try lend(rest.dropFirst(), into: &lent, body)
    }
}

/// Lends bytes as an `sb_str`, valid inside `body`.
@discardableResult
func withSBStr<R>(bytes: [UInt8], _ body: (sb_str) throws -> R) rethrows -> R {
    try bytes.withUnsafeBytes { try body(sbStr($0)) }
}

private func sbStr(_ bytes: UnsafeRawBufferPointer) -> sb_str {
    sb_str(ptr: bytes.baseAddress?.assumingMemoryBound(to: CChar.self), len: bytes.count)
}

/// Writes `text` NUL-terminated into a caller's buffer of `capacity` bytes, cut at a character
/// boundary when it does not fit. Does nothing without a buffer.
func writeCString(_ text: String, to buffer: UnsafeMutableRawPointer?, capacity: Int) {
    guard let buffer, capacity > 0 else { return }
    let utf8 = Array(text.utf8)
    var count = min(utf8.count, capacity - 1)
    // Do not split a multi-byte sequence: back up over continuation bytes (10xxxxxx).
    if count < utf8.count { while count > 0 && utf8[count] & 0xC0 == 0x80 { count -= 1 } }
    utf8.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: count) }
    buffer.storeBytes(of: 0, toByteOffset: count, as: UInt8.self)
}

/// Reads a NUL-terminated string from a fixed C char array (imported as a tuple), never past its end.
func stringFromCArray<T>(_ array: T) -> String {
    withUnsafeBytes(of: array) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
}
