import SwitchboardPluginAPI

extension PluginHost {
    /// The value stored under `key` in this instance's durable key-value state, nil when absent.
    public func kvGet(_ key: String) throws -> [UInt8]? {
        let get = try service(\.kv_get, "kv_get")
        var buffer: UnsafeMutablePointer<sb_buffer>?
        do {
            try withSBStrs([key]) { s throws in try call("kv_get") { get(ctx, s[0], &buffer, $0, $1) } }
        } catch PluginError.notFound {
            _ = consume(buffer)
            return nil
        }
        return consume(buffer)
    }

    /// The value under `key` as UTF-8 text, nil when absent.
    public func kvGetString(_ key: String) throws -> String? {
        try kvGet(key).map { String(decoding: $0, as: UTF8.self) }
    }

    public func kvSet(_ key: String, _ value: [UInt8]) throws {
        let set = try service(\.kv_set, "kv_set")
        try withSBStrs([key]) { s throws in
            try withSBStr(bytes: value) { v throws in try call("kv_set") { set(ctx, s[0], v, $0, $1) } }
        }
    }

    public func kvSet(_ key: String, _ value: String) throws { try kvSet(key, Array(value.utf8)) }

    /// ABI 1.3: `kvSet` for bookkeeping needed only until `expiresAt` (Unix ms): it then reads as absent
    /// and the host prunes it. On an older host the entry is kept like any other (it never expires).
    public func kvSet(_ key: String, _ value: [UInt8], expiresAt: Int64) throws {
        guard let set = try? service(\.kv_set_expiring, "kv_set_expiring") else { return try kvSet(key, value) }
        try withSBStrs([key]) { s throws in
            try withSBStr(bytes: value) { v throws in try call("kv_set_expiring") { set(ctx, s[0], v, expiresAt, $0, $1) } }
        }
    }

    public func kvSet(_ key: String, _ value: String, expiresAt: Int64) throws { try kvSet(key, Array(value.utf8), expiresAt: expiresAt) }

    /// Deletes `key`; deleting an absent key is not an error.
    public func kvDelete(_ key: String) throws {
        let delete = try service(\.kv_delete, "kv_delete")
        do {
            try withSBStrs([key]) { s throws in try call("kv_delete") { delete(ctx, s[0], $0, $1) } }
        } catch PluginError.notFound {
            return
        }
    }

    /// Up to `limit` entries whose key starts with `prefix` and sorts after `after`, in key order.
    public func kvScan(prefix: String, after: String = "", limit: UInt32) throws -> [(key: String, value: [UInt8])] {
        let scan = try service(\.kv_scan, "kv_scan")
        var entries: [(key: String, value: [UInt8])] = []
        try withSBStrs([prefix, after]) { s throws in
            try withUnsafeMutablePointer(to: &entries) { list throws in
                try call("kv_scan") { err, cap in
                    scan(ctx, s[0], s[1], limit, { user, key, value in
                        guard let user else { return 1 }
                        user.assumingMemoryBound(to: [(key: String, value: [UInt8])].self).pointee
                            .append((String(sbStr: key), [UInt8](sbStr: value)))
                        return 0
                    }, UnsafeMutableRawPointer(list), err, cap)
                }
            }
        }
        return entries
    }
}

/// Reading small key-value entries where a failed read means "unknown": status bookkeeping and
/// caches must never fail the call they serve.
extension PluginHost {
    public func storedString(_ key: String) -> String? {
        do { return try kvGetString(key) } catch { return nil }
    }

    /// A number stored as decimal text.
    public func storedInt(_ key: String) -> Int64? { storedString(key).flatMap { Int64($0) } }
}
