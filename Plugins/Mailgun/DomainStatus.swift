import PluginKit

/// The Mailgun domain's set-up as an operator needs it: which DNS records to create (SPF, DKIM,
/// MX, tracking CNAME) and whether Mailgun has seen each, from GET /v3/domains/<domain>, published
/// as the instance's `plugin_status` (GET /api/v1/channels/{id}).
public enum DomainStatus {
    /// The status to publish, from Mailgun's answer (or the failure to get one).
    public static func status(from answer: HTTPResult?, error: String?, domain: String, checkedAtMs: Int64) -> JSON {
        var status: JSONObject = ["domain": .string(domain), "checked_at": .string(Clock.iso8601(checkedAtMs))]
        guard let answer, (200..<300).contains(answer.status), let body = try? JSON.parse(answer.bodyText) else {
            status["verified"] = false
            status["error"] = .string(error ?? answer.map { "Mailgun answered \($0.status): \(String($0.bodyText.prefix(200)))" } ?? "no answer")
            return .object(status)
        }
        var records: [JSON] = []
        for (purpose, key) in [("sending", "sending_dns_records"), ("receiving", "receiving_dns_records")] {
            for record in body[key]?.arrayValue ?? [] {
                let type = record["record_type"]?.stringValue ?? ""
                records.append(["purpose": .string(purpose), "use": .string(use(type: type, record: record, purpose: purpose)),
                                "type": .string(type), "name": .string(record["name"]?.stringValue ?? domain),
                                "value": .from(record["value"]?.stringValue), "priority": .from(record["priority"]?.stringValue),
                                "valid": .bool(record["valid"]?.stringValue?.lowercased() == "valid")])
            }
        }
        let state = body["domain"]?["state"]?.stringValue ?? "unknown"
        status["state"] = .string(state)
        status["verified"] = .bool(state == "active" && !records.isEmpty && records.allSatisfy { $0["valid"] == .bool(true) })
        status["dns_records"] = .array(records)
        return .object(status)
    }

    /// What a record is for, in the words of the set-up guides: spf, dkim, mx, tracking.
    private static func use(type: String, record: JSON, purpose: String) -> String {
        let value = record["value"]?.stringValue?.lowercased() ?? ""
        switch type.uppercased() {
        case "MX": return "mx"
        case "CNAME": return "tracking"
        case "TXT" where value.hasPrefix("v=spf1"): return "spf"
        case "TXT" where value.contains("p=") || (record["name"]?.stringValue ?? "").contains("._domainkey."): return "dkim"
        default: return purpose
        }
    }
}
