import PluginKit

/// The Meta app an instance talks through: the settings every instance of one app shares (its
/// secret signs the webhook all its Pages and accounts post to), with the secrets fetched from
/// the host's credentials, plus the asset token (a Page token is per Page, so it is per instance).
public struct MetaConnection: Sendable, Equatable {
    /// The app secret's credential id: the key of the shared webhook route, so instances of the
    /// same app share one URL and instances of different apps never see each other's posts.
    public var key: String
    public var appSecret: String
    public var accessTokenCredential: String
    public var accessToken: String
    public var verifyToken: String
    /// "https://graph.facebook.com" (or a fake's address in tests), without a trailing slash.
    public var graphBaseURL: String
    /// "v23.0".
    public var graphVersion: String

    public static let defaultGraphBaseURL = "https://graph.facebook.com"
    public static let defaultGraphVersion = "v23.0"

    public init(key: String, appSecret: String, accessTokenCredential: String, accessToken: String, verifyToken: String,
                graphBaseURL: String = defaultGraphBaseURL, graphVersion: String = defaultGraphVersion) {
        self.key = key
        self.appSecret = appSecret
        self.accessTokenCredential = accessTokenCredential
        self.accessToken = accessToken
        self.verifyToken = verifyToken
        self.graphBaseURL = graphBaseURL
        self.graphVersion = graphVersion
    }

    /// Throws `PluginError.invalid` naming the setting at fault.
    public static func load(_ object: JSONObject, host: PluginHost) throws -> MetaConnection {
        let secretField = "app_secret_credential"
        guard let key = object[secretField]?.stringValue, isValidRouteKey(key) else {
            throw PluginError.invalid(field: secretField, message: "must be a credential id of 1-64 letters, digits, '-', '_' or '.'")
        }
        var base = object["graph_base_url"]?.stringValue ?? ""
        if base.isEmpty { base = defaultGraphBaseURL }
        guard base.hasPrefix("https://") || base.hasPrefix("http://"), !base.contains(" ") else {
            throw PluginError.invalid(field: "graph_base_url", message: "must be an absolute http(s) URL")
        }
        while base.hasSuffix("/") { base.removeLast() }
        var version = object["graph_version"]?.stringValue ?? ""
        if version.isEmpty { version = defaultGraphVersion }
        guard version.first == "v", version.dropFirst().allSatisfy({ $0.isNumber || $0 == "." }), version.count > 1 else {
            throw PluginError.invalid(field: "graph_version", message: "must look like v23.0")
        }
        let tokenField = "access_token_credential"
        return MetaConnection(key: key, appSecret: try host.credential(field: secretField, in: object),
                              accessTokenCredential: object[tokenField]?.stringValue ?? "",
                              accessToken: try host.credential(field: tokenField, in: object),
                              verifyToken: try host.credential(field: "verify_token_credential", in: object),
                              graphBaseURL: base, graphVersion: version)
    }

    /// What the operator may see of the verify token, to check it against Meta's dashboard.
    public var verifyTokenHint: String { String(verifyToken.prefix(2)) + "…" }

    /// The host's rule for a shared route's connection name.
    static func isValidRouteKey(_ key: String) -> Bool {
        (1...64).contains(key.utf8.count) && key.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F || byte == 0x2E
        }
    }
}
