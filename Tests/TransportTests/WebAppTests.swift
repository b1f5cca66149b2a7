import Foundation
@testable import SwitchboardTransport
import SwitchboardSupport
import XCTest

/// /app: the page, versioned assets, validators, content types and the security headers.
final class WebAppTests: XCTestCase {
    static let appFolder: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/Host/Web/app"
    }()

    func get(_ path: String, method: String = "GET", headers: [(String, String)] = [], app: WebApp = WebApp()) -> HTTPResponse {
        app.handle(HTTPRequest(method: method, path: path, headers: headers, query: [], body: UnsafeRawBufferPointer(start: nil, count: 0),
                               remoteAddress: "127.0.0.1"))
    }

    func header(_ response: HTTPResponse, _ name: String) -> String? {
        response.headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    func testThePageForEveryAppPathWithAStrictPolicy() throws {
        for path in ["/app", "/app/", "/app/c/cnv_123", "/app/settings/channels"] {
            let page = get(path)
            XCTAssertEqual(page.status, 200, path)
            XCTAssertEqual(page.contentType, "text/html; charset=utf-8")
            XCTAssertEqual(header(page, "Cache-Control"), "no-cache", "the page is revalidated on every load")
            let csp = try XCTUnwrap(header(page, "Content-Security-Policy"))
            XCTAssertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"), csp)
            XCTAssertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp)
            XCTAssertEqual(header(page, "X-Content-Type-Options"), "nosniff")
            XCTAssertEqual(header(page, "X-Frame-Options"), "DENY")
        }
        let html = String(decoding: get("/app").body, as: UTF8.self)
        let version = WebAssets.embedded.version
        XCTAssertTrue(html.contains("/app/assets/\(version)/js/main.js"), "asset URLs carry the version")
        XCTAssertFalse(html.contains(WebAssets.versionToken))
        // No inline script or style: every <script> has a src, no style attributes or elements.
        let scripts = html.components(separatedBy: "<script").dropFirst()
        XCTAssertFalse(scripts.isEmpty)
        XCTAssertTrue(scripts.allSatisfy { $0.prefix(while: { $0 != ">" }).contains("src=") })
        XCTAssertFalse(html.contains("<style") || html.contains(" style="))
    }

    func testAssetsAreVersionedTypedAndRevalidated() throws {
        let version = WebAssets.embedded.version
        for (path, type) in [("js/main.js", "text/javascript; charset=utf-8"), ("css/app.css", "text/css; charset=utf-8"), ("favicon.svg", "image/svg+xml")] {
            let asset = get("/app/assets/\(version)/\(path)")
            XCTAssertEqual(asset.status, 200, path)
            XCTAssertEqual(asset.contentType, type)
            XCTAssertEqual(header(asset, "Cache-Control"), "public, max-age=31536000, immutable")
            XCTAssertEqual(header(asset, "X-Content-Type-Options"), "nosniff")
            let etag = try XCTUnwrap(header(asset, "ETag"))
            let again = get("/app/assets/\(version)/\(path)", headers: [("If-None-Match", "W/\"nope\", \(etag)")])
            XCTAssertEqual(again.status, 304)
            XCTAssertTrue(again.body.isEmpty)
        }
        // A page from another build asks for its version: today's file, never cached under that name.
        let stale = get("/app/assets/0123456789abcdef/js/main.js")
        XCTAssertEqual(stale.status, 200)
        XCTAssertEqual(header(stale, "Cache-Control"), "no-cache")
        XCTAssertEqual(get("/app/assets/\(version)/js/nothing.js").status, 404)
        XCTAssertEqual(get("/app/assets/\(version)/../../index.html").status, 404)
        XCTAssertEqual(get("/app/assets/\(version)/").status, 404)
        XCTAssertEqual(get("/app/assets/\(version)/js/main.js", method: "HEAD").status, 200)
        let post = get("/app", method: "POST")
        XCTAssertEqual(post.status, 405)
        XCTAssertEqual(header(post, "Allow"), "GET, HEAD")
        let root = get("/")
        XCTAssertEqual(root.status, 302)
        XCTAssertEqual(header(root, "Location"), "/app")
        XCTAssertTrue(WebApp.serves("/app") && WebApp.serves("/app/x") && WebApp.serves("/") && !WebApp.serves("/apple") && !WebApp.serves("/api/v1/health"))
    }

    /// The binary carries exactly the app in Host/Web/app: the build embedded today's files.
    func testTheEmbeddedAppIsTheAppFolder() throws {
        let folder = WebAssets.folder(Self.appFolder)
        XCTAssertEqual(Set(folder.files.keys), Set(WebAssets.embedded.files.keys))
        XCTAssertEqual(folder.version, WebAssets.embedded.version)
        for (path, file) in folder.files { XCTAssertEqual(file.bytes, WebAssets.embedded.files[path]?.bytes, path) }
        // Served from the folder (serve --web): the same page, never cached for good.
        let dev = WebApp(folder: Self.appFolder)
        XCTAssertEqual(get("/app", app: dev).body, get("/app").body)
        XCTAssertEqual(header(get("/app/assets/\(folder.version)/js/main.js", app: dev), "Cache-Control"), "no-cache")
    }

    /// Whether an `import … from '<specifier>'` names a module of the app: a relative path that,
    /// resolved from the importing file's folder, stays inside the app (`../` only out of a subfolder).
    static func importStaysInTheApp(_ line: Substring, from path: String) -> Bool {
        guard let quote = line.range(of: "from '"), let end = line[quote.upperBound...].firstIndex(of: "'") else { return false }
        let specifier = line[quote.upperBound..<end]
        guard specifier.hasPrefix("./") || specifier.hasPrefix("../") else { return false }
        var folders = path.split(separator: "/").dropLast().map(String.init)
        for part in specifier.split(separator: "/").dropLast() {
            if part == ".." { guard !folders.isEmpty else { return false }; folders.removeLast() } else if part != "." { folders.append(String(part)) }
        }
        return true
    }

    /// The modules only import each other (relative paths): nothing is fetched from elsewhere.
    func testTheAppLoadsNothingFromOutside() throws {
        for (path, file) in WebAssets.embedded.files where path.hasSuffix(".js") || path.hasSuffix(".css") || path.hasSuffix(".html") {
            let text = String(decoding: file.bytes, as: UTF8.self)
            for line in text.split(separator: "\n") where line.hasPrefix("import ") {
                XCTAssertTrue(Self.importStaysInTheApp(line, from: path), "\(path): \(line)")
            }
            XCTAssertFalse(text.contains("@import") || text.contains("url(http") || text.contains("src=\"http"), path)
            XCTAssertFalse(text.contains("innerHTML") || text.contains("eval("), "\(path) builds the DOM without parsing markup")
        }
    }
}
