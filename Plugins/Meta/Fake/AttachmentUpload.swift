import SwitchboardSupport
import SwitchboardTransport

/// `POST /<v>/<asset>/message_attachments`, the Attachment Upload API: multipart/form-data with a
/// `message` field (`{"attachment":{"type":"image","payload":{"is_reusable":true}}}`) and the file
/// as a part named `filedata`, or a `payload.url` to upload from a URL. Answers
/// `{"attachment_id": "<id>"}`; sends may then name that id.
extension FakeGraphAPI {
    func upload(to assetID: String, _ params: GraphParams) throws -> HTTPResponse {
        guard isAsset(assetID) else { throw GraphError.unsupported("POST", id: assetID) }
        if state.withLock({ $0.withoutPermission.contains(assetID) }) { throw GraphError.noPermission(instagram: isInstagram(assetID)) }
        try SendRequest.onlyKeys(params.fields, ["message", "platform", "access_token"], param: "body")
        for part in params.files where part.name != "filedata" { throw GraphError.unexpectedKey(part.name, on: "body") }
        if let platform = params.fields["platform"], !["instagram", "messenger"].contains(platform.stringValue ?? "") {
            throw GraphError.param("Param platform must be one of {messenger, instagram}")
        }
        guard case .object(let message)? = params.fields["message"] else { throw GraphError.param("The parameter message is required") }
        try SendRequest.onlyKeys(message, ["attachment"], param: "message")
        guard case .object(let attachment)? = message["attachment"] else {
            throw GraphError.param("The parameter message[attachment] is required")
        }
        // Meta's Instagram guide puts is_reusable beside type as well as in payload: both are taken.
        try SendRequest.onlyKeys(attachment, ["type", "payload", "is_reusable"], param: "message[attachment]")
        guard let type = attachment["type"]?.stringValue, SendRequest.attachmentTypes.contains(type) else {
            throw GraphError.param("Param message[attachment][type] must be one of {image, video, audio, file}")
        }
        let payload = attachment["payload"]?.objectValue ?? [:]
        try SendRequest.onlyKeys(payload, ["is_reusable", "url"], param: "message[attachment][payload]")
        let file = params.files.first { $0.name == "filedata" }
        let url = payload["url"]?.stringValue
        let upload: Upload
        switch (file, url) {
        case (nil, nil): throw GraphError.param("The parameter filedata is required")
        case (.some, .some): throw GraphError.param("Give either filedata or message[attachment][payload][url], not both")
        case (let file?, nil):
            upload = Upload(assetID: assetID, type: type, filename: file.filename ?? "", bytes: file.body, attachmentID: GraphIDs.numericID())
        case (nil, let url?):
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw GraphError.param("Param message[attachment][payload][url] must be a valid URL")
            }
            upload = Upload(assetID: assetID, type: type, filename: url, bytes: [], attachmentID: GraphIDs.numericID())
        }
        state.withLock { $0.uploads.append(upload) }
        return .json(200, ["attachment_id": .string(upload.attachmentID)])
    }
}
