/// A provider's API base URL from an instance's configuration (`api_base_url`,
/// `graph_base_url`…): the default when absent or empty, an absolute http(s) URL otherwise, without
/// a trailing slash so paths append with one. Overridden for a proxy, or a fake in tests.
public enum ConfigBaseURL {
    /// Throws `PluginError.invalid` naming `field`.
    public static func load(_ config: JSONObject, field: String, default fallback: String) throws -> String {
        var base = config[field]?.stringValue ?? ""
        if base.isEmpty { base = fallback }
        guard base.hasPrefix("https://") || base.hasPrefix("http://"), !base.contains(" ") else {
            throw PluginError.invalid(field: field, message: "must be an absolute http(s) URL, like \(fallback)")
        }
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}
