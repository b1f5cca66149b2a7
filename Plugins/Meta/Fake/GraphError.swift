import SwitchboardSupport
import SwitchboardTransport

/// A Graph API error, answered in Graph's one error shape:
/// `{"error": {"message", "type", "code", "error_subcode"?, "fbtrace_id"}}`.
///
/// Statuses follow what Graph really answers: 400 for nearly everything (bad parameters, bad or
/// missing tokens, throttling, the messaging window), 403 for permission errors. Plugins must
/// decide by `code`/`error_subcode`, never by the status alone. Messages are Graph's wording where
/// it is on record (Messenger "Common Error Codes", Send API error codes); see FakeGraphAPI.md.
struct GraphError: Error {
    var status: Int
    var message: String
    var type: String
    var code: Int
    var subcode: Int?
    /// WhatsApp's `error_data.details`: what Meta says to branch on beside the code.
    var details: String?

    init(status: Int = 400, _ message: String, type: String = "OAuthException", code: Int, subcode: Int? = nil) {
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.subcode = subcode
    }

    func response() -> HTTPResponse {
        let trace = GraphIDs.traceID()
        var error: JSONObject = ["message": .string(message), "type": .string(type), "code": .number(Double(code))]
        if let subcode { error["error_subcode"] = .number(Double(subcode)) }
        if let details { error["error_data"] = ["messaging_product": "whatsapp", "details": .string(details)] }
        error["fbtrace_id"] = .string(trace)
        var response = HTTPResponse.json(status, .object(["error": .object(error)]))
        response.headers.append(("x-fb-trace-id", trace))
        // Graph names token failures in WWW-Authenticate as well (RFC 6750 style).
        if code == 190 || code == 104 {
            response.headers.append(("WWW-Authenticate", "OAuth \"Facebook Platform\" \"invalid_token\" \"\(message)\""))
        }
        return response
    }

    // MARK: routing and auth

    /// A path Graph does not know, a wrong or missing version among them.
    static func unknownPath(_ path: String) -> GraphError {
        GraphError("Unknown path components: \(path)", code: 2500)
    }

    static let tokenRequired = GraphError("An access token is required to request this resource.", code: 104)
    static let invalidToken = GraphError("Invalid OAuth access token - Cannot parse access token", code: 190)
    static let revokedToken = GraphError(
        "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.",
        code: 190, subcode: 460)
    static let rateLimited = GraphError("(#613) Calls to this api have exceeded the rate limit.", code: 613)

    /// An object that does not exist, or that the token may not see (a removed permission reads the same).
    static func unsupported(_ method: String, id: String) -> GraphError {
        GraphError("Unsupported \(method.lowercased()) request. Object with ID '\(id)' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
                   type: "GraphMethodException", code: 100, subcode: 33)
    }

    // MARK: parameters

    static func param(_ text: String) -> GraphError { GraphError("(#100) \(text)", code: 100) }

    static func unexpectedKey(_ key: String, on param: String) -> GraphError {
        .param("Unexpected key \"\(key)\" on param \"\(param)\".")
    }

    static func nonexistingField(_ field: String, nodeType: String) -> GraphError {
        .param("Tried accessing nonexisting field (\(field)) on node type (\(nodeType))")
    }

    static let noProfile = GraphError("(#100) No profile available for this user.", code: 100, subcode: 2018218)

    // MARK: messaging policy

    static let outsideWindow = GraphError(
        "(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview",
        code: 10, subcode: 2018278)

    static let unavailable = GraphError("(#551) This person isn't available right now.", code: 551, subcode: 1545041)

    /// The token lost the asset's messaging permission (a Page: pages_messaging, code 200; an
    /// Instagram account: instagram_manage_messages, code 10).
    static func noPermission(instagram: Bool) -> GraphError {
        instagram
            ? GraphError(status: 403, "(#10) Requires instagram_manage_messages permission to manage the object", code: 10)
            : GraphError(status: 403, "(#200) Requires pages_messaging permission to manage the object", code: 200)
    }
}

/// Identifiers shaped like Graph's: numeric object ids, `m_…` message ids, short trace ids.
enum GraphIDs {
    private static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-".utf8)

    static func random(_ count: Int, from alphabet: [UInt8]) -> String {
        String(decoding: Crypto.randomBytes(count).map { alphabet[Int($0) % alphabet.count] }, as: UTF8.self)
    }

    static func traceID() -> String { random(11, from: alphanumerics) }
    static func messageID() -> String { "m_" + random(64, from: alphanumerics) }
    static func numericID() -> String { "1" + random(15, from: Array("0123456789".utf8)) }
}
