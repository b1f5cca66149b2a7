import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport

extension HostServiceCalls {
    /// contact_update (ABI 1.3): attributes a plugin learned about one of its customers outside
    /// any message, merged as an operator's patch is.
    static func contactUpdate(_ c: InstanceContext, _ identity: Identity, attributesJSON: String,
                              _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard !identity.kind.isEmpty, !identity.value.isEmpty else { return fail(err, cap, SB_ERR_INVALID, "identity_kind and identity_value are required") }
        guard let attributes = (try? JSON.parse(attributesJSON))?.objectValue else {
            return fail(err, cap, SB_ERR_INVALID, "attributes_json: not a JSON object")
        }
        do {
            let found = try c.services.store.updateContactAttributes(of: identity, onChannel: c.instanceID, attributes, actor: "channel:\(c.instanceID)")
            return found ? SB_OK : fail(err, cap, SB_ERR_NOT_FOUND, "no customer \(identity.kind) \(identity.value) has written to or been written from this instance")
        } catch let error as ContactError {
            return fail(err, cap, SB_ERR_INVALID, error.description)
        } catch {
            c.log.error("contact_update failed: \(error)")
            return fail(err, cap, SB_ERR_IO, "store: \(error)")
        }
    }
}
