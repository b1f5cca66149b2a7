import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport

/// One running build of a channel instance: the plugin's instance pointer, the calls in
/// flight, and whether new calls are admitted. Disable and upgrade drain it before stop().
final class InstanceRuntime: @unchecked Sendable {
    let record: ChannelInstanceRecord
    let plugin: LoadedPlugin
    let context: InstanceContext
    private(set) var instance: UnsafeMutableRawPointer?
    private let state = Locked<(inflight: Int, accepting: Bool, quarantine: String?)>((0, false, nil))
    private let drained = Signal()
    private let serial: Locked<Void>?
    /// The configuration the plugin runs with (the record's text): set at start, changed by reconfigure.
    private let applied: Locked<String>

    init(record: ChannelInstanceRecord, plugin: LoadedPlugin, context: InstanceContext) {
        self.record = record
        self.plugin = plugin
        self.context = context
        serial = plugin.serialCalls ? Locked(()) : nil
        applied = Locked(record.configJSON)
    }

    var appliedConfigJSON: String { applied.withLock { $0 } }

    var descriptor: sb_plugin_descriptor { plugin.descriptor.pointee }
    var quarantineReason: String? { state.withLock { $0.quarantine } }
    var isAccepting: Bool { state.withLock { $0.accepting } }

    /// create() then start(). Throws the plugin's reason.
    func start(configJSON: String, publicBaseURL: String, deliverTimeoutMs: UInt32) throws(RuntimeError) {
        var errorBuffer = [CChar](repeating: 0, count: 1024)
        context.credentialScope.withLock { $0 = scope(of: configJSON) }
        let prefix = "/hooks/\(record.id)"
        var created: UnsafeMutableRawPointer?
        let status: sb_status = withStr(record.id) { id in withStr(configJSON) { config in withStr(prefix) { route in
            withStr(publicBaseURL) { base in
                var info = sb_instance_info(struct_size: UInt32(MemoryLayout<sb_instance_info>.size), abi_minor: UInt32(SB_ABI_MINOR),
                                            instance_id: id, config_json: config, route_prefix: route, public_base_url: base,
                                            deliver_timeout_ms: deliverTimeoutMs, reserved: 0)
                return descriptor.create(HostAPITable.pointer, context.opaque, &info, &created, &errorBuffer, errorBuffer.count)
            } } } }
        guard status == SB_OK, let created else {
            throw RuntimeError(status == SB_DECLINED ? "declined: \(Self.text(errorBuffer))"
                                                     : "create failed (\(status)): \(Self.text(errorBuffer))")
        }
        instance = created
        let started = descriptor.start(created, &errorBuffer, errorBuffer.count)
        guard started == SB_OK else {
            descriptor.destroy(created)
            instance = nil
            throw RuntimeError("start failed (\(started)): \(Self.text(errorBuffer))")
        }
        state.withLock { $0.accepting = true }
    }

    /// Run a data call if the instance admits calls; nil when it is draining, stopped or quarantined.
    func call<T>(_ body: (sb_plugin_descriptor, UnsafeMutableRawPointer) -> T) -> T? {
        let admitted = state.withLock { s -> Bool in
            guard s.accepting, s.quarantine == nil else { return false }
            s.inflight += 1
            return true
        }
        guard admitted, let instance else { return nil }
        defer {
            let idle = state.withLock { s -> Bool in
                s.inflight -= 1
                return s.inflight == 0
            }
            if idle { drained.notifyAll() }
        }
        if let serial { return serial.withLock { _ in body(descriptor, instance) } }
        return body(descriptor, instance)
    }

    /// Counts an accepted ingest_async (ABI 1.3) as a call in flight until its completion has run,
    /// so draining waits for it and the plugin hears of every accepted message before stop().
    /// False when the instance admits no calls (draining, stopped, quarantined).
    func admitCompletion() -> Bool {
        state.withLock { s -> Bool in
            guard s.accepting, s.quarantine == nil, instance != nil else { return false }
            s.inflight += 1
            return true
        }
    }

    /// The completion admitted by `admitCompletion` has run.
    func completionFinished() {
        let idle = state.withLock { s -> Bool in
            s.inflight -= 1
            return s.inflight == 0
        }
        if idle { drained.notifyAll() }
    }

    /// Stop admitting calls and wait (bounded) for the ones in flight. True when drained.
    @discardableResult
    func drain(timeoutMs: Int) -> Bool {
        state.withLock { $0.accepting = false }
        let deadline = Clock.monotonicNanos() + UInt64(timeoutMs) * 1_000_000
        while true {
            let seen = drained.current
            if state.withLock({ $0.inflight }) == 0 { return true }
            let now = Clock.monotonicNanos()
            if now >= deadline { return false }
            drained.wait(after: seen, timeoutMs: max(1, Int((deadline - now) / 1_000_000)))
        }
    }

    /// Drain, then stop() and destroy(). A call still stuck after the drain bound keeps
    /// the instance from being destroyed under it: it is stopped and leaked instead.
    func shutdown(drainTimeoutMs: Int) {
        guard let instance else { return }
        let clean = drain(timeoutMs: drainTimeoutMs)
        context.services.timers.cancelAll(for: context)
        // Requests the plugin deferred and did not answer while draining get the host's 503.
        context.services.deferredAnswers.cancelAll(of: ObjectIdentifier(context))
        // Streams outlive data calls, so draining does not end them: end them before stop().
        let ended = context.services.streams.closeAll(of: ObjectIdentifier(context))
        if clean, let closed = descriptor.on_stream_closed { for id in ended { closed(instance, id) } }
        if clean {
            descriptor.stop(instance)
            descriptor.destroy(instance)
        } else {
            context.log.warn("calls still running after \(drainTimeoutMs) ms; instance left allocated")
        }
        self.instance = nil
    }

    func quarantine(_ reason: String) {
        state.withLock { $0.quarantine = reason }
        context.log.error("quarantined: \(reason)")
    }

    /// Apply a new configuration between calls.
    func reconfigure(_ configJSON: String) throws(RuntimeError) {
        guard let instance, let reconfigure = descriptor.reconfigure else { throw RuntimeError("plugin cannot reconfigure in place") }
        guard drain(timeoutMs: 5_000) else {
            state.withLock { $0.accepting = true }
            throw RuntimeError("calls did not drain in time")
        }
        defer { state.withLock { $0.accepting = true } }
        var errorBuffer = [CChar](repeating: 0, count: 1024)
        // The new configuration's credentials become readable for the call; a refusal keeps the old ones.
        let previousScope = context.credentialScope.withLock { scope -> CredentialScope in
            defer { scope = self.scope(of: configJSON) }
            return scope
        }
        let status = withStr(configJSON) { reconfigure(instance, $0, &errorBuffer, errorBuffer.count) }
        guard status == SB_OK else {
            context.credentialScope.withLock { $0 = previousScope }
            let reason = Self.text(errorBuffer)
            throw RuntimeError("reconfigure failed (\(status)): \(reason)",
                               configField: status == SB_ERR_INVALID ? RuntimeError.settingPath(in: reason) : nil)
        }
        applied.withLock { $0 = configJSON }
    }

    private func scope(of configJSON: String) -> CredentialScope {
        CredentialScope.named(byConfig: configJSON, fields: plugin.manifest.credentialFields)
    }

    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

public struct RuntimeError: Error, CustomStringConvertible, Sendable {
    public let message: String
    /// The configuration setting the plugin named when it refused ("colors.primary"), if any.
    public var configField: String? = nil
    public init(_ message: String, configField: String? = nil) {
        self.message = message
        self.configField = configField
    }
    public var description: String { message }

    /// The plugin's own words when create() refused the configuration (SB_ERR_INVALID):
    /// "create failed (-1): phone_number: …" → "phone_number: …"; other failures unchanged.
    static func pluginReason(_ failure: String) -> String {
        let prefix = "create failed (\(SB_ERR_INVALID)): "
        return failure.hasPrefix(prefix) ? String(failure.dropFirst(prefix.count)) : failure
    }

    /// Plugins name a setting by starting their reason with its path ("colors.primary: must be
    /// a colour", PluginKit's `.invalid(field:message:)`): that path, if the reason starts so.
    static func settingPath(in reason: String) -> String? {
        let scalars = Array(reason.unicodeScalars)
        guard let colon = scalars.indices.first(where: { scalars[$0] == ":" && $0 + 1 < scalars.count && scalars[$0 + 1] == " " }) else { return nil }
        let path = String(String.UnicodeScalarView(scalars[..<colon]))
        let allowed = path.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "_.[]".unicodeScalars.contains($0) }
        return !path.isEmpty && allowed ? String(path) : nil
    }
}
