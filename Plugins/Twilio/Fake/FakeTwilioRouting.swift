import SwitchboardSupport
import SwitchboardTransport

/// Request handling: record, then Twilio's order of checks — the media store, basic auth, the
/// account in the path, injected failures — before the resource itself.
extension FakeTwilio {
    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let record = Request(request)
        state.withLock { $0.received.append(record) }
        if request.path.hasPrefix(MediaStore.pathPrefix) { return MediaStore(fake: self).serveStored(record) }
        do {
            try authenticate(record)
            return try route(record)
        } catch let error as TwilioAPIError {
            return error.response()
        } catch {
            return TwilioAPIError(status: 400, code: 20001, message: "\(error)").response()
        }
    }

    private func route(_ request: Request) throws -> HTTPResponse {
        // The Messaging API (messaging.twilio.com), served at the same base.
        if request.path.hasPrefix(Self.servicesPrefix) { return try serviceNumbers(request) }
        let prefix = "/2010-04-01/Accounts/"
        guard request.path.hasPrefix(prefix) else { throw TwilioAPIError.notFound(request.path) }
        let parts = request.path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // The account in the path must be the one authenticated: no reaching into other accounts.
        guard parts.first == accountSID else { throw TwilioAPIError.notFound(request.path) }
        if let failure = state.withLock({ $0.failures.isEmpty ? nil : $0.failures.removeFirst() }) {
            throw TwilioAPIError(status: failure.status, code: failure.code, message: failure.message)
        }
        let resource = Array(parts.dropFirst())
        switch (request.method, resource.count, resource.first) {
        case ("POST", 1, "Messages.json"): return try createMessage(try form(request))
        case (_, 1, "Messages.json"): throw TwilioAPIError.methodNotAllowed(request.method)
        case ("POST", 1, "Calls.json"): return try createCall(try form(request))
        case ("GET", 4, "Messages") where resource[2] == "Media": return MediaStore(fake: self).serveAuthenticated(request)
        case ("GET", 2, "Recordings"): return MediaStore(fake: self).serveAuthenticated(request)
        case ("GET", 3, "AvailablePhoneNumbers"): return try searchAvailable(country: resource[1], file: resource[2], request.query)
        case ("GET", 1, "IncomingPhoneNumbers.json"): return listOwned(request.query)
        case ("POST", 1, "IncomingPhoneNumbers.json"): return try buy(try form(request))
        case (_, 2, "IncomingPhoneNumbers"): return try ownedNumber(request.method, file: resource[1], request)
        default: throw TwilioAPIError.notFound(request.path)
        }
    }

    /// HTTP basic auth: the account SID and auth token, or an API key SID and its secret.
    private func authenticate(_ request: Request) throws {
        guard let header = request.header("Authorization"), header.hasPrefix("Basic "),
              let decoded = Crypto.base64Decode(String(header.dropFirst(6))),
              let pair = String(validating: decoded, as: UTF8.self), let colon = pair.firstIndex(of: ":")
        else { throw TwilioAPIError.authenticate }
        let user = String(pair[..<colon]), password = String(pair[pair.index(after: colon)...])
        let accountPair = user == accountSID && password == authToken
        let keyPair = apiKey.map { user == $0.sid && password == $0.secret } ?? false
        guard accountPair || keyPair else { throw TwilioAPIError.authenticate }
    }

    /// The body of a POST: form-encoded, or refused.
    func form(_ request: Request) throws -> [(String, String)] {
        let type = request.header("Content-Type")?.split(separator: ";").first.map { $0.lowercased() } ?? ""
        guard type == "application/x-www-form-urlencoded" else { throw TwilioAPIError.unsupportedMediaType }
        return try FormURLEncoding.decode(bytes: request.body).map { ($0.name, $0.value) }
    }
}

extension Array where Element == (String, String) {
    func first(_ name: String) -> String? { first { $0.0 == name }?.1 }
    func all(_ name: String) -> [String] { filter { $0.0 == name }.map(\.1) }
}
