import Foundation
import SwitchboardSupport
import TwilioFake

/// More numbers in the voice world, each answered by its own published flow.
extension VoiceWorld {
    static let secondNumber = "+14155550111"

    /// Publishes `definition` (a flow's JSON) and answers `number` with it as voice instance `id`. Returns the flow's id.
    @discardableResult
    func addLine(_ id: String, number: String = VoiceWorld.secondNumber, definition: String) throws -> String {
        let flow = try created("/api/v1/voice/flows", ["name": .string("Line \(id)"), "definition": try JSON.parse(definition)])
        let published = try host.request("POST", "/api/v1/voice/flows/\(flow)/publish")
        guard published.status == 201 else { throw HostError("publish: \(published.status) \(published.text)") }
        try host.addChannel(id, plugin: "voice", config: account(["phone_number": .string(number), "flow_id": .string(flow)]))
        return flow
    }

    static func hook(_ instance: String, _ path: String) -> String { publicURL + "/hooks/\(instance)" + path }

    func call(_ script: FakeTwilio.CallScript, on instance: String) throws -> FakeTwilio.PlayedCall {
        var script = script
        script.to = VoiceWorld.secondNumber
        return try twilio.placeCall(script, voiceURL: Self.hook(instance, "/voice/incoming"), statusCallback: Self.hook(instance, "/voice/status"))
    }

    /// The caller's conversation on an instance (the one the call is recorded in, while it stays there).
    func conversation(on instance: String, host: HostProcess? = nil) throws -> String {
        let found = try (host ?? self.host).request("GET", "/api/v1/conversations?channel_instance_id=\(instance)").json["conversations"]?.arrayValue ?? []
        guard let id = found.first?["id"]?.stringValue else { throw HostError("no conversation on \(instance)") }
        return id
    }

    func messages(_ conversation: String, host: HostProcess? = nil) throws -> [JSON] {
        try (host ?? self.host).request("GET", "/api/v1/conversations/\(conversation)/messages").json["messages"]?.arrayValue ?? []
    }
}
