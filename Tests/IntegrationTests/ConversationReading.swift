import Foundation
import SwitchboardSupport
import XCTest

/// Reading what the host stored, through its API, for test worlds built around one host.
protocol ConversationReading {
    var host: HostProcess { get }
}

extension ConversationReading {
    func conversations(on instance: String) throws -> [JSON] {
        try host.request("GET", "/api/v1/conversations?channel_instance_id=\(instance)").json["conversations"]?.arrayValue ?? []
    }

    func conversation(_ id: String) throws -> JSON { try host.request("GET", "/api/v1/conversations/\(id)").json }

    func messages(_ conversation: String) throws -> [JSON] {
        try host.request("GET", "/api/v1/conversations/\(conversation)/messages").json["messages"]?.arrayValue ?? []
    }

    /// The only conversation on an instance (waits for it).
    func onlyConversation(on instance: String) throws -> String {
        try host.eventually("a conversation on \(instance)") { () -> String? in
            let found = try conversations(on: instance)
            return found.count == 1 ? found[0]["id"]?.stringValue : nil
        }
    }

    /// Waits until a message leaves the outbox (sent or failed) and returns it.
    func settled(_ conversation: String, _ id: Int, timeout: TimeInterval = 10) throws -> JSON {
        try host.eventually("message \(id) settled", timeout: timeout) { () -> JSON? in
            // (JSON is nil-literal expressible: the Optional is spelled out so "not yet" is not JSON null.)
            guard let m = try messages(conversation).first(where: { $0["id"]?.intValue == id }),
                  ["sent", "delivered", "read", "failed"].contains(m["delivery_status"]?.stringValue ?? "") else { return Optional<JSON>.none }
            return m
        }
    }

    func channelStatus(_ id: String) throws -> JSON { try host.request("GET", "/api/v1/channels/\(id)").json }
}
