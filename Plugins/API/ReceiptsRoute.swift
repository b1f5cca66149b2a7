import PluginKit

/// POST /receipts: the integrator reports what became of a reply (delivered, read, failed),
/// naming it by delivery_id or by Switchboard's message_id.
struct ReceiptsRoute {
    let host: PluginHost
    let queue: PullQueue
    let receipts: ReceiptIndex

    private static let statuses: [String: DeliveryStatus] = ["delivered": .delivered, "read": .read, "failed": .failed]

    func handle(_ request: PluginHTTPRequest) throws -> PluginHTTPResponse {
        let body = try request.jsonObjectBody()
        let (target, status, detail): (Target, DeliveryStatus, String)
        do {
            (target, status, detail) = try Self.parse(body)
        } catch {
            throw APIFailure.invalidField(error)
        }
        guard let providerID = try providerMessageID(for: target) else {
            throw APIFailure.notFound("no reply with that message_id was delivered through this instance")
        }
        do {
            try host.reportDelivery(providerMessageID: providerID, status: status, detail: detail)
        } catch PluginError.notFound {
            throw APIFailure.notFound("no reply with that \(target.field) was delivered through this instance")
        } catch PluginError.invalid(_, let message) {
            throw APIFailure.invalidMessage(message)
        } catch {
            host.log(.warn, "report_delivery failed, answering 503: \(error)")
            throw APIFailure.unavailable
        }
        return .json(200, ["status": "recorded"])
    }

    enum Target {
        case delivery(String)
        case message(Int64)

        var field: String {
            switch self {
            case .delivery: "delivery_id"
            case .message: "message_id"
            }
        }
    }

    static func parse(_ body: JSONObject) throws(FieldError) -> (Target, DeliveryStatus, String) {
        let target: Target
        if let deliveryID = try body.string("delivery_id", maxLength: 256), !deliveryID.isEmpty {
            target = .delivery(deliveryID)
        } else if let value = body["message_id"], !value.isNull {
            // Switchboard's numeric id; accepted as a JSON number or a string of digits.
            guard let id = value.intValue.map(Int64.init) ?? value.stringValue.flatMap({ Int64($0) }), id > 0 else {
                throw FieldError("message_id", "must be the positive integer message_id of a delivered reply")
            }
            target = .message(id)
        } else {
            throw FieldError("message_id", "or delivery_id is required")
        }
        let name = try body.string("status", required: true)!
        guard let status = statuses[name] else { throw FieldError("status", "must be \"delivered\", \"read\" or \"failed\"") }
        return (target, status, try body.string("detail", maxLength: 500) ?? "")
    }

    /// The provider message id deliver() returned for the target, if known.
    private func providerMessageID(for target: Target) throws -> String? {
        switch target {
        case .delivery(let id):
            // Pull mode queued it under a cursor; push mode's ids derive from the delivery id.
            if let cursor = try queue.cursor(forDeliveryID: id) { return "pull-\(cursor)" }
            return WebhookDelivery.providerMessageID(deliveryID: id)
        case .message(let id):
            return try receipts.providerMessageID(forMessageID: id)
        }
    }
}
