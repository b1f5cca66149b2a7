import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// The files of the agents' web app, ready to serve: bytes, content type and ETag of each, and
/// the app's version (a digest of every file), which makes asset URLs immutable.
struct WebAssets: Sendable {
    struct File: Sendable {
        let bytes: [UInt8]
        let contentType: String
        /// A strong validator: the file's digest, quoted.
        let etag: String
    }

    /// By path relative to the app folder ("js/main.js").
    let files: [String: File]
    let version: String

    /// The page's asset URLs carry this token; it becomes the version when the page is served.
    static let versionToken = "{{version}}"
    static let indexPath = "index.html"

    init(_ sources: [(path: String, bytes: [UInt8])]) {
        var digest: [UInt8] = []
        for (path, bytes) in sources.sorted(by: { $0.path < $1.path }) {
            digest += Array(path.utf8) + [0] + Array(Crypto.sha256Hex(bytes).utf8) + [0]
        }
        let version = String(Crypto.sha256Hex(digest).prefix(16))
        var files: [String: File] = [:]
        for (path, source) in sources {
            var bytes = source
            // Only the page names versioned URLs; the modules import each other relatively, inside the version.
            if path == Self.indexPath {
                bytes = Array(String(decoding: source, as: UTF8.self).replacing(Self.versionToken, with: version).utf8)
            }
            files[path] = File(bytes: bytes, contentType: Self.contentType(of: path), etag: "\"\(Crypto.sha256Hex(bytes).prefix(32))\"")
        }
        self.files = files
        self.version = version
    }

    /// The app compiled into the binary (`EmbeddedWebApp`, generated at build time from Host/Web/app).
    static let embedded = WebAssets(EmbeddedWebApp.files.map { file in
        (file.path, Array(UnsafeBufferPointer(start: file.text.utf8Start, count: file.text.utf8CodeUnitCount)))
    })

    /// The app read from a folder now (`serve --web DIR`, for working on the app without rebuilding the host).
    static func folder(_ root: String) -> WebAssets {
        var sources: [(path: String, bytes: [UInt8])] = []
        func walk(_ relative: String, depth: Int) {
            guard depth < 8 else { return }
            let directory = relative.isEmpty ? root : root + "/" + relative
            for name in FileSystem.list(directory).sorted() where !name.hasPrefix(".") {
                let path = relative.isEmpty ? name : relative + "/" + name
                if isDirectory(root + "/" + path) {
                    walk(path, depth: depth + 1)
                } else if let bytes = FileSystem.readBytes(root + "/" + path) {
                    sources.append((path, bytes))
                }
            }
        }
        walk("", depth: 0)
        return WebAssets(sources)
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// By extension; anything unknown is served as bytes the browser will not sniff into something else.
    static func contentType(of path: String) -> String {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "webmanifest": return "application/manifest+json"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "txt", "md": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }
}
