import SwitchboardSupport

/// WhatsApp webhook bodies as Meta posts them (providers.md §2.5, channels.md §1): one entry per
/// WhatsApp Business Account, `changes[]` of `field: messages` (one number's `messages`,
/// `statuses`, `contacts`, `errors` under `value`, with `metadata.phone_number_id`) or
/// `message_template_status_update`. Timestamps are strings of epoch seconds. Written as Meta
/// writes JSON (MetaJSON), ready for `FakeGraphAPI.postWhatsAppWebhook`.
public enum WhatsAppPayloads {
    /// `{"object": "whatsapp_business_account", "entry": [{"id": <WABA>, "changes": [...]}]}`.
    public static func batch(_ entries: [(wabaID: String, changes: [JSON])]) -> String {
        MetaJSON.serialize(["object": "whatsapp_business_account",
                            "entry": .array(entries.map { ["id": .string($0.wabaID), "changes": .array($0.changes)] })])
    }

    /// `{"field": "messages", "value": {messaging_product, metadata, contacts?, messages?, statuses?, errors?}}`.
    public static func messages(phoneNumberID: String, displayNumber: String, contacts: [JSON] = [], messages: [JSON] = [],
                                statuses: [JSON] = [], errors: [JSON] = []) -> JSON {
        var value: JSONObject = ["messaging_product": "whatsapp",
                                 "metadata": ["display_phone_number": .string(displayNumber), "phone_number_id": .string(phoneNumberID)]]
        if !contacts.isEmpty { value["contacts"] = .array(contacts) }
        if !messages.isEmpty { value["messages"] = .array(messages) }
        if !statuses.isEmpty { value["statuses"] = .array(statuses) }
        if !errors.isEmpty { value["errors"] = .array(errors) }
        return ["field": "messages", "value": .object(value)]
    }

    /// `contacts[]` item: the profile name, the phone (`wa_id`, absent for some username users)
    /// and the business-scoped user id (`user_id`).
    public static func contact(name: String, waID: String?, userID: String?) -> JSON {
        var contact: JSONObject = ["profile": ["name": .string(name)]]
        if let waID { contact["wa_id"] = .string(waID) }
        if let userID { contact["user_id"] = .string(userID) }
        return .object(contact)
    }

    /// A customer's message of `type` with its object (`{"body"}` for text, `{"id", "mime_type"}`
    /// for media…); `from` is the phone (nil: a BSUID-only user), `fromUserID` the BSUID.
    public static func message(type: String, _ content: JSON, id: String, from: String?, fromUserID: String?, timestampMs: Int64,
                               context: String? = nil, referral: JSON? = nil) -> JSON {
        var message: JSONObject = [:]
        if let from { message["from"] = .string(from) }
        if let fromUserID { message["from_user_id"] = .string(fromUserID) }
        message["id"] = .string(id)
        message["timestamp"] = .string(String(timestampMs / 1000))
        message["type"] = .string(type)
        if type != "contacts" { message[type] = content } else { message["contacts"] = content }
        if let context { message["context"] = ["from": .from(from), "id": .string(context)] }
        if let referral { message["referral"] = referral }
        return .object(message)
    }

    public static func text(_ body: String, id: String, from: String?, fromUserID: String? = nil, timestampMs: Int64,
                            referral: JSON? = nil) -> JSON {
        message(type: "text", ["body": .string(body)], id: id, from: from, fromUserID: fromUserID, timestampMs: timestampMs, referral: referral)
    }

    /// A click-to-WhatsApp ad's `referral`.
    public static func adReferral(headline: String = "Summer sale") -> JSON {
        ["source_url": "https://fb.me/ad", "source_id": "120000000000", "source_type": "ad", "headline": .string(headline),
         "body": "Chat with us", "media_type": "image", "ctwa_clid": "ARAkLkA8rmlFeiCktEJQ"]
    }

    /// A status: `sent`, `delivered`, `read` or `failed` (with `errors`).
    public static func status(_ status: String, id: String, recipient: String, timestampMs: Int64, errors: [JSON] = []) -> JSON {
        var object: JSONObject = ["id": .string(id), "status": .string(status), "timestamp": .string(String(timestampMs / 1000)),
                                  "recipient_id": .string(recipient)]
        if status != "failed" {
            object["conversation"] = ["id": "conv-1", "origin": ["type": "service"]]
            object["pricing"] = ["billable": true, "pricing_model": "PMP", "category": "service"]
        }
        if !errors.isEmpty { object["errors"] = .array(errors) }
        return .object(object)
    }

    /// `{code, title, message, error_data: {details}}`.
    public static func error(code: Int, title: String, details: String) -> JSON {
        ["code": .number(Double(code)), "title": .string(title), "message": .string(title), "error_data": ["details": .string(details)]]
    }

    /// `{"field": "message_template_status_update", "value": {event, message_template_id, …}}`.
    public static func templateStatus(event: String, templateID: String, name: String, language: String, reason: String? = nil) -> JSON {
        ["field": "message_template_status_update",
         "value": ["event": .string(event), "message_template_id": .number(Double(templateID) ?? 0), "message_template_name": .string(name),
                   "message_template_language": .string(language), "reason": .from(reason ?? "NONE")]]
    }
}
