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
