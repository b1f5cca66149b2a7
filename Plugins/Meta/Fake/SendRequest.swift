import SwitchboardSupport

/// A Send API body (`POST /<v>/<asset>/messages`) checked against Meta's rules: every key one the
/// Send API knows, a recipient id, exactly one of `message` and `sender_action`, a valid
/// `messaging_type`, a tag only with MESSAGE_TAG and only HUMAN_AGENT, text within the platform's
/// limit, one attachment of a known type by id or URL, at most 13 well-formed quick replies.
struct SendRequest {
    static let senderActions: Set<String> = ["typing_on", "typing_off", "mark_seen"]
    static let messagingTypes: Set<String> = ["RESPONSE", "UPDATE", "MESSAGE_TAG"]
    /// Retired on 2026-04-27 (channels.md §2): sending with one is error 100.
    static let retiredTags: Set<String> = ["CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE", "ACCOUNT_UPDATE"]
    static let attachmentTypes: Set<String> = ["image", "video", "audio", "file"]

    var recipientID: String
    var messagingType: String?
    var tag: String?
    var senderAction: String?
    var text: String?
    var attachmentID: String?
    var attachmentURL: String?
    var quickReplies: [JSON] = []

    /// A message (not a sender action) sent with the HUMAN_AGENT tag: the 7-day window applies.
    var isHumanAgent: Bool { messagingType == "MESSAGE_TAG" && tag == "HUMAN_AGENT" }

    init(_ body: JSONObject, instagram: Bool) throws {
        try Self.onlyKeys(body, ["recipient", "messaging_type", "tag", "message", "sender_action", "notification_type",
                                 "persona_id", "access_token", "platform"], param: "body")
        guard case .object(let recipient)? = body["recipient"] else { throw GraphError.param("The parameter recipient is required") }
        try Self.onlyKeys(recipient, ["id"], param: "recipient")
        guard let id = recipient["id"].flatMap(Self.idString), !id.isEmpty else { throw GraphError.param("The parameter recipient[id] is required") }
        recipientID = id

        switch (body["message"], body["sender_action"]) {
        case (nil, nil): throw GraphError.param("Must send either message or sender_action")
        case (.some, .some): throw GraphError.param("Cannot send both message and state at the same time.")
        case (nil, let action?):
            guard let action = action.stringValue, Self.senderActions.contains(action) else {
                throw GraphError.param("Param sender_action must be one of {typing_on, typing_off, mark_seen}")
            }
            senderAction = action
        case (let message?, nil):
            guard case .object(let object) = message else { throw GraphError.param("Param message must be a JSON object") }
            try readMessage(object, instagram: instagram)
        }

        if let type = body["messaging_type"] {
            guard let type = type.stringValue, Self.messagingTypes.contains(type) else {
                throw GraphError.param("Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}")
            }
            messagingType = type
        } else if senderAction == nil {
            // Messenger has required messaging_type since 2018; Instagram's examples omit it (RESPONSE).
            if instagram { messagingType = "RESPONSE" } else { throw GraphError.param("The parameter messaging_type is required") }
        }
        try readTag(body["tag"])
    }

    private mutating func readTag(_ value: JSON?) throws {
        guard let value else {
            if messagingType == "MESSAGE_TAG" { throw GraphError.param("Param tag is required when messaging_type is MESSAGE_TAG") }
            return
        }
        guard let tag = value.stringValue else { throw GraphError.param("Param tag must be a string") }
        if Self.retiredTags.contains(tag) {
            throw GraphError.param("The message tag \(tag) has been retired and can no longer be used. Use the HUMAN_AGENT tag, or reply within the standard messaging window.")
        }
        guard tag == "HUMAN_AGENT" else { throw GraphError.param("Param tag must be one of {HUMAN_AGENT}") }
        guard messagingType == "MESSAGE_TAG" else { throw GraphError.param("Param tag can only be used with messaging_type MESSAGE_TAG") }
        self.tag = tag
    }

    private mutating func readMessage(_ message: JSONObject, instagram: Bool) throws {
        try Self.onlyKeys(message, ["text", "attachment", "quick_replies", "metadata"], param: "message")
        switch (message["text"], message["attachment"]) {
        case (nil, nil): throw GraphError.param("Param message must contain either text or attachment")
        case (.some, .some): throw GraphError.param("Param message must contain only one of text or attachment")
        case (let text?, nil):
            guard let text = text.stringValue, !text.isEmpty else {
                throw GraphError.param("Param message[text] must be a non-empty UTF-8 encoded string")
            }
            // Counted in Unicode code points, as Graph's own string functions count.
            let limit = instagram ? 1000 : 2000
            guard text.unicodeScalars.count <= limit else {
                throw GraphError.param("Length of param message[text] must be less than or equal to \(limit)")
            }
            self.text = text
        case (nil, let attachment?):
            try readAttachment(attachment)
        }
        if let metadata = message["metadata"] {
            guard let text = metadata.stringValue, text.utf8.count <= 1000 else {
                throw GraphError.param("Param message[metadata] must be a string of at most 1000 characters")
            }
        }
        if let replies = message["quick_replies"] { try readQuickReplies(replies) }
    }

    private mutating func readAttachment(_ value: JSON) throws {
        guard case .object(let attachment) = value else { throw GraphError.param("Param message[attachment] must be a JSON object") }
        try Self.onlyKeys(attachment, ["type", "payload"], param: "message[attachment]")
        guard let type = attachment["type"]?.stringValue, Self.attachmentTypes.contains(type) else {
            throw GraphError.param("Param message[attachment][type] must be one of {image, video, audio, file} (fake: templates are not modelled)")
        }
        guard case .object(let payload)? = attachment["payload"] else {
            throw GraphError.param("The parameter message[attachment][payload] is required")
        }
        try Self.onlyKeys(payload, ["url", "attachment_id", "is_reusable"], param: "message[attachment][payload]")
        if let reusable = payload["is_reusable"], reusable.boolValue == nil, !["true", "false"].contains(reusable.stringValue ?? "") {
            throw GraphError.param("Param message[attachment][payload][is_reusable] must be a boolean")
        }
        switch (payload["url"], payload["attachment_id"]) {
        case (nil, nil): throw GraphError.param("Param message[attachment][payload] must contain either url or attachment_id")
        case (.some, .some): throw GraphError.param("Param message[attachment][payload] must contain only one of url or attachment_id")
        case (let url?, nil):
            guard let url = url.stringValue, url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw GraphError.param("Param message[attachment][payload][url] must be a valid URL")
            }
            attachmentURL = url
        case (nil, let id?):
            guard let id = Self.idString(id), !id.isEmpty else { throw GraphError.param("Param message[attachment][payload][attachment_id] must be an id") }
            attachmentID = id
        }
    }

    private mutating func readQuickReplies(_ value: JSON) throws {
        guard let replies = value.arrayValue, !replies.isEmpty else {
            throw GraphError.param("Param message[quick_replies] must be a non-empty array")
        }
        guard replies.count <= 13 else { throw GraphError.param("Param message[quick_replies] must have at most 13 elements") }
        for (index, reply) in replies.enumerated() {
            let name = "message[quick_replies][\(index)]"
            guard case .object(let object) = reply else { throw GraphError.param("Param \(name) must be a JSON object") }
            try Self.onlyKeys(object, ["content_type", "title", "payload", "image_url"], param: name)
            guard object["content_type"]?.stringValue == "text" else {
                throw GraphError.param("Param \(name)[content_type] must be text")
            }
            guard let title = object["title"]?.stringValue, !title.isEmpty, title.unicodeScalars.count <= 20 else {
                throw GraphError.param("Param \(name)[title] must be a non-empty string of at most 20 characters")
            }
            guard let payload = object["payload"].flatMap(Self.idString), !payload.isEmpty, payload.unicodeScalars.count <= 1000 else {
                throw GraphError.param("Param \(name)[payload] must be a non-empty string of at most 1000 characters")
            }
        }
        quickReplies = replies
    }

    static func onlyKeys(_ object: JSONObject, _ allowed: Set<String>, param: String) throws {
        for key in object.keys where !allowed.contains(key) { throw GraphError.unexpectedKey(key, on: param) }
    }

    /// Graph ids arrive as strings, sometimes as numbers.
    static func idString(_ value: JSON) -> String? {
        if let text = value.stringValue { return text }
        if let number = value.intValue { return String(number) }
        return nil
    }
}
