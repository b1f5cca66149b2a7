import PluginKit

/// A form POST from Twilio to one of an instance's routes (an inbound message, a status
/// callback, and for Voice a call), checked before anything in it is believed:
///
/// 1. the body decodes as `application/x-www-form-urlencoded` (else 400 naming the parameter);
/// 2. `X-Twilio-Signature` is Twilio's for the URL Twilio called and those parameters (else 403).
///
/// The URL Twilio called is the host's public URL (`--public-url`) + the route + the query, never
/// the loopback address the request reached us on behind a proxy.
public struct TwilioWebhook: Sendable {
    public let params: [(name: String, value: String)]

    /// A refusal, as the HTTP answer Twilio gets; nothing was stored.
    public struct Refusal: Error, Sendable {
        public let response: PluginHTTPResponse
        public init(response: PluginHTTPResponse) { self.response = response }
        /// A plain-text answer with this status.
        public init(_ status: Int, _ text: String) { response = .text(status, text) }
    }

    /// `publicURL`: InstanceInfo.publicBaseURL + InstanceInfo.routePrefix.
    public init(_ request: PluginHTTPRequest, publicURL: String, authToken: String) throws(Refusal) {
        if let type = request.mediaType, type != "application/x-www-form-urlencoded" {
            throw Refusal(response: .text(415, "Content-Type must be application/x-www-form-urlencoded, not \(type)"))
        }
        let params: [(name: String, value: String)]
        do {
            params = try FormURLEncoding.decode(bytes: request.body)
        } catch {
            throw Refusal(response: .text(400, "parameter \(error.name): \(error.message)"))
        }
        let url = publicURL + request.path + (request.query.isEmpty ? "" : "?" + request.query)
        guard TwilioSignature.isValid(signature: request.header("X-Twilio-Signature"), url: url, params: params, authToken: authToken) else {
            let why = request.header("X-Twilio-Signature") == nil ? "missing" : "does not match"
            throw Refusal(response: .text(403, "X-Twilio-Signature \(why): signed requests from Twilio only"))
        }
        self.params = params
    }

    /// The first value of a parameter.
    public subscript(name: String) -> String? { params.first { $0.name == name }?.value }

    /// A parameter that must be there and not be empty; throws 400 naming it.
    public func required(_ name: String) throws(Refusal) -> String {
        guard let value = self[name], !value.isEmpty else { throw Refusal(response: .text(400, "parameter \(name) is required")) }
        return value
    }

    /// An empty TwiML answer: Twilio sends nothing back to the customer.
    public static let emptyResponse = PluginHTTPResponse(status: 200, contentType: "text/xml",
                                                         body: Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>".utf8))
}
