import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// Talks to a running host's admin API (the CLI's plugins/channels/credentials commands).
struct AdminClient {
    let baseURL: String
    let apiKey: String

    /// --url / SWITCHBOARD_URL, --api-key / SWITCHBOARD_API_KEY / <data>/admin.key.
    init(_ args: Arguments) throws {
        baseURL = args.option("url") ?? env("SWITCHBOARD_URL") ?? "http://127.0.0.1:8080"
        if let key = args.option("api-key") ?? env("SWITCHBOARD_API_KEY") {
            apiKey = key
        } else {
            let path = "\(args.option("data") ?? "./data")/admin.key"
            guard let text = FileSystem.readText(path) else {
                throw CLIError("no API key: pass --api-key, set SWITCHBOARD_API_KEY, or run where \(path) exists (--data DIR)")
            }
            apiKey = text.split(separator: "\n").first.map(String.init) ?? ""
        }
    }

    func call(_ method: String, _ path: String, _ body: JSON? = nil) throws -> JSON {
        var headers = [("Authorization", "Bearer \(apiKey)")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let response: HTTPClientResponse
        do {
            response = try HTTPClient.perform(HTTPClientRequest(method: method, url: baseURL + path, headers: headers,
                                                                body: Array((body?.serialized ?? "").utf8), timeoutMs: 60_000))
        } catch {
            throw CLIError("cannot reach Switchboard at \(baseURL): \(error)")
        }
        let parsed = response.body.isEmpty ? JSON.null : (try? JSON.parse(response.body)) ?? .string(response.text)
        guard (200..<300).contains(response.status) else {
            throw CLIError("\(response.status): \(parsed["message"]?.stringValue ?? response.text)")
        }
        return parsed
    }
}

func env(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
