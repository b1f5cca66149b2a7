import SwitchboardDomain
import SwitchboardSupport

/// GET /files/<id>/<name>: files customers uploaded through a channel (ABI 1.2 file_store).
/// No API key: the random id in the attachment's URL is the capability, so agents' browsers,
/// the customer's widget and email recipients can all open it. Served so it can never run as
/// part of our pages: no sniffing, a sandboxing CSP, and anything but an image is a download.
///
/// GET /files/l/<link id>/<name>?expires=…&signature=…: the same file by a signed link that
/// expires (SignedFileLinks), as providers get it: 403 for a wrong or missing signature, 410
/// once it expired.
struct FileDownloads {
    let store: Store
    let links: SignedFileLinks

    init(store: Store) {
        self.store = store
        links = SignedFileLinks(store: store)
    }

    static func serves(_ path: String) -> Bool { path.hasPrefix("/files/") }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            var response = HTTPResponse.error(405, "method_not_allowed", "\(request.method) is not allowed on files")
            response.headers.append(("Allow", "GET, HEAD"))
            return response
        }
        let file: StoredFile?
        if request.path.hasPrefix(SignedFileLinks.pathPrefix) {
            let linkID = String(request.path.dropFirst(SignedFileLinks.pathPrefix.count).prefix { $0 != "/" })
            switch links.check(linkID: linkID, expires: request.queryValue("expires"), signature: request.queryValue("signature"), nowMs: Clock.nowMillis()) {
            case .invalid: return .error(403, "forbidden", "this file link's signature is missing or wrong")
            case .expired: return .error(410, "gone", "this file link has expired")
            case .valid: break
            }
            do { file = try store.storedFile(linkID: linkID) } catch { return .error(503, "unavailable", "store: \(error)") }
        } else {
            let parts = request.path.dropFirst("/files/".count).split(separator: "/", maxSplits: 1)
            guard let id = parts.first.map(String.init), !id.isEmpty else { return .error(404, "not_found", "no such file") }
            do { file = try store.storedFile(id: id) } catch { return .error(503, "unavailable", "store: \(error)") }
        }
        guard let file else { return .error(404, "not_found", "no such file") }
        let inline = Self.inlineTypes.contains(file.contentType.lowercased())
        let disposition = (inline ? "inline" : "attachment") + "; filename=\"\(file.name.filter { $0 != "\"" && $0 != "\\" })\""
        return HTTPResponse(status: 200, contentType: file.contentType, body: request.method == "HEAD" ? [] : file.data,
                            headers: [("Content-Disposition", disposition), ("X-Content-Type-Options", "nosniff"),
                                      ("Content-Security-Policy", "sandbox; default-src 'none'"),
                                      ("Cache-Control", "private, max-age=86400")])
    }

    /// Types a browser may show in place: raster images only (SVG can carry script).
    static let inlineTypes: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp"]
}
