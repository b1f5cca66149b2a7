import SwitchboardSupport

/// Serves the agents' web app at /app: the page for /app and every path under it that is not an
/// asset (the app routes in the browser, so a reloaded deep link still gets the page), and the
/// assets under /app/assets/<version>/. The page is revalidated on every load (ETag); the assets
/// it names carry the app's version in their path, so they are cached for good and a new build
/// is picked up by the next page load.
public struct WebApp: Sendable {
    /// nil: the app compiled into the binary. A folder: read from disk on every request (development).
    let folder: String?

    public init(folder: String? = nil) { self.folder = folder }

    static let assetPrefix = "/app/assets/"

    /// The paths this serves: the app, and / (which sends people to it).
    static let serviceWorkerPath = "/app/sw.js"

    public static func serves(_ path: String) -> Bool { path == "/" || path == "/app" || path.hasPrefix("/app/") }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            var response = Self.secured(.text(405, "\(request.method) is not allowed on \(request.path)\n"))
            response.headers.append(("Allow", "GET, HEAD"))
            return response
        }
        if request.path == "/" {
            return Self.secured(HTTPResponse(status: 302, headers: [("Location", "/app")]))
        }
        let assets = folder.map(WebAssets.folder) ?? WebAssets.embedded
        // The Web Push service worker: at /app/ so that its scope covers the app; never cached, so an update reaches browsers.
        if request.path == Self.serviceWorkerPath, let worker = assets.files["js/sw.js"] {
            return Self.serve(worker, request, cache: "no-cache")
        }
        guard request.path.hasPrefix(Self.assetPrefix) else {
            guard let page = assets.files[WebAssets.indexPath] else { return Self.secured(.text(404, "the web app has no index.html\n")) }
            return Self.serve(page, request, cache: "no-cache")
        }
        // /app/assets/<version>/<path>
        let rest = request.path.dropFirst(Self.assetPrefix.count)
        guard let slash = rest.firstIndex(of: "/"), let file = assets.files[String(rest[rest.index(after: slash)...])],
              !rest[rest.index(after: slash)...].isEmpty
        else { return Self.secured(.text(404, "no asset \(request.path)\n")) }
        // A page from an older build may still ask for its version: it gets today's file, but
        // never cached under the old version's name.
        let current = rest[..<slash] == assets.version && folder == nil
        return Self.serve(file, request, cache: current ? "public, max-age=31536000, immutable" : "no-cache")
    }

    static func serve(_ file: WebAssets.File, _ request: HTTPRequest, cache: String) -> HTTPResponse {
        let validators = [("ETag", file.etag), ("Cache-Control", cache)]
        if let match = request.header("If-None-Match"), Self.matches(match, file.etag) {
            return secured(HTTPResponse(status: 304, headers: validators))
        }
        // HEAD gets the same answer: libmicrohttpd sends its headers (Content-Length included) without the body.
        return secured(HTTPResponse(status: 200, contentType: file.contentType, body: file.bytes, headers: validators))
    }

    /// If-None-Match: a list of entity tags (weak ones compare equal too), or *.
    static func matches(_ header: String, _ etag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            let tag = candidate.trimmingASCIIWhitespace()
            return tag == "*" || tag == etag || tag == "W/" + etag
        }
    }

    /// The app runs only its own scripts and styles, talks only to this host, and is never framed;
    /// it plays audio the host keeps (voicemail) and nothing from elsewhere.
    static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "media-src 'self'", "connect-src 'self'",
        "font-src 'self'", "manifest-src 'self'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    static func secured(_ response: HTTPResponse) -> HTTPResponse {
        var response = response
        response.headers += [
            ("Content-Security-Policy", contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "no-referrer"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Cross-Origin-Resource-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
        ]
        return response
    }
}
