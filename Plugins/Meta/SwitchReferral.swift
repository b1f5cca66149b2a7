import PluginKit

/// "Continue on Messenger" from the web chat: the visitor opens the Page's m.me link whose `ref`
/// carries a single-use switch ticket the host issued ("sbswitch.<ticket>"). The first event that
/// brings it back (a message, a Get Started postback, or a referral in an open thread) moves the
/// web chat conversation here; a forged, used or expired ticket starts nothing but an ordinary
/// conversation.
enum SwitchReferral {
    static let prefix = "sbswitch."

    /// The ticket in a referral's `ref`, if it carries one.
    static func ticket(in referral: JSONObject?) -> String? {
        guard let ref = referral?["ref"]?.stringValue, ref.hasPrefix(prefix) else { return nil }
        let ticket = String(ref.dropFirst(prefix.count))
        return ticket.isEmpty ? nil : ticket
    }

    /// Redeems the ticket for this customer: the conversation to store their message in, or nil.
    static func redeem(_ referral: JSONObject?, customer: String, owner: PluginHost, product: MetaProduct) -> String? {
        guard let ticket = ticket(in: referral) else { return nil }
        do {
            guard let conversation = try owner.redeemSwitchTicket(ticket, identityKind: product.identityKind, identityValue: customer) else {
                owner.log(.info, "\(product.pluginID): a switch ticket that is unknown, used or expired: an ordinary conversation")
                return nil
            }
            return conversation
        } catch {
            owner.log(.warn, "\(product.pluginID): the switch ticket was refused: \(error)")
            return nil
        }
    }
}
