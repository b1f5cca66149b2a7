import PluginKit
import TwilioPlatform

/// Phone calls on Twilio Programmable Voice, answered by the host's IVR flow: one instance is one
/// number (claimed exclusively), its config naming the flow. Twilio posts the call to
/// /hooks/<instance>/voice/incoming and each step to /voice/step. See README.md.
final class VoiceChannel: ChannelPlugin, @unchecked Sendable {
    static let id = "voice"
    static let version = "1.0.0"
    static let capabilities = PluginCapabilities(content: [.text], format: .plain, maxTextLength: 0)
    /// voice_step (1.3).
    static var minHostMinor: UInt32 { 3 }

    private let context: VoiceContext

    init(host: PluginHost, info: InstanceInfo) throws {
        let config = try VoiceConfig.load(info.configJSON, host: host)
        context = VoiceContext(host: host, info: info, config: config)
        let asset = config.asset
        try host.claimAsset(kind: asset.kind, id: asset.id, configField: asset.field)
        for path in [CallRoutes.incomingPath, CallRoutes.stepPath, CallRoutes.statusPath, CallRoutes.waitPath, CallRoutes.recordingPath, CallRoutes.transcriptionPath,
                     AgentLegRoutes.answerPath, AgentLegRoutes.statusPath, AgentLegRoutes.dialPath] {
            try host.addRoute(method: "POST", path: path)
        }
    }

    func start() throws {
        context.publishStatus()
        context.host.log(.info, "voice channel ready: point the number's VoiceUrl at \(context.incomingURL)")
    }

    func reconfigure(configJSON: String) throws {
        let updated = try VoiceConfig.load(configJSON, host: context.host)
        guard updated.phoneNumber == context.config.phoneNumber else {
            throw PluginError.invalid(field: "phone_number", message: "cannot change on a running instance: create a new instance for the other number")
        }
        context.replace(updated)
        context.publishStatus()
    }

    func handle(_ request: PluginHTTPRequest) -> PluginHTTPResponse {
        let routes = CallRoutes(context: context)
        do {
            switch request.path {
            case CallRoutes.incomingPath: return try routes.incoming(request)
            case CallRoutes.stepPath: return try routes.stepRequest(request)
            case CallRoutes.statusPath: return try routes.status(request)
            case CallRoutes.waitPath: return try WaitRoute(context: context).handle(request)
            case CallRoutes.recordingPath: return try RecordingRoute(context: context).handle(request)
            case CallRoutes.transcriptionPath: return try TranscriptionRoute(context: context).handle(request)
            case AgentLegRoutes.answerPath: return try AgentLegRoutes(context: context).answered(request)
            case AgentLegRoutes.statusPath: return try AgentLegRoutes(context: context).status(request)
            case AgentLegRoutes.dialPath: return try AgentLegRoutes(context: context).dialed(request)
            default: return .text(404, "no such route")
            }
        } catch {
            return error.response
        }
    }

    func adminCall(_ request: AdminRequest) throws -> JSON {
        if request.operation == "agent.dial" { return try AgentLegRoutes(context: context).dial(request) }
        return try NumberOperations(context: context).run(request)
    }

    /// A call carries no texts: replies to the conversation go out once it is on a text channel.
    func deliver(_ message: OutboundMessage) throws -> DeliveryResult {
        throw PluginError.unsupported("a phone call cannot carry a written reply: switch the conversation to SMS or WhatsApp")
    }
}
