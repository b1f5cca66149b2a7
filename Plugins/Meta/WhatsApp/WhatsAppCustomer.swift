import PluginKit

/// Who wrote a WhatsApp message. Since 2026 Meta identifies users by a business-scoped user id
/// (BSUID, `user_id`, e.g. "US.1502…"), and users with a username may arrive without a phone
/// number: the BSUID is the identity key, and the phone (`wa_id`) only the key when there is no
/// BSUID. The phone, when known, is also a second identity of kind `phone` (ABI 1.3
/// `also_identity`: Meta vouches for it), so the customer meets their SMS and voice history, and
/// the contact's `phone` attribute.
struct WhatsAppCustomer: Equatable {
    /// The identity value of kind `whatsapp`: the BSUID, else "+<wa_id>".
    var key: String
    /// E.164 ("+" and the wa_id's digits), when Meta gave the number.
    var phone: String?
    /// `contacts[].profile.name`.
    var name: String?

    /// From a message (`from`, `from_user_id`) and the change's `contacts[]`; nil when neither
    /// names the sender.
    static func of(message: JSON, contacts: [JSON]) -> WhatsAppCustomer? {
        let waID = WebhookBatch.idString(message["from"])
        var userID = message["from_user_id"]?.stringValue
        let contact: JSON? = contacts.first { contact in
            (waID != nil && WebhookBatch.idString(contact["wa_id"]) == waID)
                || (userID != nil && contact["user_id"]?.stringValue == userID)
        } ?? (contacts.count == 1 ? contacts[0] : nil)
        userID = userID ?? contact?["user_id"]?.stringValue
        let phone = (waID ?? WebhookBatch.idString(contact?["wa_id"])).map(e164)
        guard let key = userID.flatMap({ $0.isEmpty ? nil : $0 }) ?? phone else { return nil }
        return WhatsAppCustomer(key: key, phone: phone, name: contact?["profile"]?["name"]?.stringValue)
    }

    /// A recipient as a status or a send names it: a BSUID as is, digits as E.164.
    static func key(recipient: String) -> String {
        recipient.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ? e164(recipient) : recipient
    }

    /// wa_id is digits without "+"; the host's phone identities are E.164.
    static func e164(_ waID: String) -> String { waID.hasPrefix("+") ? waID : "+" + waID }

    /// The Send API's addressee for an identity value: `to` digits for a phone, `recipient` for a BSUID.
    static func addressee(_ key: String) -> (field: String, value: String) {
        let digits = key.hasPrefix("+") ? String(key.dropFirst()) : key
        return digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) && !digits.isEmpty ? ("to", digits) : ("recipient", key)
    }

    /// {"phone": "+…"} for the contact's attributes, or nil.
    var contactJSON: String? { phone.map { JSON.object(["phone": .string($0)]).serialized } }
}
