import SwitchboardSupport
import SwitchboardTransport

/// The Bot API methods the Telegram channel uses, with Telegram's checks and answers.
extension FakeTelegram {
    func call(_ method: String, _ call: Call) throws -> JSON {
        let p = call.parameters
        switch method {
        case "getMe":
            return ["id": .number(Double(botID)), "is_bot": true, "first_name": .string(botName), "username": .string(botUsername)]
        case "setWebhook": return try setWebhook(p)
        case "deleteWebhook":
            state.withLock { $0.webhook = Webhook() }
            return true
        case "getWebhookInfo":
            return state.withLock { state in
                var info: JSONObject = ["url": .string(state.webhook.url), "has_custom_certificate": false,
                                        "pending_update_count": .number(Double(state.webhook.pending))]
                if let date = state.webhook.lastErrorDate { info["last_error_date"] = .number(Double(date)) }
                if let message = state.webhook.lastErrorMessage { info["last_error_message"] = .string(message) }
                if !state.webhook.allowedUpdates.isEmpty { info["allowed_updates"] = .array(state.webhook.allowedUpdates.map { .string($0) }) }
                return .object(info)
            }
        case "getFile":
            guard let id = p["file_id"], !id.isEmpty else { throw BotAPIError.badRequest("file_id is empty") }
            guard let file = state.withLock({ $0.files[id] }) else { throw BotAPIError.badRequest("invalid file_id") }
            guard file.size <= Self.downloadLimit else { throw BotAPIError.badRequest("file is too big") }
            return ["file_id": .string(id), "file_unique_id": .string("u-" + id), "file_size": .number(Double(file.size)), "file_path": .string(file.path)]
        case "sendMessage":
            let chat = try chatID(p)
            let text = p["text"] ?? ""
            guard !text.isEmpty else { throw BotAPIError.badRequest("message text is empty") }
            guard text.utf16.count <= 4096 else { throw BotAPIError.badRequest("message is too long") }
            if p["parse_mode"] == "HTML", let problem = TelegramHTML.problem(in: text) {
                throw BotAPIError.badRequest("can't parse entities: \(problem)")
            }
            let markup = try p["reply_markup"].map { text -> JSON in
                guard let markup = try? JSON.parse(text), markup.objectValue != nil else { throw BotAPIError.badRequest("can't parse reply keyboard markup JSON object") }
                return markup
            }
            return record(Sent(messageID: nextMessageID(), chatID: chat, method: method, text: text, parseMode: p["parse_mode"], replyMarkup: markup))
        case "sendPhoto", "sendDocument":
            let chat = try chatID(p)
            let field = method == "sendPhoto" ? "photo" : "document"
            guard let file = call.files[field] else {
                // A file_id or an HTTP URL Telegram would fetch itself: a self-hosted host's URL is
                // usually out of its reach, which is why the plugin uploads.
                if let url = p[field], url.hasPrefix("http") { throw BotAPIError.badRequest("failed to get HTTP URL content") }
                throw BotAPIError.badRequest("there is no \(field) in the request")
            }
            let limit = method == "sendPhoto" ? 10 << 20 : 50 << 20
            guard file.bytes.count <= limit else { throw BotAPIError(code: 413, description: "Request Entity Too Large") }
            guard !file.bytes.isEmpty else { throw BotAPIError.badRequest("file must be non-empty") }
            return record(Sent(messageID: nextMessageID(), chatID: chat, method: method, text: p["caption"] ?? "", parseMode: p["parse_mode"], file: file))
        case "sendChatAction":
            let chat = try chatID(p)
            let actions = ["typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "upload_document",
                           "choose_sticker", "find_location", "record_video_note", "upload_video_note"]
            guard let action = p["action"], actions.contains(action) else { throw BotAPIError.badRequest("wrong parameter action in request") }
            state.withLock { $0.chatActions.append((chat, action)) }
            return true
        default:
            throw BotAPIError(code: 404, description: "Not Found")
        }
    }

    private func setWebhook(_ p: [String: String]) throws -> JSON {
        let url = p["url"] ?? ""
        guard url.isEmpty || url.hasPrefix("https://") || url.hasPrefix("http://127.0.0.1") else {
            throw BotAPIError.badRequest("bad webhook: An HTTPS URL must be provided for webhook")
        }
        var allowed: [String] = []
        if let text = p["allowed_updates"] {
            guard let list = (try? JSON.parse(text))?.arrayValue else { throw BotAPIError.badRequest("can't parse allowed updates") }
            allowed = list.compactMap(\.stringValue)
        }
        if let secret = p["secret_token"] {
            let allowedCharacters = secret.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
            guard (1...256).contains(secret.count), allowedCharacters else {
                throw BotAPIError.badRequest("secret token contains unallowed characters")
            }
        }
        state.withLock {
            $0.webhook.url = url
            $0.webhook.secretToken = p["secret_token"]
            $0.webhook.allowedUpdates = allowed
        }
        return true
    }

    private func chatID(_ p: [String: String]) throws -> String {
        guard let chat = p["chat_id"], !chat.isEmpty else { throw BotAPIError.badRequest("chat_id is empty") }
        guard Int(chat) != nil || chat.hasPrefix("@") else { throw BotAPIError.badRequest("chat not found") }
        return chat
    }

    private func record(_ sent: Sent) -> JSON {
        state.withLock { $0.sent.append(sent) }
        var message: JSONObject = ["message_id": .number(Double(sent.messageID)), "date": .number(Double(Clock.nowMillis() / 1000)),
                                   "chat": ["id": .number(Double(Int(sent.chatID) ?? 0))]]
        if !sent.text.isEmpty { message[sent.file == nil ? "text" : "caption"] = .string(sent.text) }
        return .object(message)
    }
}
