import PluginKit
import TwilioPlatform

/// SMS and MMS on Twilio Programmable Messaging: one instance is one number or one Messaging
/// Service, claimed exclusively, with its own binding. Twilio posts messages to
/// /hooks/<instance>/sms and statuses to /hooks/<instance>/sms/status. See README.md.
final class SMSChannel: ChannelPlugin, @unchecked Sendable {
    static let id = "sms"
    static let version = "1.0.0"
    /// Plain text; images as MMS where it exists, other files as links. No length limit here:
    /// the channel itself splits what is over Twilio's 1,600 characters at word boundaries.
    static let capabilities = PluginCapabilities(content: [.text, .images, .files], format: .plain, maxTextLength: 0)
    /// Asset claims (1.3) and find_message.
    static var minHostMinor: UInt32 { 3 }

    private let channel: SMSContext
    /// The number check's one pending timer.
    private let checkTimer: TimerSlot

    /// The first look at the number waits this long (timers that fire before start() has
    /// returned are dropped); later ones follow every `checkIntervalMs`.
    static let firstCheckDelayMs: UInt64 = 500
    static let checkIntervalMs: UInt64 = 600_000

    init(host: PluginHost, info: InstanceInfo) throws {
        let config = try SMSConfig.load(info.configJSON, host: host)
        channel = SMSContext(host: host, info: info, config: config)
        checkTimer = TimerSlot(host: host)
        let asset = config.asset
        try host.claimAsset(kind: asset.kind, id: asset.id, configField: asset.field)
        try host.addRoute(method: "POST", path: InboundRoute.path)
        try host.addRoute(method: "POST", path: StatusRoute.path)
    }

    func start() throws {
        channel.status.publish()
        scheduleCheck(afterMs: Self.firstCheckDelayMs)
        channel.host.log(.info, "sms channel ready: Twilio posts messages to \(channel.webhookURL)")
    }

    func stop() {
        checkTimer.cancel()
    }

    func reconfigure(configJSON: String) throws {
        let updated = try SMSConfig.load(configJSON, host: channel.host)
        try channel.config.checkReplacement(updated)
        channel.replace(updated)
        channel.status.publish()
        scheduleCheck(afterMs: Self.firstCheckDelayMs)
    }

    func handle(_ request: PluginHTTPRequest) -> PluginHTTPResponse {
        do {
            switch request.path {
            case InboundRoute.path: return try InboundRoute(channel: channel).handle(request)
            case StatusRoute.path: return try StatusRoute(channel: channel).handle(request)
            default: return .text(404, "no such route")
            }
        } catch let refusal as TwilioWebhook.Refusal {
            return refusal.response
        } catch {
            return .text(500, "\(error)")
        }
    }

    func deliver(_ message: OutboundMessage) throws -> DeliveryResult {
        try OutboundSMS(channel: channel).send(message)
    }

    /// ABI 1.3 "contact.erased": the customer's consent entries (here and, for a Messaging
    /// Service, at its other numbers' instances) and their conversations' intro decisions go. Their
    /// MMS files live in the host's file store, which the host erases itself.
    func conversationSignal(conversationID: String, type: String, dataJSON: String) {
        guard let notice = ErasureNotice(type: type, dataJSON: dataJSON) else { return }
        let customers = notice.values(ofKinds: ["phone"])
        do {
            for customer in customers { try ConsentBook(host: channel.host).forget(customer) }
            try SwitchIntro(channel: channel).forget(notice.conversationIDs)
        } catch {
            channel.host.log(.error, "sms: forgetting an erased customer failed: \(error)")
        }
        if let service = channel.messagingService() { ConsentSpread(channel: channel).forget(customers, service: service) }
    }

    static func adminCall(_ request: AdminRequest, host: PluginHost) throws -> JSON {
        try NumberOperations.run(request, host: host)
    }

    func adminCall(_ request: AdminRequest) throws -> JSON {
        let result = try NumberOperations(channel: channel).run(request)
        // A check that started before a purchase may record "not owned" after it: look again.
        if request.operation != "number.release" { scheduleCheck(afterMs: Self.firstCheckDelayMs) }
        return result
    }

    func timerFired(_ id: UInt64) {
        guard checkTimer.owns(id) else { return }
        NumberSetup(channel: channel).run()
        scheduleCheck(afterMs: Self.checkIntervalMs)
    }

    private func scheduleCheck(afterMs delay: UInt64) {
        do {
            try checkTimer.schedule(afterMs: delay)
        } catch {
            channel.host.log(.warn, "sms: could not schedule the number check: \(error)")
        }
    }
}
