import PluginKit

/// The Twilio account an instance talks through, read from its configuration:
///
///     account_sid                 "AC" + 32 hex digits: in every API path and basic auth
///     auth_token_credential       the account's Auth Token (credential id): Twilio signs every
///                                 webhook with it, so it is required even with an API key
///     api_key_sid                 optional "SK…": REST calls authenticate with the key pair
///     api_key_secret_credential   its secret (credential id), required with api_key_sid
///     api_base_url                default https://api.twilio.com (a loopback fake in tests)
public struct TwilioAccount: Sendable, Equatable {
    public var accountSID: String
    public var authToken: String
    public var apiKeySID: String?
    public var apiKeySecret: String?
    public var baseURL: String

    public static let defaultBaseURL = "https://api.twilio.com"

    public init(accountSID: String, authToken: String, apiKeySID: String? = nil, apiKeySecret: String? = nil,
                baseURL: String = TwilioAccount.defaultBaseURL) {
        self.accountSID = accountSID
        self.authToken = authToken
        self.apiKeySID = apiKeySID
        self.apiKeySecret = apiKeySecret
        self.baseURL = baseURL
    }

    /// Throws `PluginError.invalid` naming the setting at fault.
    public static func load(_ config: JSONObject, host: PluginHost) throws -> TwilioAccount {
        guard let sid = config["account_sid"]?.stringValue, TwilioSID.isValid(sid, prefix: "AC") else {
            throw PluginError.invalid(field: "account_sid", message: "must be the account's SID: AC followed by 32 hex digits")
        }
        let token = try host.credential(field: "auth_token_credential", in: config)
        var account = TwilioAccount(accountSID: sid, authToken: token)
        if let keySID = config["api_key_sid"]?.stringValue, !keySID.isEmpty {
            guard TwilioSID.isValid(keySID, prefix: "SK") else {
                throw PluginError.invalid(field: "api_key_sid", message: "must be an API key SID: SK followed by 32 hex digits")
            }
            account.apiKeySID = keySID
            account.apiKeySecret = try host.credential(field: "api_key_secret_credential", in: config)
        } else if config["api_key_secret_credential"] != nil {
            throw PluginError.invalid(field: "api_key_sid", message: "is required with api_key_secret_credential")
        }
        if let base = config["api_base_url"]?.stringValue {
            guard base.hasPrefix("https://") || base.hasPrefix("http://") else {
                throw PluginError.invalid(field: "api_base_url", message: "must be an http(s) URL")
            }
            account.baseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        }
        return account
    }

    /// "user:password" for HTTP basic auth: the API key pair when configured, else SID and token.
    public var basicAuth: String {
        if let apiKeySID, let apiKeySecret { return apiKeySID + ":" + apiKeySecret }
        return accountSID + ":" + authToken
    }

    /// "<base>/2010-04-01/Accounts/<sid>": every account resource lives under it.
    public var accountURL: String { baseURL + "/2010-04-01/Accounts/" + accountSID }

    /// Where the Messaging API (Messaging Services) lives: messaging.twilio.com beside the real
    /// API, the same base as `api_base_url` otherwise (a fake or a proxy serves both).
    public var messagingBaseURL: String { baseURL == Self.defaultBaseURL ? "https://messaging.twilio.com" : baseURL }
}

/// Twilio's resource ids: a two-letter prefix and 32 lowercase or uppercase hex digits.
public enum TwilioSID {
    public static func isValid(_ sid: String, prefix: String) -> Bool {
        sid.utf8.count == 34 && sid.hasPrefix(prefix) && sid.utf8.dropFirst(2).allSatisfy(isHex)
    }

    static func isHex(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) || (0x41...0x46).contains(byte)
    }
}
