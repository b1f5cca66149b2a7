import PluginKit

/// The Graph API calls Messenger and Instagram need (WhatsApp's are in WhatsApp/WhatsAppGraph.swift), made through the host's HTTP client with
/// the asset's token as a Bearer header (never in the URL, where proxies log it). Every call
/// returns Graph's answer or a `GraphError`; none throws.
public struct GraphClient: Sendable {
    let host: PluginHost
    let baseURL: String
    let version: String
    let token: String

    public init(host: PluginHost, connection: MetaConnection) {
        self.host = host
        baseURL = connection.graphBaseURL
        version = connection.graphVersion
        token = connection.accessToken
    }

    /// `POST /{asset-id}/messages` with a body from `MessageRequest`; Meta's message id.
    public func send(assetID: String, _ body: JSON, timeoutMs: UInt32) -> Result<String, GraphError> {
        post("\(assetID)/messages", json: body, timeoutMs: timeoutMs).flatMap { answer in
            guard let mid = answer["message_id"]?.stringValue else {
                return .failure(GraphError(httpStatus: 200, message: "Graph accepted the message without a message_id"))
            }
            return .success(mid)
        }
    }

    /// `POST /{asset-id}/message_attachments`: uploads a file once, for sending by id (so Meta
    /// never has to reach Switchboard's own file URLs). Returns the attachment_id.
    public func upload(assetID: String, type: String, fileName: String, contentType: String, bytes: [UInt8],
                       timeoutMs: UInt32) -> Result<String, GraphError> {
        let message: JSON = ["attachment": ["type": .string(type), "payload": ["is_reusable": true]]]
        return postFile("\(assetID)/message_attachments", [
            MultipartFormData.Part(name: "message", value: message.serialized),
            MultipartFormData.Part(name: "filedata", filename: fileName, contentType: contentType, body: bytes),
        ], idField: "attachment_id", timeoutMs: timeoutMs)
    }

    /// A multipart upload whose answer names the stored file by `idField` (Messenger's
    /// attachment_id, WhatsApp's media id).
    func postFile(_ path: String, _ parts: [MultipartFormData.Part], idField: String, timeoutMs: UInt32) -> Result<String, GraphError> {
        let (multipartType, body) = MultipartFormData.encode(parts)
        let request = HTTPRequestSpec(method: "POST", url: url(path),
                                      headers: authorization + [("Content-Type", multipartType)], body: body, timeoutMs: timeoutMs)
        return perform(request).flatMap { answer in
            guard let id = answer[idField]?.stringValue else {
                return .failure(GraphError(httpStatus: 200, message: "Graph stored the upload without its \(idField)"))
            }
            return .success(id)
        }
    }

    /// `GET /{id}?fields=…`: a customer's profile or the asset's own name.
    public func fields(of id: String, _ fields: String, timeoutMs: UInt32) -> Result<JSON, GraphError> {
        perform(HTTPRequestSpec(method: "GET", url: url(id) + "?fields=" + FormURLEncoding.encodeComponent(fields),
                                headers: authorization, timeoutMs: timeoutMs))
    }

    /// Media from Meta's CDN (the URL is itself the permission, so no token goes with it), or a
    /// reply's file (`userChosen`: its URL came with the reply, so the host's network guard applies).
    public func download(_ mediaURL: String, userChosen: Bool = false, timeoutMs: UInt32) -> Result<(contentType: String, bytes: [UInt8]), GraphError> {
        do {
            let answer = try host.http(HTTPRequestSpec(method: "GET", url: mediaURL, timeoutMs: timeoutMs, userChosenURL: userChosen))
            guard (200..<300).contains(answer.status) else {
                return .failure(GraphError(httpStatus: answer.status, message: "the media URL answered HTTP \(answer.status)"))
            }
            return .success((answer.header("Content-Type") ?? "application/octet-stream", answer.body))
        } catch {
            return .failure(.transport(error))
        }
    }

    // MARK: -

    var authorization: [(name: String, value: String)] { [("Authorization", "Bearer \(token)")] }

    func url(_ path: String) -> String { "\(baseURL)/\(version)/\(path)" }

    func post(_ path: String, json: JSON, timeoutMs: UInt32) -> Result<JSON, GraphError> {
        perform(HTTPRequestSpec(method: "POST", url: url(path), headers: authorization + [("Content-Type", "application/json")],
                                body: Array(json.serialized.utf8), timeoutMs: timeoutMs))
    }

    func perform(_ request: HTTPRequestSpec) -> Result<JSON, GraphError> {
        let answer: HTTPResult
        do { answer = try host.http(request) } catch { return .failure(.transport(error)) }
        guard (200..<300).contains(answer.status) else { return .failure(GraphError(httpStatus: answer.status, body: answer.body)) }
        guard let json = try? JSON.parse(answer.body) else {
            return .failure(GraphError(httpStatus: answer.status, message: "Graph answered something other than JSON"))
        }
        return .success(json)
    }
}
