import Foundation
import MetaFake
import SwitchboardSupport
import XCTest

/// The Meta channels' world for integration tests: the real host with the messenger and
/// instagram plugins (and web chat), the loopback Graph API, and one Meta app connection shared
/// by two Pages (fb-a: 111, fb-b: 222) and one Instagram account (ig: 333).
final class MetaWorld: ConversationReading {
    let host: HostProcess
    let graph: FakeGraphAPI
    static let appSecret = "meta-app-secret-0123456789"
    static let verifyToken = "verify-me-please"
    static let pageA = "111", pageB = "222", instagram = "333"

    init(plugins: [String] = ["messenger", "instagram"]) throws {
        graph = try FakeGraphAPI()
        graph.addPage(id: Self.pageA, name: "Acme Shoes")
        graph.addPage(id: Self.pageB, name: "Acme Outlet")
        graph.addInstagramAccount(id: Self.instagram, username: "acme.shoes")
        host = try Self.startHost(plugins: plugins)
    }

    /// The real host with `plugins`, holding the Meta app's credentials (meta-secret, meta-token,
    /// meta-verify) as every Meta world's instances name them.
    static func startHost(plugins: [String]) throws -> HostProcess {
        // A known port, so stored files' links (public URL) are where the host really listens.
        let port = try EmailChannelTests.freeLoopbackPort()
        let host = try HostProcess(plugins: plugins,
                                   extraArguments: ["--listen", "127.0.0.1:\(port)", "--public-url", "http://127.0.0.1:\(port)"])
        try host.putCredential("meta-secret", appSecret)
        try host.putCredential("meta-token", "EAAG-test-token")
        try host.putCredential("meta-verify", verifyToken)
        return host
    }

    func stop() {
        host.stop()
        graph.stop()
    }

    /// The connection's settings plus the asset an instance serves.
    func config(_ assetField: String, _ assetID: String) -> JSON {
        [assetField: .string(assetID), "app_secret_credential": "meta-secret", "access_token_credential": "meta-token",
         "verify_token_credential": "meta-verify", "graph_base_url": .string(graph.baseURL), "graph_version": .string(graph.version)]
    }

    /// fb-a, fb-b and ig, running.
    func addAllChannels() throws {
        try host.addChannel("fb-a", plugin: "messenger", config: config("page_id", Self.pageA))
        try host.addChannel("fb-b", plugin: "messenger", config: config("page_id", Self.pageB))
        try host.addChannel("ig", plugin: "instagram", config: config("instagram_account_id", Self.instagram))
    }

    /// The one callback URL of the app, per product (what plugin_status.webhook_url says).
    static let messengerHook = "/hooks/shared/messenger/meta-secret/webhook"
    static let instagramHook = "/hooks/shared/instagram/meta-secret/webhook"

    /// Signs and posts a batch as Meta does.
    @discardableResult
    func post(_ body: String, to path: String = messengerHook) throws -> (status: Int, text: String) {
        try graph.postWebhook(body, to: host.baseURL + path, appSecret: Self.appSecret)
    }

    /// Now, in Meta's epoch milliseconds, moved by `hours`.
    static func time(hoursAgo hours: Double = 0) -> Int64 { Int64((Date().timeIntervalSince1970 - hours * 3600) * 1000) }

    // MARK: what the host stored (the rest: ConversationReading)

    /// An agent's reply through the API; returns the message id.
    func reply(_ conversation: String, _ text: String) throws -> Int {
        let r = try host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: ["text": .string(text)])
        guard r.status == 202, let id = r.json["id"]?.intValue else { throw HostError("reply: \(r.status) \(r.text)") }
        return id
    }
}
