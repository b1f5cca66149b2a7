import PluginKit

/// "Authorization: Bearer <api key>" on every endpoint.
enum BearerAuth {
    /// Throws the 401 answer unless the request carries the key whose `digest` this is.
    static func check(_ request: PluginHTTPRequest, apiKeyDigest: [UInt8]) throws(APIFailure) {
        guard let header = request.header("Authorization")?.trimmingASCIIWhitespace(),
              let space = header.firstIndex(of: " "),
              header[..<space].lowercased() == "bearer"
        else { throw .unauthorized }
        let token = header[header.index(after: space)...].trimmingASCIIWhitespace()
        // Compare digests: constant time, and the key's length does not leak either.
        guard Crypto.constantTimeEquals(digest(token), apiKeyDigest) else { throw .unauthorized }
    }

    static func digest(_ text: String) -> [UInt8] {
        Array(text.utf8).withUnsafeBytes { Crypto.sha256($0) }
    }
}
