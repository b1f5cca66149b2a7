import PluginKit

/// Mailgun's REST API, as the instance uses it: HTTP Basic `api:<key>` on the region's host,
/// resources under /v3/<domain>. Calls go through the host's HTTP client (libcurl).
public struct MailgunClient {
    public let host: PluginHost
    public let account: MailgunAccount

    public init(host: PluginHost, account: MailgunAccount) {
        self.host = host
        self.account = account
    }

    /// POST /v3/<domain>/messages. Form-encoded, or multipart/form-data when files are attached
    /// (Mailgun requires multipart for attachments). Returns what Mailgun answered.
    public func send(_ fields: [(name: String, value: String)], files: [MultipartFormData.Part], timeoutMs: UInt32) throws -> HTTPResult {
        let (contentType, body): (String, [UInt8])
        if files.isEmpty {
            (contentType, body) = ("application/x-www-form-urlencoded", Array(FormURLEncoding.encode(fields).utf8))
        } else {
            (contentType, body) = MultipartFormData.encode(fields.map { MultipartFormData.Part(name: $0.name, value: $0.value) } + files)
        }
        return try host.http(HTTPRequestSpec(method: "POST", url: "\(account.apiBaseURL)/v3/\(account.domain)/messages",
                                             headers: [("Content-Type", contentType), ("Accept", "application/json")], body: body,
                                             timeoutMs: timeoutMs, basicAuth: "api:" + account.apiKey))
    }

    /// GET /v3/domains/<domain>: the domain's state and the DNS records it needs.
    public func domain(timeoutMs: UInt32) throws -> HTTPResult {
        try host.http(HTTPRequestSpec(method: "GET", url: "\(account.apiBaseURL)/v3/domains/\(account.domain)",
                                      headers: [("Accept", "application/json")], timeoutMs: timeoutMs, basicAuth: "api:" + account.apiKey))
    }

    /// What a send's answer means for delivery. Mailgun: 200 queued (with the Message-Id as `id`),
    /// 400 a bad request, 401 a bad key, 402 the request failed, 404 an unknown domain, 429 and 5xx
    /// temporary. A bad key or domain is the operator's to fix, so those are retried until they do
    /// (or the attempts run out); other 4xx will never pass as they are.
    public static func outcome(of answer: HTTPResult) -> DeliveryResult {
        let status = Int32(answer.status)
        let message = (try? JSON.parse(answer.bodyText))?["message"]?.stringValue ?? String(answer.bodyText.prefix(300))
        switch answer.status {
        case 200..<300:
            guard let id = (try? JSON.parse(answer.bodyText))?["id"]?.stringValue, !ThreadIndex.bare(id).isEmpty else {
                return .retry(detail: "Mailgun accepted the message without an id", providerStatus: status)
            }
            return .sent(providerMessageID: ThreadIndex.bare(id), providerStatus: status)
        case 401, 404, 408, 429, 500...:
            return .retry(detail: message, providerStatus: status)
        default:
            return .rejected(detail: message, providerStatus: status)
        }
    }
}
