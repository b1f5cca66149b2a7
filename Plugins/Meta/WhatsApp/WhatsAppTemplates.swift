import PluginKit

/// The number's message templates, kept in the instance's state as template/<name>/<language>
/// ({id, name, language, status, category, components}, as Graph describes them): synced from
/// `GET /{waba-id}/message_templates` (every page) at start and on each status check, and kept
/// current between syncs by the `message_template_status_update` webhook.
struct WhatsAppTemplates {
    let host: PluginHost

    static let prefix = "template/"
    static let maxPages = 50

    static func key(name: String, language: String) -> String { prefix + name + "/" + language }

    /// Replaces the stored templates with Graph's; returns how many there are.
    func sync(graph: GraphClient, wabaID: String, timeoutMs: UInt32) -> Result<Int, GraphError> {
        var seen: Set<String> = []
        var after: String?
        for _ in 0..<Self.maxPages {
            switch graph.templatesPage(wabaID: wabaID, after: after, timeoutMs: timeoutMs) {
            case .failure(let error): return .failure(error)
            case .success(let page):
                for template in page.templates {
                    guard let name = template["name"]?.stringValue, let language = template["language"]?.stringValue else { continue }
                    let key = Self.key(name: name, language: language)
                    seen.insert(key)
                    if host.storedString(key) != template.serialized { try? host.kvSet(key, template.serialized) }
                }
                after = page.next
            }
            if after == nil { break }
        }
        for (key, _) in all() where !seen.contains(key) { try? host.kvDelete(key) }
        return .success(seen.count)
    }

    /// `message_template_status_update`: {event, message_template_id, message_template_name,
    /// message_template_language, reason}. A template not synced yet is recorded with what the
    /// event says (its components arrive with the next sync).
    func applyStatusUpdate(_ value: JSON) {
        guard let name = value["message_template_name"]?.stringValue, let language = value["message_template_language"]?.stringValue,
              let event = value["event"]?.stringValue else {
            return host.log(.warn, "whatsapp: a template status update without name, language or event")
        }
        let key = Self.key(name: name, language: language)
        var template = host.storedString(key).flatMap { try? JSON.parse($0) }?.objectValue
            ?? ["id": .from(WebhookBatch.idString(value["message_template_id"])), "name": .string(name), "language": .string(language)]
        template["status"] = .string(event == "REINSTATED" ? "APPROVED" : event)
        template["reason"] = value["reason"].flatMap { $0.isNull || $0.stringValue == "NONE" ? nil : $0 } ?? .null
        do { try host.kvSet(key, JSON.object(template).serialized) } catch {
            host.log(.warn, "whatsapp: could not record the status of template \(name): \(error)")
        }
    }

    func find(name: String, language: String) -> JSON? {
        host.storedString(Self.key(name: name, language: language)).flatMap { try? JSON.parse($0) }
    }

    /// Every stored template, in key order.
    func all() -> [(key: String, template: JSON)] {
        var found: [(key: String, template: JSON)] = []
        var after = ""
        while let slice = try? host.kvScan(prefix: Self.prefix, after: after, limit: 200), !slice.isEmpty {
            found += slice.compactMap { entry in (try? JSON.parse(entry.value)).map { (entry.key, $0) } }
            after = slice.last!.key
            if slice.count < 200 { break }
        }
        return found
    }

    /// For `plugin_status`: counts by status, and each template with what a send must give.
    func published() -> JSONObject {
        var counts = JSONObject()
        var list: [JSON] = []
        for (_, template) in all() {
            let status = template["status"]?.stringValue ?? "UNKNOWN"
            counts[status] = .number((counts[status]?.doubleValue ?? 0) + 1)
            let shape = TemplateShape(template)
            list.append(["name": .from(template["name"]?.stringValue), "language": .from(template["language"]?.stringValue),
                         "status": .string(status), "category": .from(template["category"]?.stringValue),
                         "parameters": .array(shape.bodyParameters.map(JSON.string)), "header": .from(shape.headerFormat),
                         "header_parameter": .bool(shape.headerHasParameter),
                         "url_buttons": .from(shape.urlButtons.count),
                         "body": .from(shape.bodyText), "header_text": .from(shape.headerText)])
        }
        return ["template_counts": .object(counts), "templates": .array(list)]
    }
}
