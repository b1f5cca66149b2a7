import Foundation
import SwitchboardSupport
import TelegramFake
import XCTest

/// The Telegram channel's world: the real host with the telegram plugin (plain C), the loopback
/// Bot API, and one instance `tg1` serving the fake's bot.
final class TelegramWorld: ConversationReading {
    let host: HostProcess
    let telegram: FakeTelegram
    static let ann: JSONObject = ["id": 4201, "is_bot": false, "first_name": "Ann", "last_name": "Lee", "username": "annlee"]
    static let bob: JSONObject = ["id": 4202, "is_bot": false, "first_name": "Bob"]
    static let annChat: JSONObject = ["id": 4201, "type": "private", "first_name": "Ann"]
    static let opsGroup: JSONObject = ["id": -1_001_555_000_111, "type": "supergroup", "title": "Acme Ops"]

    init() throws {
        telegram = try FakeTelegram()
        let port = try EmailChannelTests.freeLoopbackPort()
        host = try HostProcess(plugins: ["telegram"], extraArguments: ["--listen", "127.0.0.1:\(port)", "--public-url", "http://127.0.0.1:\(port)"])
        try host.putCredential("tg-bot", telegram.token)
        try host.addChannel("tg1", plugin: "telegram", config: ["bot_token_credential": "tg-bot", "api_base_url": .string(telegram.baseURL)])
        _ = try host.eventually("the webhook registered") { telegram.webhookURL.isEmpty ? nil : true }
    }

    func stop() {
        host.stop()
        telegram.stop()
    }

    /// A message update from `user` in `chat`; returns the webhook's answer.
    @discardableResult
    func send(_ messageID: Int, text: String? = nil, chat: JSONObject = annChat, from user: JSONObject = ann, extra: JSONObject = [:],
              updateID: Int? = nil, secret: String? = nil) -> FakeTelegram.Delivery {
        telegram.sendUpdate(["message": .object(FakeTelegram.message(messageID, chat: chat, from: user, text: text, extra: extra))],
                            updateID: updateID, secret: secret)
    }

    /// Waits for a conversation on tg1 whose contact has this identity value; returns its id.
    func conversation(with chatID: Int) throws -> String {
        try host.eventually("a conversation with chat \(chatID)") { () -> String? in
            let found = try conversations(on: "tg1")
            for c in found {
                guard let id = c["id"]?.stringValue else { continue }
                let identities = try host.request("GET", "/api/v1/conversations/\(id)").json["contact"]?["identities"]?.arrayValue ?? []
                if identities.contains(where: { $0["value"]?.stringValue == String(chatID) }) { return id }
            }
            return nil
        }
    }
}
