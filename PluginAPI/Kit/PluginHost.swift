import SwitchboardPluginAPI

/// The host's services for one instance: a Swift face on `sb_host_api` plus the instance's
/// `sb_instance_ctx`. Every service is thread-safe and may be called from any thread between
/// `start()` returning and `stop()` returning (and from `init`, for routes and credentials).
///
/// A host older than the plugin may lack trailing services: each call checks that the host's
/// table is large enough and the slot filled, and throws `PluginError.unsupported` otherwise.
/// Failures carry the host's own message in the `PluginError`.
public struct PluginHost: @unchecked Sendable {
    // Sendable: the table is static and immutable for the life of the process, and the context
    // is an opaque handle the host keeps valid until destroy() returns; both are thread-safe.
    let api: UnsafePointer<sb_host_api>
    let ctx: OpaquePointer

    init(api: UnsafePointer<sb_host_api>, ctx: OpaquePointer) {
        self.api = api
        self.ctx = ctx
    }

    /// The host's ABI minor version: what it offers beyond v1.0.
    public var abiMinor: UInt32 { api.pointee.abi_minor }

    /// Writes a line to the host's log, tagged with the instance. Never log secrets.
    public func log(_ level: LogLevel, _ message: String) {
        guard let log = try? service(\.log, "log") else { return }
        withSBStrs([message]) { log(ctx, level.rawValue, $0[0]) }
    }

    /// The function in a service slot, if this host's table has it (SB_HAS_FIELD).
    func service<F>(_ slot: KeyPath<sb_host_api, F?>, _ name: String) throws -> F {
        guard let offset = MemoryLayout<sb_host_api>.offset(of: slot),
              offset + MemoryLayout<F?>.size <= Int(api.pointee.struct_size),
              let function = UnsafeRawPointer(api).load(fromByteOffset: offset, as: F?.self)
        else { throw PluginError.unsupported("this host does not offer \(name) (host ABI 1.\(abiMinor))") }
        return function
    }

    /// Runs a service call with an error buffer; a negative status becomes a `PluginError`
    /// carrying the host's message. Returns the (non-negative) status.
    @discardableResult
    func call(_ name: String, _ body: (UnsafeMutablePointer<CChar>, Int) -> sb_status) throws -> sb_status {
        let capacity = 512
        let (status, message) = withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            buffer.initialize(repeating: 0)
            let status = body(buffer.baseAddress!, capacity)
            buffer[capacity - 1] = 0 // in case the host did not terminate it
            return (status, status < 0 ? String(cString: buffer.baseAddress!) : "")
        }
        if status < 0 { throw PluginError(status: status, message: message.isEmpty ? "\(name) failed (status \(status))" : message) }
        return status
    }

    /// Takes ownership of a host buffer: copies it and hands it back with buffer_free.
    func consume(_ buffer: UnsafeMutablePointer<sb_buffer>?) -> [UInt8] {
        guard let buffer else { return [] }
        let bytes: [UInt8] = buffer.pointee.data.map { Array(UnsafeRawBufferPointer(start: $0, count: buffer.pointee.len)) } ?? []
        if let free = try? service(\.buffer_free, "buffer_free") { free(buffer) }
        return bytes
    }
}
