import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport

/// Channel actions across the ABI (1.3 `perform_action`): an Agent Stack's chosen action, its
/// arguments already checked against the manifest's schema, performed by the conversation's plugin.
extension ChannelRegistry {
    /// Ask the conversation's channel plugin to perform an action (ABI 1.3 `perform_action`) with
    /// arguments already checked against its schema. The answer is what the model and the record
    /// see: `ok`, and the provider's message id or the plugin's reason. No credential is passed:
    /// the plugin uses its own configuration's.
    func perform(_ action: ChannelAction, arguments: JSONObject, conversation: Conversation, stackName: String,
                 window: ReplyWindowState) -> (ok: Bool, result: JSON) {
        let instanceID = conversation.channelInstanceID
        guard let runtime = runtime(for: instanceID), runtime.isAccepting, runtime.quarantineReason == nil else {
            return (false, ["error": .string("channel instance \(instanceID) is not running")])
        }
        let identity: Identity?
        do { identity = try store.identity(contactID: conversation.contactID, kinds: runtime.plugin.manifest.identityKinds) } catch {
            return (false, ["error": .string("store: \(error)")])
        }
        guard let identity else { return (false, ["error": .string("the customer has no address on channel \(instanceID)")]) }
        let key = "action-" + Crypto.randomHex(bytes: 12)
        let windowValue: Int32 = if case .closed = window { -1 } else { window.abiValue }
        let arguments = JSON.object(arguments).serialized
        // Bounded like deliver(): the call runs on its own thread and the stack's lane waits at most
        // the deliver timeout. A call that overruns it quarantines the instance, as the delivery
        // watchdog does, and is abandoned (its late answer is dropped), so the turn goes on.
        let crossing = Locked<(status: sb_status??, result: sb_delivery_result, error: [CChar])?>(nil)
        let finished = Signal()
        let seen = finished.current
        startThread(name: "action") {
            var result = sb_delivery_result()
            result.struct_size = UInt32(MemoryLayout<sb_delivery_result>.size)
            var errorBuffer = [CChar](repeating: 0, count: 512)
            let status: sb_status?? = runtime.call { descriptor, instance -> sb_status? in
                guard let perform = descriptor.perform_action else { return nil }
                return withStr(conversation.id) { id in withStr(action.name) { name in withStr(arguments) { args in
                withStr(identity.kind) { kind in withStr(identity.value) { value in withStr(key) { k in withStr(stackName) { author in
                    var request = sb_action_request(struct_size: UInt32(MemoryLayout<sb_action_request>.size), abi_minor: UInt32(SB_ABI_MINOR),
                                                    conversation_id: id, action: name, arguments_json: args, identity_kind: kind,
                                                    identity_value: value, idempotency_key: k, author_name: author,
                                                    reply_window: windowValue, reserved: 0)
                    return perform(instance, &request, &result, &errorBuffer, errorBuffer.count)
                } } } } } } }
            }
            crossing.withLock { $0 = (status, result, errorBuffer) }
            finished.notifyAll()
        }
        _ = finished.wait(after: seen, timeoutMs: Int(deliverTimeoutMs))
        guard let (status, result, errorBuffer) = crossing.withLock({ $0 }) else {
            runtime.quarantine("perform_action() did not return within \(deliverTimeoutMs) ms")
            return (false, ["error": .string("channel \(instanceID) did not perform \(action.name) within \(deliverTimeoutMs) ms; the channel is quarantined")])
        }
        guard let called = status else { return (false, ["error": .string("channel instance \(instanceID) is restarting")]) }
        guard let code = called else { return (false, ["error": .string("the channel plugin performs no actions")]) }
        switch DeliveryWorker.outcome(status: code, result: result, errorBuffer: errorBuffer) {
        case .sent(let providerID, _):
            return (true, ["performed": .string(action.name), "provider_message_id": .from(providerID)])
        case .rejected(let why), .retry(let why), .wait(let why, _, _):
            return (false, ["error": .string(why.isEmpty ? "the channel refused the action" : why)])
        case .notRunning:
            return (false, ["error": .string("channel instance \(instanceID) is restarting")])
        }
    }
}
