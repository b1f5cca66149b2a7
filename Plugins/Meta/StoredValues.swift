import PluginKit

/// Reading this plugin's small key-value entries where a failed read means "unknown": status
/// bookkeeping and caches must never fail the call they serve.
extension PluginHost {
    func storedString(_ key: String) -> String? {
        do { return try kvGetString(key) } catch { return nil }
    }

    /// A number stored as decimal text.
    func storedInt(_ key: String) -> Int64? { storedString(key).flatMap { Int64($0) } }
}
