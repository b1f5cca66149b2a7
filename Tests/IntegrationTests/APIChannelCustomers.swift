import Foundation
import SwitchboardSupport
import XCTest

extension HostProcess {
    /// A host with the API channel `api1` (key `integrator-secret`): customers write through it.
    static func withAPIChannel() throws -> HostProcess {
        let host = try HostProcess(plugins: ["api"])
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
        return host
    }

    /// A customer's message through `api1`; the conversation it went to.
    func customerWrites(_ external: String, _ text: String) throws -> String {
        let r = try request("POST", "/hooks/api1/messages", json: ["external_id": .string(external), "message_id": .string(UUID().uuidString),
                                                                  "text": .string(text)], key: "integrator-secret")
        guard [200, 201].contains(r.status), let id = r.json["conversation_id"]?.stringValue else {
            throw HostError("customer \(external): \(r.status) \(r.text)")
        }
        return id
    }
}
