/// Reading an ABI struct the other side passed, whose first member is its `struct_size`: a copy in
/// zeroed storage of this build's size, so fields a side built against an older minor version
/// lacks read as zero. nil when it is smaller than `minimum` (the size of the version that
/// introduced the struct, or the offset of the first field this reader cannot do without).
/// The host reads plugins' structs this way, and PluginKit the host's.
public func readGrown<T>(_ pointer: UnsafePointer<T>, minimum: Int) -> T? {
    let size = Int(UnsafeRawPointer(pointer).load(as: UInt32.self))
    guard size >= minimum else { return nil }
    return withUnsafeTemporaryAllocation(of: T.self, capacity: 1) { storage in
        let raw = UnsafeMutableRawPointer(storage.baseAddress!)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<T>.size)
        raw.copyMemory(from: pointer, byteCount: min(size, MemoryLayout<T>.size))
        return raw.load(as: T.self)
    }
}
