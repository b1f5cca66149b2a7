import SwitchboardSupport

/// How Twilio signs what it sends (providers.md §3.1), written apart from the channel's own
/// check so that a shared mistake cannot pass the tests: the URL, then each parameter's name
/// and value in order of (name, value) with exact repeats dropped, HMAC-SHA1 with the auth
/// token, base64, in `X-Twilio-Signature`.
public enum TwilioRequestSigner {
    public static func signature(url: String, params: [(String, String)], authToken: String) -> String {
        var seen = Set<String>()
        let ordered = params.filter { seen.insert($0.0 + "\u{0}" + $0.1).inserted }.sorted { a, b in
            a.0 == b.0 ? Array(a.1.unicodeScalars.map(\.value)).lexicographicallyPrecedes(b.1.unicodeScalars.map(\.value))
                       : Array(a.0.unicodeScalars.map(\.value)).lexicographicallyPrecedes(b.0.unicodeScalars.map(\.value))
        }
        let text = ordered.reduce(url) { $0 + $1.0 + $1.1 }
        return Crypto.base64(Crypto.hmacSHA1(key: Array(authToken.utf8), message: Array(text.utf8)))
    }

    /// POSTs `params` form-encoded to `url` as Twilio does, signed for `signedURL` (default: `url`
    /// itself; a test passes the URL as configured on the number, with or without a port).
    /// Returns the receiver's status, Content-Type and body.
    public static func post(_ params: [(String, String)], to url: String, signedURL: String? = nil, authToken: String,
                            signature: String? = nil, timeoutMs: Int = 15_000) throws -> (status: Int, contentType: String, text: String) {
        let body = Array(FormURLEncoding.encode(params.map { (name: $0.0, value: $0.1) }).utf8)
        var headers: [(String, String)] = [("Content-Type", "application/x-www-form-urlencoded"), ("User-Agent", "TwilioProxy/1.1"),
                                           ("I-Twilio-Idempotency-Token", Crypto.randomHex(bytes: 16))]
        let value = signature ?? Self.signature(url: signedURL ?? url, params: params, authToken: authToken)
        if !value.isEmpty { headers.append(("X-Twilio-Signature", value)) }
        let response = try HTTPClient.perform(HTTPClientRequest(method: "POST", url: url, headers: headers, body: body, timeoutMs: timeoutMs))
        return (response.status, response.headers.first { $0.0.lowercased() == "content-type" }?.1 ?? "", response.text)
    }
}
