import SwitchboardSupport
import SwitchboardTransport

/// Inbound MMS media as Twilio serves it: `GET /2010-04-01/Accounts/{AC}/Messages/{MM}/Media/{ME}`
/// needs the account's basic auth (the "HTTP Basic Authentication for media" setting) and answers
/// with a redirect to short-lived storage, which serves the bytes to whoever has the link.
struct MediaStore {
    let fake: FakeTwilio

    static let pathPrefix = "/media-storage/"

    /// The authenticated API path: a 307 to the storage copy.
    func serveAuthenticated(_ request: FakeTwilio.Request) -> HTTPResponse {
        guard fake.state.withLock({ $0.media[request.path] }) != nil else { return TwilioAPIError.notFound(request.path).response() }
        let location = fake.baseURL + Self.pathPrefix + request.path.split(separator: "/").last.map(String.init)!
        return HTTPResponse(status: 307, headers: [("Location", location)])
    }

    /// The storage copy, no credentials needed (and none expected).
    func serveStored(_ request: FakeTwilio.Request) -> HTTPResponse {
        let mediaSID = String(request.path.dropFirst(Self.pathPrefix.count))
        let found = fake.state.withLock { state in state.media.first { $0.key.hasSuffix("/" + mediaSID) }?.value }
        guard let found else { return .text(404, "no such media") }
        return HTTPResponse(status: 200, contentType: found.contentType, body: found.bytes)
    }
}
