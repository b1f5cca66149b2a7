import PluginKit

/// The Cloud API calls of WhatsApp, on the same Graph client (Bearer token, Graph's error shape)
/// as Messenger and Instagram. Every body names `messaging_product: whatsapp`.
extension GraphClient {
    /// `POST /{phone-number-id}/messages`; the `wamid` Meta answers in `messages[0].id`.
    func sendWhatsApp(from phoneNumberID: String, _ body: JSON, timeoutMs: UInt32) -> Result<String, GraphError> {
        post("\(phoneNumberID)/messages", json: body, timeoutMs: timeoutMs).flatMap { answer in
            guard let id = answer["messages"]?.arrayValue?.first?["id"]?.stringValue else {
                return .failure(GraphError(httpStatus: 200, message: "Graph accepted the message without messages[0].id"))
            }
            return .success(id)
        }
    }

    /// `POST /{phone-number-id}/media` (multipart: `messaging_product`, `type`, `file`): the media
    /// id to send by, so Meta never has to reach Switchboard's own file URLs.
    func uploadWhatsAppMedia(phoneNumberID: String, fileName: String, contentType: String, bytes: [UInt8],
                             timeoutMs: UInt32) -> Result<String, GraphError> {
        postFile("\(phoneNumberID)/media", [
            MultipartFormData.Part(name: "messaging_product", value: "whatsapp"),
            MultipartFormData.Part(name: "type", value: contentType),
            MultipartFormData.Part(name: "file", filename: fileName, contentType: contentType, body: bytes),
        ], idField: "id", timeoutMs: timeoutMs)
    }

    /// `GET /{media-id}` then the `url` it answers, with the same Bearer token: the URL lives
    /// about five minutes, so the two calls follow each other at once.
    func downloadWhatsAppMedia(_ mediaID: String, timeoutMs: UInt32) -> Result<(contentType: String, bytes: [UInt8]), GraphError> {
        perform(HTTPRequestSpec(method: "GET", url: url(mediaID), headers: authorization, timeoutMs: timeoutMs / 2)).flatMap { info in
            guard let mediaURL = info["url"]?.stringValue else {
                return .failure(GraphError(httpStatus: 200, message: "Graph described the media without a url"))
            }
            do {
                let answer = try host.http(HTTPRequestSpec(method: "GET", url: mediaURL, headers: authorization, timeoutMs: timeoutMs / 2))
                guard (200..<300).contains(answer.status) else {
                    return .failure(GraphError(httpStatus: answer.status, message: "the media URL answered HTTP \(answer.status)"))
                }
                let type = info["mime_type"]?.stringValue ?? answer.header("Content-Type") ?? "application/octet-stream"
                return .success((type, answer.body))
            } catch {
                return .failure(.transport(error))
            }
        }
    }

    /// One page of `GET /{waba-id}/message_templates`; `after` is the previous page's cursor.
    func templatesPage(wabaID: String, after: String?, timeoutMs: UInt32) -> Result<(templates: [JSON], next: String?), GraphError> {
        var query = "?fields=" + FormURLEncoding.encodeComponent("id,name,language,status,category,components") + "&limit=100"
        if let after { query += "&after=" + FormURLEncoding.encodeComponent(after) }
        return perform(HTTPRequestSpec(method: "GET", url: url("\(wabaID)/message_templates") + query, headers: authorization,
                                       timeoutMs: timeoutMs)).map { page in
            let more = page["paging"]?["next"]?.stringValue != nil
            return (page["data"]?.arrayValue ?? [], more ? page["paging"]?["cursors"]?["after"]?.stringValue : nil)
        }
    }

    /// `GET /{waba-id}/phone_numbers`: the ids of the account's numbers.
    func phoneNumberIDs(wabaID: String, timeoutMs: UInt32) -> Result<[String], GraphError> {
        perform(HTTPRequestSpec(method: "GET", url: url("\(wabaID)/phone_numbers") + "?fields=id&limit=100", headers: authorization,
                                timeoutMs: timeoutMs)).map { page in
            (page["data"]?.arrayValue ?? []).compactMap { WebhookBatch.idString($0["id"]) }
        }
    }
}
