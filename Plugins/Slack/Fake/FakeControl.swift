import SwitchboardSupport
import SwitchboardTransport

/// The fake's own controls over HTTP, for tests that are not Swift (the browser test drives the
/// fake from Python): what the app posted, and a person's reply in a thread, sent to the host as
/// Slack would send it (built, signed and retried by `SlackEventSender`, so no test re-implements
/// Slack's signing). Under /fake/, which Slack itself does not have.
///
///     GET  /fake/posts                                      → {"posts": [{"channel", "ts", "thread_ts", "text"}]}
///     POST /fake/reply {"url", "signing_secret", "channel", "thread_ts", "user", "text"}
///                                                           → {"event_id", "attempts": [status, …]}
///     POST /fake/users {"id", "name", "real_name", "email"}  someone joins the workspace → {"ok": true}
extension FakeSlack {
    static let controlPrefix = "/fake/"

    func control(_ request: HTTPRequest) -> HTTPResponse {
        switch (request.method, request.path) {
        case ("GET", "/fake/posts"):
            return .json(200, ["posts": .array(posts.map { post in
                ["channel": .string(post.channel), "ts": .string(post.ts), "thread_ts": .from(post.threadTS), "text": .string(post.text)]
            })])
        case ("POST", "/fake/reply"):
            guard let body = try? JSON.parse(request.bodyBytes), let url = body["url"]?.stringValue, let secret = body["signing_secret"]?.stringValue,
                  let channel = body["channel"]?.stringValue, let thread = body["thread_ts"]?.stringValue,
                  let user = body["user"]?.stringValue, let text = body["text"]?.stringValue
            else { return .error(400, "bad_request", "needs url, signing_secret, channel, thread_ts, user and text") }
            let event = reply(to: Post(channel: channel, ts: thread, threadTS: nil, text: ""), user: user, text: text)
            let attempts = SlackEventSender(url: url, signingSecret: secret).deliver(event.body)
            return .json(200, ["event_id": .string(event.id), "attempts": .array(attempts.map { .from($0.status) })])
        case ("POST", "/fake/users"):
            guard let body = try? JSON.parse(request.bodyBytes), let id = body["id"]?.stringValue, let name = body["name"]?.stringValue,
                  let realName = body["real_name"]?.stringValue, let email = body["email"]?.stringValue
            else { return .error(400, "bad_request", "needs id, name, real_name and email") }
            addUser(id: id, name: name, realName: realName, email: email)
            return .json(200, ["ok": true])
        default:
            return .text(404, "no such control")
        }
    }
}
