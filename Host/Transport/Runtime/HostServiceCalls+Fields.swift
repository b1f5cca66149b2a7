import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport

extension HostServiceCalls {
    /// conversation_fields_update (ABI 1.3): custom fields a channel learned outside any message
    /// (Amazon: an order fetched after its mail was stored), merged as a person's PATCH is, on a
    /// conversation the instance carries. Values already there are left out, so a plugin that
    /// sets the same facts again records no event.
    static func conversationFieldsUpdate(_ c: InstanceContext, conversationID: String, fieldsJSON: String,
                                         _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        guard !conversationID.isEmpty else { return fail(err, cap, SB_ERR_INVALID, "conversation_id is required") }
        guard let patch = (try? JSON.parse(fieldsJSON))?.objectValue else { return fail(err, cap, SB_ERR_INVALID, "fields_json: not a JSON object") }
        let viewer = Viewer.integrator([c.instanceID])
        do {
            guard let conversation = try c.services.store.conversation(id: conversationID, visibleTo: viewer) else {
                return fail(err, cap, SB_ERR_NOT_FOUND, "no conversation \(conversationID) on this instance")
            }
            let current = (try? JSON.parse(conversation.fieldsJSON))?.objectValue ?? [:]
            let changed = JSONObject(patch.filter { $0.value.isNull ? current[$0.key] != nil : current[$0.key] != $0.value }.map { ($0.key, $0.value) })
            guard changed.count > 0 else { return SB_OK }
            _ = try c.services.store.perform(.setFields(changed), on: conversationID, viewer: viewer, actor: "channel:\(c.instanceID)")
            return SB_OK
        } catch let error as WorkflowError {
            switch error {
            case .notFound: return fail(err, cap, SB_ERR_NOT_FOUND, error.description)
            case .conflict: return fail(err, cap, SB_ERR_CONFLICT, error.description)
            case .invalid: return fail(err, cap, SB_ERR_INVALID, error.description)
            }
        } catch {
            c.log.error("conversation_fields_update failed: \(error)")
            return fail(err, cap, SB_ERR_IO, "store: \(error)")
        }
    }
}
