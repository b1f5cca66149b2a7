import PluginKit

/// One POST of a WhatsApp webhook: `{"object": "whatsapp_business_account", "entry": [{"id":
/// <WABA>, "changes": [{"field", "value"}]}]}`. Meta batches several numbers' changes, and several
/// messages and statuses per change, in one POST: every one is kept, and a change that cannot be
/// read costs only itself (listed in `problems`).
struct WhatsAppBatch: MetaWebhookBody {
    var object: String
    var changes: [Change]
    var problems: [String]

    struct Change {
        var wabaID: String
        /// "messages" (messages, statuses, errors of one number) or "message_template_status_update".
        var field: String
        var value: JSON
        /// `value.metadata.phone_number_id` of a "messages" change.
        var phoneNumberID: String?
    }

    static func parse(_ body: [UInt8]) throws(WebhookBatch.Failure) -> WhatsAppBatch {
        guard body.count <= WebhookBatch.maxBodyBytes else { throw .tooLarge }
        let json: JSON
        do { json = try JSON.parse(body) } catch { throw .malformed("not JSON: \(error)") }
        guard let object = json["object"]?.stringValue, let entries = json["entry"]?.arrayValue else {
            throw .malformed("expected {\"object\", \"entry\": [...]}")
        }
        var batch = WhatsAppBatch(object: object, changes: [], problems: [])
        for (index, entry) in entries.enumerated() {
            guard let waba = WebhookBatch.idString(entry["id"]) else {
                batch.problems.append("entry \(index): no id")
                continue
            }
            for (position, change) in (entry["changes"]?.arrayValue ?? []).enumerated() {
                guard let field = change["field"]?.stringValue, let value = change["value"], value.objectValue != nil else {
                    batch.problems.append("entry \(waba) changes[\(position)]: no field or value")
                    continue
                }
                let phone = WebhookBatch.idString(value["metadata"]?["phone_number_id"])
                if field == "messages" && phone == nil {
                    batch.problems.append("entry \(waba) changes[\(position)]: messages without metadata.phone_number_id")
                    continue
                }
                batch.changes.append(Change(wabaID: waba, field: field, value: value, phoneNumberID: phone))
            }
        }
        return batch
    }
}
