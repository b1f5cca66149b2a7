import PluginKit

/// The Slack Web API methods the plugin calls, made through the host's HTTP client with the bot
/// token as a Bearer header. Arguments go form-encoded, which every method accepts (JSON bodies
/// are refused by the read methods). Every call returns Slack's answer (`ok: true`) or a
/// `SlackAPIError`; none throws.
struct SlackAPI: Sendable {
    let host: PluginHost
    let baseURL: String
    let token: String

    init(host: PluginHost, config: SlackConfig) {
        self.host = host
        baseURL = config.apiBaseURL
        token = config.botToken
    }

    /// `POST <base>/<method>` with form arguments.
    func call(_ method: String, _ arguments: [(name: String, value: String)] = [], timeoutMs: UInt32) -> Result<JSON, SlackAPIError> {
        let request = HTTPRequestSpec(method: "POST", url: "\(baseURL)/\(method)",
                                      headers: [("Authorization", "Bearer \(token)"),
                                                ("Content-Type", "application/x-www-form-urlencoded")],
                                      body: Array(FormURLEncoding.encode(arguments).utf8), timeoutMs: timeoutMs)
        let answer: HTTPResult
        do { answer = try host.http(request) } catch { return .failure(.transport("\(error)")) }
        if answer.status == 429 {
            return .failure(.slack("ratelimited", retryAfterMs: SlackAPIError.retryAfterMs(answer.header("Retry-After"))))
        }
        guard (200..<300).contains(answer.status) else { return .failure(.http(answer.status)) }
        guard let json = try? JSON.parse(answer.body), let ok = json["ok"]?.boolValue else {
            return .failure(.malformed("\(method) answered something other than Slack's {\"ok\": …} JSON"))
        }
        guard ok else { return .failure(.slack(json["error"]?.stringValue ?? "unknown_error", retryAfterMs: nil)) }
        return .success(json)
    }

    /// A file shared in a thread: `url_private_download` needs the bot token too (files:read).
    func download(_ url: String, timeoutMs: UInt32) -> Result<(contentType: String, bytes: [UInt8]), SlackAPIError> {
        let answer: HTTPResult
        do {
            answer = try host.http(HTTPRequestSpec(method: "GET", url: url, headers: [("Authorization", "Bearer \(token)")], timeoutMs: timeoutMs))
        } catch {
            return .failure(.transport("\(error)"))
        }
        guard (200..<300).contains(answer.status) else { return .failure(.http(answer.status)) }
        return .success((answer.header("Content-Type") ?? "application/octet-stream", answer.body))
    }
}
