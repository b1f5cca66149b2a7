import SwitchboardSupport

/// Slack's Events API delivery, exactly as Slack does it: `POST` of the JSON body with
/// `X-Slack-Request-Timestamp` (Unix seconds) and `X-Slack-Signature: v0=<hex HMAC-SHA256 of
/// "v0:<timestamp>:<body>" under the signing secret>`, a 3-second wait for a 2xx, and up to three
/// retries (Slack waits 0 s, 1 min, 5 min; tests pass shorter `retryDelaysMs`) carrying
/// `X-Slack-Retry-Num` and `X-Slack-Retry-Reason`, each freshly timestamped and signed.
public struct SlackEventSender: Sendable {
    public let url: String
    public let signingSecret: String
    public var retryDelaysMs: [Int]
    public var timeoutMs: Int

    public init(url: String, signingSecret: String, retryDelaysMs: [Int] = [0, 0, 0], timeoutMs: Int = 3_000) {
        self.url = url
        self.signingSecret = signingSecret
        self.retryDelaysMs = retryDelaysMs
        self.timeoutMs = timeoutMs
    }

    /// One attempt's outcome: the status (0 when it timed out or failed to connect) and body.
    public struct Attempt: Sendable {
        public var status: Int
        public var text: String
        public var retryNum: Int
    }

    public static func signature(body: [UInt8], timestamp: String, secret: String) -> String {
        "v0=" + Crypto.hex(Crypto.hmacSHA256(key: Array(secret.utf8), message: Array("v0:\(timestamp):".utf8) + body))
    }

    /// Sends once, as a given retry (0: the first delivery). `timestamp`/`signature` override
    /// what Slack would send, to test refusals.
    public func sendOnce(_ body: String, retryNum: Int = 0, retryReason: String = "http_error",
                         timestamp: Int64? = nil, signature: String? = nil) -> Attempt {
        let bytes = Array(body.utf8)
        let ts = String(timestamp ?? Clock.nowMillis() / 1000)
        var headers: [(String, String)] = [
            ("Content-Type", "application/json"), ("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)"),
            ("X-Slack-Request-Timestamp", ts),
            ("X-Slack-Signature", signature ?? Self.signature(body: bytes, timestamp: ts, secret: signingSecret)),
        ]
        if retryNum > 0 { headers += [("X-Slack-Retry-Num", String(retryNum)), ("X-Slack-Retry-Reason", retryReason)] }
        do {
            let answer = try HTTPClient.perform(HTTPClientRequest(method: "POST", url: url, headers: headers, body: bytes, timeoutMs: timeoutMs))
            return Attempt(status: answer.status, text: answer.text, retryNum: retryNum)
        } catch {
            return Attempt(status: 0, text: "\(error)", retryNum: retryNum)
        }
    }

    /// Sends and, like Slack, retries while the answer is not a 2xx in time; every attempt, in order.
    @discardableResult
    public func deliver(_ body: String) -> [Attempt] {
        var attempts = [sendOnce(body)]
        for (index, delay) in retryDelaysMs.enumerated() where !(200..<300).contains(attempts.last!.status) {
            if delay > 0 { Clock.sleep(milliseconds: delay) }
            let reason = attempts.last!.status == 0 ? "http_timeout" : "http_error"
            attempts.append(sendOnce(body, retryNum: index + 1, retryReason: reason))
        }
        return attempts
    }
}
