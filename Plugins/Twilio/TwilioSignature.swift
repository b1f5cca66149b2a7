import SwitchboardCommon

/// `X-Twilio-Signature`, computed and checked exactly as Twilio's own SDKs do it
/// (twilio-python `RequestValidator`, providers.md §3.1):
///
///     base64( HMAC-SHA1( auth token, URL + name₁value₁ + name₂value₂ + … ) )
///
/// with the POST parameters' names sorted, and a repeated name's distinct values sorted
/// (the SDKs sort `set(values)`), no separators. The URL is the one Twilio requested: scheme,
/// host, path and query exactly as configured on the number. Because Twilio is inconsistent
/// about default ports, the SDKs accept the signature of the URL with its port removed or with
/// the scheme's default port added; `isValid` does the same. Comparison is constant-time.
public enum TwilioSignature {
    /// The header value Twilio sends for a form POST to `url` with `params`.
    public static func compute(url: String, params: [(name: String, value: String)], authToken: String) -> String {
        var signed = Array(url.utf8)
        for (name, values) in grouped(params) {
            for value in values {
                signed += name.utf8
                signed += value.utf8
            }
        }
        return Crypto.base64(Crypto.hmacSHA1(key: Array(authToken.utf8), message: signed))
    }

    /// Whether `signature` is Twilio's for this request (either port form of `url`).
    public static func isValid(signature: String?, url: String, params: [(name: String, value: String)], authToken: String) -> Bool {
        guard let signature, !signature.isEmpty, !authToken.isEmpty else { return false }
        var valid = false
        // Both candidates are always computed, so the time taken says nothing about which matched.
        for candidate in urlCandidates(url) {
            valid = Crypto.constantTimeEquals(compute(url: candidate, params: params, authToken: authToken), signature) || valid
        }
        return valid
    }

    /// The two URLs the SDKs try: without a port, and with one (its own, else the default).
    public static func urlCandidates(_ url: String) -> [String] {
        guard let parts = URLParts(url) else { return [url] }
        let withoutPort = parts.rebuilt(port: nil)
        let withPort = parts.rebuilt(port: parts.port ?? (parts.scheme.lowercased() == "https" ? "443" : "80"))
        return [withoutPort, withPort]
    }

    /// Names in code-point order (UTF-8 byte order is the same), each with its distinct values
    /// in code-point order: Python's `sorted(set(...))`.
    static func grouped(_ params: [(name: String, value: String)]) -> [(String, [String])] {
        var byName: [String: Set<String>] = [:]
        for (name, value) in params { byName[name, default: []].insert(value) }
        let codePointOrder: (String, String) -> Bool = { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return byName.keys.sorted(by: codePointOrder).map { ($0, byName[$0]!.sorted(by: codePointOrder)) }
    }
}

/// An absolute URL split around its port: "scheme://" + userinfo@host + ":port" + the rest.
struct URLParts {
    var scheme: String
    var userAndHost: String
    var port: String?
    var rest: String

    init?(_ url: String) {
        let characters = Array(url)
        guard let colon = characters.firstIndex(of: ":"), characters.count > colon + 2,
              characters[colon + 1] == "/", characters[colon + 2] == "/" else { return nil }
        scheme = String(characters[..<colon])
        let authorityStart = colon + 3
        let authorityEnd = characters[authorityStart...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? characters.endIndex
        let authority = characters[authorityStart..<authorityEnd]
        rest = String(characters[authorityEnd...])
        // The port follows the last ':' of the authority, unless that ':' is inside a bracketed
        // IPv6 literal ("[::1]").
        if let portColon = authority.lastIndex(of: ":"), !authority[portColon...].contains("]"),
           authority[(portColon + 1)...].allSatisfy({ $0.isASCIIDigit }) {
            userAndHost = String(authority[..<portColon])
            let digits = String(authority[(portColon + 1)...])
            port = digits.isEmpty ? nil : digits
        } else {
            userAndHost = String(authority)
            port = nil
        }
    }

    func rebuilt(port: String?) -> String {
        scheme + "://" + userAndHost + (port.map { ":" + $0 } ?? "") + rest
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
}
