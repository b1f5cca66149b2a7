import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport

/// The ABI 1.3 services for assets several instances could serve: exclusive claims.
extension HostServiceCalls {
    static func claimAsset(_ c: InstanceContext, kind: String, assetID: String, configField: String,
                           _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        for (name, value) in [("kind", kind), ("asset_id", assetID), ("config_field", configField)] where value.isEmpty {
            return fail(err, cap, SB_ERR_INVALID, "\(name) is empty")
        }
        let request = ClaimRequest(kind: kind, assetID: assetID, instanceID: c.instanceID, configField: configField,
                                   takeOver: c.claimPolicy.takeOver, actor: c.claimPolicy.actor)
        let outcome: ClaimOutcome
        do { outcome = try c.services.store.claimAsset(request) } catch { return fail(err, cap, SB_ERR_IO, "store: \(error)") }
        switch outcome {
        case .claimed:
            return SB_OK
        case .tookOver(let previous):
            c.claimResults.withLock { $0.tookOverFrom.append(previous) }
            c.log.info("took \(kind) \(assetID) over from channel instance \(previous)")
            return SB_OK
        case .conflict(let holder):
            let message = "\(kind) \(assetID) is already connected to channel instance \(holder); "
                + "ask to take it over (\"take_over\": true) to move it here"
            c.claimResults.withLock { $0.conflict = (configField, message) }
            return fail(err, cap, SB_ERR_CONFLICT, "config.\(configField): \(message)")
        }
    }
}

/// The ABI 1.3 services for providers that post every asset's events to one URL: shared routes,
/// acting as the instance that owns an asset, and finding what a receipt or reaction is about.
extension HostServiceCalls {
    static func routeAddShared(_ c: InstanceContext, connection: String, method: String, path: String,
                               _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard SharedRoute.isValidConnection(connection) else {
            return fail(err, cap, SB_ERR_INVALID, "connection must be 1-64 characters of a-z, A-Z, 0-9, '-', '_' or '.'")
        }
        guard path.hasPrefix("/") else { return fail(err, cap, SB_ERR_INVALID, "path must start with /") }
        guard !method.isEmpty else { return fail(err, cap, SB_ERR_INVALID, "method is empty") }
        c.sharedRoutes.withLock { $0.append(SharedRoute(connection: connection, route: DeclaredRoute(method: method.uppercased(), path: path))) }
        return SB_OK
    }

    static func assetOwner(_ c: InstanceContext, kind: String, assetID: String, _ owner: UnsafeMutablePointer<OpaquePointer?>,
                           _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        let holder: String?
        do { holder = try c.services.store.assetOwner(kind: kind, assetID: assetID) } catch { return fail(err, cap, SB_ERR_IO, "store: \(error)") }
        guard let holder else { return fail(err, cap, SB_ERR_NOT_FOUND, "no channel instance claims \(kind) \(assetID)") }
        guard let runtime = c.services.registry?.runtime(for: holder), runtime.isAccepting else {
            return fail(err, cap, SB_ERR_NOT_FOUND, "channel instance \(holder), which claims \(kind) \(assetID), is not running")
        }
        guard runtime.record.pluginID == c.pluginID else {
            return fail(err, cap, SB_ERR_DENIED, "\(kind) \(assetID) belongs to channel instance \(holder) of plugin \(runtime.record.pluginID)")
        }
        owner.pointee = runtime.context.sharedHandle
        return SB_OK
    }

    static func findMessage(_ c: InstanceContext, providerMessageID: String, _ result: UnsafeMutablePointer<sb_ingest_result>?,
                            _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        storeCall(err, cap) {
            guard let found = try c.services.store.providerMessage(instanceID: c.instanceID, providerMessageID: providerMessageID) else {
                return fail(err, cap, SB_ERR_NOT_FOUND, "no message of this instance has provider id \(providerMessageID)")
            }
            fill(result, conversationID: found.conversationID, messageID: found.id, created: found.direction == .inbound)
            return SB_OK
        }
    }

    /// A customer's media fetched again: the message's attachments replaced (see Store).
    static func replaceAttachments(_ c: InstanceContext, providerMessageID: String, attachmentsJSON: String,
                                   _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard let items = (try? JSON.parse(attachmentsJSON))?.arrayValue, items.allSatisfy({ $0.objectValue != nil }) else {
            return fail(err, cap, SB_ERR_INVALID, "attachments_json: must be a JSON array of attachment objects")
        }
        return storeCall(err, cap) {
            guard try c.services.store.replaceCustomerAttachments(channelInstanceID: c.instanceID, providerMessageID: providerMessageID,
                                                                 attachmentsJSON: JSON.array(items).serialized) else {
                return fail(err, cap, SB_ERR_NOT_FOUND, "no customer message of this instance has provider id \(providerMessageID)")
            }
            return SB_OK
        }
    }

    static func reportDeliveryUntil(_ c: InstanceContext, identity: Identity, watermark: Int64, status: Int32,
                                    _ count: UnsafeMutablePointer<UInt32>?, _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        let mapped: DeliveryStatus
        switch status {
        case SB_STATUS_DELIVERED: mapped = .delivered
        case SB_STATUS_READ: mapped = .read
        default: return fail(err, cap, SB_ERR_INVALID, "status: a watermark reports SB_STATUS_DELIVERED or SB_STATUS_READ, not \(status)")
        }
        guard !identity.kind.isEmpty, !identity.value.isEmpty else { return fail(err, cap, SB_ERR_INVALID, "identity_kind and identity_value are required") }
        return storeCall(err, cap) {
            let moved = try c.services.store.recordDeliveryWatermark(channelInstanceID: c.instanceID, identity: identity, upTo: watermark, status: mapped)
            count?.pointee = UInt32(clamping: moved)
            return SB_OK
        }
    }
}
