import PluginKit
import WebChatLogic

/// POST /uploads?name=<file name>[&text=<caption>][&client_message_id=<id>], the raw file as the
/// body with its Content-Type → 201 {message_id, conversation_id, attachment}.
/// An upload is an ordinary message carrying the attachment. Every limit is checked before
/// anything is stored: too large → 413 (file), a type the widget does not accept → 415
/// (content_type), no name or an empty file → 400.
struct UploadRoute {
    let widget: WebChatContext

    static let maxNameLength = 200

    func handle(_ request: PluginHTTPRequest) throws -> PluginHTTPResponse {
        let visitor = try widget.bearerVisitor(request)
        let config = widget.config
        let query = try QueryItems(request)
        let name = (query.value("name") ?? "").trimmingASCIIWhitespace()
        guard !name.isEmpty else { throw WidgetFailure.invalid("name", "is required (the file's name, ?name=)") }
        guard name.count <= Self.maxNameLength, !name.contains("/"), !name.contains("\\"),
              !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { throw WidgetFailure.invalid("name", "must be a file name of at most \(Self.maxNameLength) characters, without / or \\") }
        guard request.body.count <= config.maxUploadBytes else { throw WidgetFailure.tooLarge(limit: config.maxUploadBytes) }
        guard !request.body.isEmpty else { throw WidgetFailure.invalid("file", "is empty") }
        let contentType = UploadTypes.mediaType(request.header("Content-Type") ?? "")
        guard UploadTypes.allows(contentType, patterns: config.allowedUploadTypes) else { throw WidgetFailure.unsupportedType(contentType) }
        let caption = query.value("text") ?? ""
        guard caption.count <= MessageRoutes.maxTextLength else {
            throw WidgetFailure.invalid("text", "must be at most \(MessageRoutes.maxTextLength) characters")
        }
        let clientID = try VisitorMessages.checkClientID(query.value("client_message_id") ?? "upload-" + Crypto.randomHex(bytes: 12))

        // Counted once it is a file the widget would keep: refusals above cost nothing to store.
        try widget.limits.admit(.upload, key: visitor.id)
        let attachment: String
        do {
            attachment = try widget.host.storeFile(name: name, contentType: contentType, data: request.body)
        } catch PluginError.invalid(_, let reason) {
            throw WidgetFailure.invalid("file", "was refused: \(reason)")
        }
        let outcome = try VisitorMessages(widget: widget).ingest(visitor, text: caption, attachmentsJSON: "[\(attachment)]", clientMessageID: clientID)
        return VisitorMessages.answer(outcome, extra: ["attachment": (try? JSON.parse(attachment)) ?? .null])
    }
}
