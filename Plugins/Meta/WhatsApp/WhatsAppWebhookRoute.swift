import PluginKit

/// The app's one WhatsApp webhook URL, shared by every number's instance on the same Meta app.
/// GET is Meta's handshake; a POST may carry changes for several numbers (each applied as the
/// instance that claimed `metadata.phone_number_id`) and template status updates for the
/// account (applied to each of its numbers' instances).
struct WhatsAppWebhookRoute {
    /// The instance that received the request.
    let host: PluginHost
    let connection: MetaConnection
    /// The status helper of an instance, given its services (same URL and hint for all siblings).
    let status: (PluginHost) -> MetaStatus

    static let path = "/webhook"
    private var product: MetaProduct { WhatsAppProduct.product }

    func handle(_ request: PluginHTTPRequest) -> PluginHTTPResponse {
        WebhookIntake<WhatsAppBatch>(host: host, product: product, connection: connection, status: status(host))
            .handle(request, apply: apply)
    }

    /// Each change as the instance that claimed its number; template updates on every number of the account.
    private func apply(_ batch: WhatsAppBatch, receivedAtMs now: Int64) -> WebhookIntake<WhatsAppBatch>.Outcome {
        var unrouted = 0
        var failures: [String] = []
        for change in batch.changes {
            switch change.field {
            case "messages":
                let phone = change.phoneNumberID ?? ""
                guard let owner = owner(of: phone, failures: &failures) else {
                    unrouted += (change.value["messages"]?.arrayValue?.count ?? 0) + (change.value["statuses"]?.arrayValue?.count ?? 0)
                    continue
                }
                let inbound = WhatsAppInbound(owner: owner, graph: OwnerContext.graph(for: owner, connection: connection),
                                              status: status(owner), phoneNumberID: phone)
                failures += inbound.apply(change.value).map { "\(phone): \($0)" }
                status(owner).recordWebhook(atMs: now)
            case "message_template_status_update":
                applyTemplateUpdate(change)
            default:
                host.log(.info, "whatsapp: ignored a change of field \"\(change.field)\"")
            }
        }
        return .init(unrouted: unrouted, failures: failures)
    }

    /// The instance serving a number, nil when none does (logged; a lookup failure is a failure).
    private func owner(of phoneNumberID: String, failures: inout [String]) -> PluginHost? {
        do {
            guard let owner = try host.owner(ofAsset: product.assetKind, id: phoneNumberID) else {
                host.log(.info, "whatsapp: events for number \(phoneNumberID), which no running instance serves")
                return nil
            }
            return owner
        } catch PluginError.denied(let why) {
            host.log(.warn, "whatsapp: number \(phoneNumberID) belongs to another plugin: \(why)")
            return nil
        } catch {
            failures.append("owner of \(phoneNumberID): \(error)")
            return nil
        }
    }

    /// Templates belong to the account, instances to numbers: the update goes to the instance of
    /// each of the account's numbers (Graph lists them); the receiver applies it to itself too
    /// when it is on that account, so a failed listing still updates one.
    private func applyTemplateUpdate(_ change: WhatsAppBatch.Change) {
        var owners: [PluginHost] = []
        if host.storedString(WhatsAppChannel.wabaKey) == change.wabaID { owners.append(host) }
        let graph = OwnerContext.graph(for: host, connection: connection) ?? GraphClient(host: host, connection: connection)
        switch graph.phoneNumberIDs(wabaID: change.wabaID, timeoutMs: 3_000) {
        case .success(let numbers):
            var ignored: [String] = []
            owners += numbers.compactMap { owner(of: $0, failures: &ignored) }
        case .failure(let error):
            host.log(.warn, "whatsapp: could not list the numbers of account \(change.wabaID): \(error.message)")
        }
        var applied: Set<String> = []
        for owner in owners where owner.storedString(WhatsAppChannel.wabaKey) == change.wabaID {
            let number = owner.storedString(WhatsAppChannel.phoneNumberKey) ?? ""
            guard applied.insert(number).inserted else { continue }
            let templates = WhatsAppTemplates(host: owner)
            templates.applyStatusUpdate(change.value)
            status(owner).recordDetails(templates.published())
        }
    }
}
