import PluginKit

/// Calls to the Selling Partner API of the instance's region: `x-amz-access-token` from Login with
/// Amazon on every request (no AWS signature since 2023), Amazon's error shape
/// `{"errors": [{"code", "message", "details"}]}` read into `SellingPartnerError`, 429 answered with
/// a short bounded backoff (the Orders API allows 0.5 requests/s with a burst of 30, Messaging 1/s
/// with a burst of 5), and a refused token fetched again once.
struct SellingPartnerClient {
    let host: PluginHost
    let config: AmazonConfig
    let login: LoginWithAmazon

    /// Waits between attempts after a 429: short, because the caller is a webhook or a deliver()
    /// call with its own deadline; what still fails is tried again later by the caller.
    static let backoffMs: [UInt64] = [250, 750]

    func get(_ pathAndQuery: String, timeoutMs: UInt32) -> Result<JSON, SellingPartnerError> {
        call("GET", pathAndQuery, body: nil, timeoutMs: timeoutMs)
    }

    func post(_ pathAndQuery: String, body: JSON, timeoutMs: UInt32) -> Result<JSON, SellingPartnerError> {
        call("POST", pathAndQuery, body: body, timeoutMs: timeoutMs)
    }

    private func call(_ method: String, _ pathAndQuery: String, body: JSON?, timeoutMs: UInt32) -> Result<JSON, SellingPartnerError> {
        let deadline = Clock.monotonicMillis() + Int64(timeoutMs)
        func remaining() -> UInt32 { UInt32(clamping: max(100, deadline - Clock.monotonicMillis())) }
        var backoffs = Self.backoffMs[...]
        var retriedToken = false
        while true {
            let token: String
            do { token = try login.accessToken(config, timeoutMs: remaining()) } catch { return .failure(.login(error)) }
            var headers: [(name: String, value: String)] = [("x-amz-access-token", token), ("Accept", "application/json"),
                                                            ("x-amz-date", Self.amzDate(Clock.nowMillis())),
                                                            ("User-Agent", "Switchboard/1.0 (Language=Swift)")]
            if body != nil { headers.append(("Content-Type", "application/json")) }
            let answer: HTTPResult
            do {
                answer = try host.http(HTTPRequestSpec(method: method, url: config.spAPIBaseURL + pathAndQuery, headers: headers,
                                                       body: body.map { Array($0.serialized.utf8) } ?? [], timeoutMs: remaining()))
            } catch {
                return .failure(SellingPartnerError(status: 0, code: "Unreachable", message: "\(error)"))
            }
            if (200..<300).contains(answer.status) {
                return .success(answer.body.isEmpty ? [:] : (try? JSON.parse(answer.bodyText)) ?? [:])
            }
            let error = SellingPartnerError(answer)
            if answer.status == 429, let wait = backoffs.popFirst(), Int64(wait) + 200 < deadline - Clock.monotonicMillis() {
                Clock.sleep(milliseconds: Int(wait))
                continue
            }
            if answer.status == 403, error.code == "Unauthorized" || error.code == "InvalidToken", !retriedToken {
                // The access token lapsed early or was revoked: one more try with a fresh one.
                login.forget()
                retriedToken = true
                continue
            }
            return .failure(error)
        }
    }

    /// "20261207T161800Z".
    static func amzDate(_ ms: Int64) -> String {
        let iso = Clock.iso8601(ms)   // 2026-12-07T16:18:00.000Z
        let compact = iso.filter { $0 != "-" && $0 != ":" }
        return String(compact.prefix { $0 != "." && $0 != "Z" }) + "Z"
    }
}

/// What the SP-API (or Login with Amazon before it) refused.
struct SellingPartnerError: Error, Equatable {
    var status: Int
    var code: String
    var message: String
    var login: LoginWithAmazon.Failure?

    init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    init(_ answer: HTTPResult) {
        let first = (try? JSON.parse(answer.bodyText))?["errors"]?.arrayValue?.first
        self.init(status: answer.status, code: first?["code"]?.stringValue ?? "HTTP\(answer.status)",
                  message: first?["message"]?.stringValue ?? String(answer.bodyText.prefix(200)))
    }

    static func login(_ failure: LoginWithAmazon.Failure) -> SellingPartnerError {
        var error = SellingPartnerError(status: 0, code: "LoginWithAmazon", message: failure.reason)
        error.login = failure
        return error
    }

    var description: String { status == 0 ? message : "SP-API \(status) \(code): \(message)" }
}
