import SwitchboardSupport

/// Telegram's webhook delivery: `POST` of one Update as JSON to the URL setWebhook registered,
/// with `X-Telegram-Bot-Api-Secret-Token` when a secret was set. An answer other than 2xx leaves
/// the update pending (Telegram retries it) and becomes getWebhookInfo's last error.
extension FakeTelegram {
    public struct Delivery: Sendable {
        public var status: Int
        public var text: String
        public var updateID: Int
    }

    /// A new update id, as Telegram numbers them (increasing).
    public func nextUpdateID() -> Int { state.withLock { $0.nextUpdateID += 1; return $0.nextUpdateID } }

    /// Posts `update` (its update_id set from `updateID`, or the next one) to the registered
    /// webhook. `secret` overrides the header Telegram would send (nil: the registered one;
    /// "" leaves the header out).
    @discardableResult
    public func sendUpdate(_ update: JSONObject, updateID: Int? = nil, secret: String? = nil) -> Delivery {
        let id = updateID ?? nextUpdateID()
        var body = update
        body["update_id"] = .number(Double(id))
        return post(body: Array(JSON.object(body).serialized.utf8), updateID: id, secret: secret)
    }

    /// Posts raw bytes (malformed JSON, say) the way Telegram posts an update.
    @discardableResult
    public func post(body: [UInt8], updateID: Int = 0, secret: String? = nil) -> Delivery {
        let (url, registered) = state.withLock { ($0.webhook.url, $0.webhook.secretToken) }
        var headers = [("Content-Type", "application/json")]
        if let token = secret ?? registered, !token.isEmpty { headers.append(("X-Telegram-Bot-Api-Secret-Token", token)) }
        let delivery: Delivery
        do {
            let answer = try HTTPClient.perform(HTTPClientRequest(method: "POST", url: url, headers: headers, body: body, timeoutMs: 10_000))
            delivery = Delivery(status: answer.status, text: answer.text, updateID: updateID)
        } catch {
            delivery = Delivery(status: 0, text: "\(error)", updateID: updateID)
        }
        if !(200..<300).contains(delivery.status) {
            state.withLock {
                $0.webhook.pending += 1
                $0.webhook.lastErrorDate = Int(Clock.nowMillis() / 1000)
                $0.webhook.lastErrorMessage = delivery.status == 0 ? "Connection refused" : "Wrong response from the webhook: \(delivery.status)"
            }
        }
        return delivery
    }

    /// A private chat's text message from `user`, as Telegram shapes a Message.
    public static func message(_ messageID: Int, chat: JSONObject, from user: JSONObject, text: String? = nil,
                               date: Int = 1_733_580_000, extra: JSONObject = [:]) -> JSONObject {
        var message: JSONObject = ["message_id": .number(Double(messageID)), "date": .number(Double(date)), "chat": .object(chat), "from": .object(user)]
        if let text { message["text"] = .string(text) }
        for (key, value) in extra { message[key] = value }
        return message
    }
}
