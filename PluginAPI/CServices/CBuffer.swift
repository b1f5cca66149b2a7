import SwitchboardPluginAPI
#if canImport(Glibc)
import Glibc
#endif

/// sb_buffer: the one way the host hands bytes to a plugin. Allocated with malloc, so the
/// plugin's buffer_free (host->buffer_free or c->buffer_free, the same function) releases it.
public enum CBuffer {
    /// A NUL-terminated copy of content.
    public static func make(_ content: [UInt8]) -> UnsafeMutablePointer<sb_buffer> {
        let buffer = malloc(MemoryLayout<sb_buffer>.size)!.bindMemory(to: sb_buffer.self, capacity: 1)
        let data = malloc(content.count + 1)!.assumingMemoryBound(to: CChar.self)
        content.withUnsafeBytes { if let base = $0.baseAddress { memcpy(data, base, content.count) } }
        data[content.count] = 0
        buffer.initialize(to: sb_buffer(struct_size: UInt32(MemoryLayout<sb_buffer>.size), reserved: 0, data: data, len: content.count))
        return buffer
    }

    public static func make(_ text: String) -> UnsafeMutablePointer<sb_buffer> { make(Array(text.utf8)) }

    public static func free(_ buffer: UnsafeMutablePointer<sb_buffer>?) {
        guard let buffer else { return }
        Glibc.free(buffer.pointee.data)
        Glibc.free(buffer)
    }
}

/// The bytes of a borrowed sb_str.
func bytesOf(_ s: sb_str) -> [UInt8] {
    guard let p = s.ptr, s.len > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: p, count: s.len))
}

func textOf(_ s: sb_str) -> String { String(decoding: bytesOf(s), as: UTF8.self) }

/// Write a NUL-terminated reason into a caller's error buffer (truncated to fit) and return status.
func failed(_ err: UnsafeMutablePointer<CChar>?, _ cap: Int, _ status: Int32, _ message: String) -> sb_status {
    if let err, cap > 0 {
        let bytes = Array(message.utf8.prefix(cap - 1))
        for (i, b) in bytes.enumerated() { err[i] = CChar(bitPattern: b) }
        err[bytes.count] = 0
    }
    return status
}
