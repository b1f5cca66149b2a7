import PluginKit
import TwilioPlatform

/// Twilio applies an opt-out — and the START that lifts it — to the whole Messaging Service a
/// number belongs to. When this instance learns one (a keyword, or Twilio's 21610) and its
/// sender is in a service, the instances serving the service itself and its other numbers get
/// the same entry in their own consent books: the service's numbers come from Twilio's
/// Messaging API, their instances from the host's asset claims (asset_owner).
struct ConsentSpread {
    let channel: SMSContext

    /// The webhook (or the reply) waits for this: a STOP is rare, and Twilio allows 15 s.
    static let timeoutMs: UInt32 = 4_000

    /// Writes `entry` for `customer` into every other running instance that serves `service` or
    /// one of its numbers; returns how many were reached. Failures are logged, never thrown: the
    /// change is already recorded here, and Twilio enforces its own list in any case.
    @discardableResult
    func spread(_ entry: ConsentBook.Entry, customer: String, service: String) -> Int {
        var shared = entry
        shared.cause = "\(entry.cause) to \(channel.config.asset.id)"
        return forEachSibling(of: service, doing: "pass \(entry.cause) from \(customer) on") { try ConsentBook(host: $0).store(shared, for: customer) }
    }

    /// An erased customer's consent entries go from the service's other instances too: they were
    /// written there by `spread`, and those instances carried none of the customer's conversations,
    /// so the host's erasure notice never reaches them.
    func forget(_ customers: [String], service: String) {
        guard !customers.isEmpty else { return }
        forEachSibling(of: service, doing: "forget an erased customer's consent") { sibling in
            for customer in customers { try ConsentBook(host: sibling).forget(customer) }
        }
    }

    /// The other running instances serving `service` or one of its numbers (the service's numbers
    /// from Twilio's Messaging API, their instances from the host's asset claims), each given to
    /// `body`; returns how many were reached.
    @discardableResult
    private func forEachSibling(of service: String, doing what: String, _ body: (PluginHost) throws -> Void) -> Int {
        let config = channel.config
        var targets: [(kind: String, id: String)] = [("twilio_messaging_service", service)]
        switch channel.client.serviceNumbers(service, timeoutMs: Self.timeoutMs) {
        case .success(let numbers): targets += numbers.map { ("twilio_sms_number", $0) }
        case .failure(let error):
            channel.host.log(.warn, "sms: could not list the numbers of \(service) to \(what): \(error)")
        }
        var reached = 0
        for target in targets where !(target.kind == config.asset.kind && target.id == config.asset.id) {
            do {
                guard let sibling = try channel.host.owner(ofAsset: target.kind, id: target.id) else { continue }
                try body(sibling)
                reached += 1
            } catch {
                channel.host.log(.warn, "sms: could not \(what) at the instance of \(target.id): \(error)")
            }
        }
        return reached
    }

    /// Twilio refused a send (or reported a message failed) with 21610: recorded here, shown on
    /// the contact (`sms_consent`) and passed on to the service's other instances.
    func learnProviderOptOut(_ customer: String) {
        do {
            guard let entry = try ConsentBook(host: channel.host).recordProviderOptOut(customer, atMs: Clock.nowMillis()) else { return }
            do {
                try channel.host.updateContact(identityKind: "phone", identityValue: customer, attributes: ["sms_consent": .string(entry.summary)])
            } catch {
                channel.host.log(.warn, "sms: could not show the opt-out of \(customer) on the contact: \(error)")
            }
            if let service = channel.messagingService() { spread(entry, customer: customer, service: service) }
        } catch {
            channel.host.log(.warn, "sms: could not record the opt-out Twilio reported for \(customer): \(error)")
        }
    }
}
