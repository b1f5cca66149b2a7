import SwitchboardPluginAPI

/// Turns a `ChannelPlugin` type into the C descriptor the host loads. A plugin library exports
/// exactly one type, from its one entry symbol:
///
/// ```swift
/// @_cdecl("switchboard_plugin_v1")
/// public func switchboardPluginEntry() -> UnsafeRawPointer {
///     PluginExport.descriptor(for: MyChannel.self)
/// }
/// ```
public enum PluginExport {
    /// The library's descriptor: built on the first call, then the same immutable pointer forever
    /// (the entry symbol must do no work after that). Calling it with a second, different type is
    /// a programming error and stops the process, since C callbacks cannot tell types apart.
    public static func descriptor<P: ChannelPlugin>(for type: P.Type) -> UnsafeRawPointer {
        registryLock.withLock {
            if let existing = registered {
                precondition(ObjectIdentifier(existing.type) == ObjectIdentifier(P.self),
                             "PluginExport: one ChannelPlugin type per library (\(existing.type) already exported)")
                return UnsafeRawPointer(existing.descriptor)
            }
            let descriptor = makeDescriptor(for: P.self)
            registered = (P.self, descriptor)
            return UnsafeRawPointer(descriptor)
        }
    }

    /// The type `create` instantiates (set by `descriptor(for:)`, which the host calls first).
    static var exportedType: (any ChannelPlugin.Type)? { registryLock.withLock { registered?.type } }

    // The plugin boundary is the one place with process-wide mutable state: written once, under the lock.
    private static let registryLock = PluginLock()
    nonisolated(unsafe) private static var registered: (type: any ChannelPlugin.Type, descriptor: UnsafePointer<sb_plugin_descriptor>)?

    private static func makeDescriptor<P: ChannelPlugin>(for type: P.Type) -> UnsafePointer<sb_plugin_descriptor> {
        var d = sb_plugin_descriptor()
        d.struct_size = UInt32(MemoryLayout<sb_plugin_descriptor>.size)
        d.abi_minor = UInt32(SB_ABI_MINOR)
        d.abi_major = UInt32(SB_ABI_MAJOR)
        d.min_host_minor = P.minHostMinor
        d.id = immortal(P.id)
        d.version = immortal(P.version)
        d.flags = P.flags.rawValue
        d.capabilities = sb_capabilities(
            struct_size: UInt32(MemoryLayout<sb_capabilities>.size), content: P.capabilities.content.rawValue,
            format: P.capabilities.format.rawValue, max_text_length: P.capabilities.maxTextLength)
        d.create = { host, ctx, info, instance, err, cap in Boundary.create(host, ctx, info, instance, err, cap) }
        d.start = { instance, err, cap in Boundary.start(instance, err, cap) }
        d.stop = { instance in Boundary.stop(instance) }
        d.reconfigure = { instance, config, err, cap in Boundary.reconfigure(instance, config, err, cap) }
        d.destroy = { instance in Boundary.destroy(instance) }
        d.handle_http = { instance, request, exchange in Boundary.handleHTTP(instance, request, exchange) }
        d.deliver = { instance, message, result, err, cap in Boundary.deliver(instance, message, result, err, cap) }
        d.on_timer = { instance, id in Boundary.timer(instance, id) }
        d.on_stream_closed = { instance, id in Boundary.streamClosed(instance, id) }
        d.on_conversation_signal = { instance, conversation, type, data in Boundary.conversationSignal(instance, conversation, type, data) }
        if P.validatesOutbound {
            d.validate_outbound = { instance, message, field, fieldCap, err, cap in Boundary.validateOutbound(instance, message, field, fieldCap, err, cap) }
        }
        d.admin_call = { host, ctx, instance, request, exchange in Boundary.adminCall(host, ctx, instance, request, exchange) }
        if P.carriesSideConversations {
            d.deliver_side = { instance, message, result, err, cap in Boundary.deliverSide(instance, message, result, err, cap) }
        }
        if P.performsActions {
            d.perform_action = { instance, request, result, err, cap in Boundary.performAction(instance, request, result, err, cap) }
        }
        let storage = UnsafeMutablePointer<sb_plugin_descriptor>.allocate(capacity: 1)
        storage.initialize(to: d)
        return UnsafePointer(storage) // never freed: the host may read it for the life of the process
    }

    /// A NUL-terminated copy that is never freed, as the descriptor's strings must be.
    private static func immortal(_ text: String) -> sb_str {
        let bytes = Array(text.utf8)
        let storage = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        bytes.withUnsafeBytes { UnsafeMutableRawPointer(storage).copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        storage[bytes.count] = 0
        return sb_str(ptr: UnsafePointer(storage), len: bytes.count)
    }
}
