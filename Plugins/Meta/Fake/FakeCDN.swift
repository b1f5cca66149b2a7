import SwitchboardSupport
import SwitchboardTransport

/// The CDN behind webhook attachment URLs (scontent.xx.fbcdn.net, lookaside.fbsbx.com): no token,
/// an unguessable path, and a signature that expires — after that the URL answers 403
/// "URL signature expired", so a plugin must fetch media when the webhook arrives, not later.
enum FakeCDN {
    static let pathPrefix = "/cdn/"
}

extension FakeGraphAPI {
    /// Puts `bytes` on the fake CDN and returns its absolute URL, shaped like an fbcdn one
    /// (`…/cdn/v/t1.15752-9/<random>.<ext>?_nc_cat=…&oh=…&oe=<hex expiry>`). Served without auth
    /// until `ttlSeconds` have passed on the fake's clock, then 403.
    public func hostMedia(_ bytes: [UInt8], contentType: String, ttlSeconds: Int = 300) -> String {
        let expiresAtMs = now + Int64(ttlSeconds) * 1000
        let path = FakeCDN.pathPrefix + "v/t1.15752-9/" + Crypto.randomHex(bytes: 16) + "_n." + Self.fileExtension(contentType)
        state.withLock { $0.media[path] = HostedMedia(bytes: bytes, contentType: contentType, expiresAtMs: expiresAtMs) }
        let query = "_nc_cat=1&_nc_sid=" + Crypto.randomHex(bytes: 3) + "&oh=" + Crypto.randomHex(bytes: 16)
            + "&oe=" + String(expiresAtMs / 1000, radix: 16, uppercase: true)
        return baseURL + path + "?" + query
    }

    func serveMedia(_ request: Request) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else { return .text(405, "Method Not Allowed") }
        guard let media = state.withLock({ $0.media[request.path] }) else { return .text(404, "Not Found") }
        guard now < media.expiresAtMs else { return .text(403, "URL signature expired") }
        return HTTPResponse(status: 200, contentType: media.contentType, body: media.bytes)
    }

    private static func fileExtension(_ contentType: String) -> String {
        switch contentType.split(separator: ";").first.map({ $0.trimmingASCIIWhitespace().lowercased() }) ?? "" {
        case "image/jpeg": "jpg"
        case "image/png": "png"
        case "image/gif": "gif"
        case "video/mp4": "mp4"
        case "audio/mpeg": "mp3"
        case "audio/mp4", "audio/aac": "m4a"
        case "application/pdf": "pdf"
        default: "bin"
        }
    }
}
