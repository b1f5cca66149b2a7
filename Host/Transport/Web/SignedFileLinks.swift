import SwitchboardDomain
import SwitchboardSupport

/// Links to the host's files that expire, for a provider that fetches a file itself (an MMS's
/// `MediaUrl`): the file's own URL (`/files/<id>/<name>`, the agents' capability) never expires,
/// so it is not what leaves the host. Every attachment of a reply that is one of the host's files
/// reaches deliver() with a `signed_url` beside its `url`:
///
///     <public base>/files/l/<link id>/<name>?expires=<Unix seconds>&signature=<hex HMAC-SHA256>
///
/// signed over "<link id>.<expires>" with the host's `file_links` key (libcrypto), valid for an
/// hour; the link id is the file's own random alias, so the link reveals nothing that lasts.
final class SignedFileLinks: @unchecked Sendable {
    let store: Store
    private let key = Locked<[UInt8]?>(nil)

    static let keyName = "file_links"
    static let lifetimeSeconds: Int64 = 3_600
    static let pathPrefix = "/files/l/"

    init(store: Store) { self.store = store }

    /// A signed link to the host file at `url`, and when it expires (Unix ms); nil for any other URL.
    func sign(_ url: String, publicBaseURL: String, nowMs: Int64) -> (url: String, expiresAtMs: Int64)? {
        let prefix = publicBaseURL + "/files/"
        guard url.hasPrefix(prefix) else { return nil }
        let parts = url.dropFirst(prefix.count).split(separator: "/", maxSplits: 1)
        guard parts.count == 2, parts[0].hasPrefix("f"), let key = signingKey(),
              let link = try? store.fileLinkID(fileID: String(parts[0])) else { return nil }
        let expires = nowMs / 1_000 + Self.lifetimeSeconds
        return ("\(publicBaseURL)\(Self.pathPrefix)\(link)/\(parts[1])?expires=\(expires)&signature=\(Self.signature(link, expires, key))",
                expires * 1_000)
    }

    /// The attachments array of a reply with `signed_url` and `signed_url_expires_at` beside each
    /// host file's `url`; anything else unchanged.
    func withSignedURLs(_ attachmentsJSON: String?, publicBaseURL: String, nowMs: Int64) -> String? {
        guard let attachmentsJSON, let items = (try? JSON.parse(attachmentsJSON))?.arrayValue else { return attachmentsJSON }
        var changed = false
        let signed: [JSON] = items.map { item in
            guard var object = item.objectValue, let url = object["url"]?.stringValue,
                  let link = sign(url, publicBaseURL: publicBaseURL, nowMs: nowMs) else { return item }
            object["signed_url"] = .string(link.url)
            object["signed_url_expires_at"] = .string(Clock.iso8601(link.expiresAtMs))
            changed = true
            return .object(object)
        }
        return changed ? JSON.array(signed).serialized : attachmentsJSON
    }

    enum Verdict: Equatable { case valid, expired, invalid }

    /// Whether a link's `expires` and `signature` are the host's and still good.
    func check(linkID: String, expires: String?, signature: String?, nowMs: Int64) -> Verdict {
        guard let expires, let seconds = Int64(expires), let signature, let key = signingKey(),
              Crypto.constantTimeEquals(Self.signature(linkID, seconds, key), signature) else { return .invalid }
        return nowMs / 1_000 <= seconds ? .valid : .expired
    }

    static func signature(_ linkID: String, _ expires: Int64, _ key: [UInt8]) -> String {
        Crypto.hex(Crypto.hmacSHA256(key: key, message: Array("\(linkID).\(expires)".utf8)))
    }

    private func signingKey() -> [UInt8]? {
        if let known = key.withLock({ $0 }) { return known }
        guard let loaded = try? store.hostKey(Self.keyName), !loaded.isEmpty else { return nil }
        key.withLock { $0 = loaded }
        return loaded
    }
}
