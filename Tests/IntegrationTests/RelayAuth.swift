import SwitchboardSupport

/// How the SMS gateway authenticates a webhook to Relay: `X-Relay-Signature: sha256=<hex
/// HMAC-SHA256 of the body under the inbound secret>`, which ABI 1.3 builds check through the
/// host's C services, and the `X-Relay-Token` shared secret the frozen 1.0/1.2 builds check.
enum RelayAuth {
    static func signature(body: [UInt8], secret: String = "inbound-secret") -> String {
        "sha256=" + Crypto.hex(Crypto.hmacSHA256(key: Array(secret.utf8), message: body))
    }

    static func headers(body: String, secret: String = "inbound-secret") -> [(String, String)] {
        [("Content-Type", "application/x-www-form-urlencoded"), ("X-Relay-Token", secret),
         ("X-Relay-Signature", signature(body: Array(body.utf8), secret: secret))]
    }
}
