import SwitchboardDomain
import SwitchboardSupport

/// A plugin as operators see it: its active build (or why it has none) and its on/off state.
public struct PluginStatus: Sendable {
    public var id: String
    public var enabled: Bool
    public var version: String?
    public var sha256: String?
    public var directory: String
    public var error: String?
    public var manifest: PluginManifest?
}

/// A channel instance as operators see it.
public struct InstanceStatus: Sendable {
    public var record: ChannelInstanceRecord
    /// running, disabled, disconnected (its asset was taken over), plugin_disabled, failed, quarantined
    public var state: String
    public var reason: String?
    /// What the running plugin published about the instance (a JSON object), if anything.
    public var pluginStatus: String? = nil
}

public enum RegistryError: Error, CustomStringConvertible, Sendable {
    case notFound(String)
    case conflict(String)
    /// An asset the configuration names is another instance's (ABI 1.3 claims): 409 naming the field.
    case claimed(field: String, message: String)
    case invalid(field: String, message: String)
    case failed(String)

    public var description: String {
        switch self {
        case .notFound(let m), .conflict(let m), .failed(let m): m
        case .invalid(let field, let message), .claimed(let field, let message): "\(field): \(message)"
        }
    }
}

/// Plugins and channel instances, while the host runs: load, enable, disable, upgrade,
/// configure. Routing reads `running` under a lock; changes swap entries atomically.
public final class ChannelRegistry: @unchecked Sendable {
    struct PluginEntry {
        var directory: String
        var build: LoadedPlugin?
        var error: String?
    }

    let services: HostServices
    let loader: PluginLoader
    let pluginsDirectory: String
    /// Where providers reach the host; instances get it at start. Known only once the server has
    /// bound its port when the operator gave none (`--listen …:0` without `--public-url`).
    private let baseURL: Locked<String>
    var publicBaseURL: String { baseURL.withLock { $0 } }
    let deliverTimeoutMs: UInt32
    let drainTimeoutMs: Int
    let plugins = Locked<[String: PluginEntry]>([:])
    let running = Locked<[String: InstanceRuntime]>([:])
    /// Why an instance did not start here, and the configuration it failed with (convergence
    /// tries again only on another configuration or after a disable).
    let failures = Locked<[String: (reason: String, configJSON: String)]>([:])
    /// Serializes operator changes (enable/disable/upgrade/configure) and convergence with other
    /// hosts' changes (ChannelRegistry+Convergence); routing never waits on it.
    let changes = Locked<Void>(())
    /// Hooks held back while this host catches up with another host's change.
    let convergence = ConvergenceGate()

    init(services: HostServices, loader: PluginLoader, pluginsDirectory: String, publicBaseURL: String,
         deliverTimeoutMs: UInt32, drainTimeoutMs: Int) {
        self.services = services
        self.loader = loader
        self.pluginsDirectory = pluginsDirectory
        baseURL = Locked(publicBaseURL)
        self.deliverTimeoutMs = deliverTimeoutMs
        self.drainTimeoutMs = drainTimeoutMs
    }

    var log: Logger { services.log }

    /// Set before `bootstrap`, once the server's address is known.
    func setPublicBaseURL(_ url: String) { baseURL.withLock { $0 = url } }
    var store: Store { services.store }

    // MARK: start-up

    /// Load every plugin (the recorded active build where it is cached, else the plugins
    /// directory's), then start the enabled instances of enabled plugins.
    func bootstrap() {
        changes.withLock { _ in
            let records = Dictionary(((try? store.pluginRecords()) ?? []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            for directory in PluginLoader.scan(pluginsDirectory) {
                var source = directory
                if let manifest = try? PluginLoader.readManifest(directory: directory),
                   let sha = records[manifest.id]?.activeSHA256, sha != manifest.sha256,
                   let located = locateBuild(pluginID: manifest.id, sha256: sha) {
                    source = located
                }
                loadPlugin(directory: source, origin: directory)
            }
            for record in (try? store.channelInstances()) ?? [] where record.enabled {
                _ = startInstance(record)
            }
        }
    }

    @discardableResult
    func loadPlugin(directory: String, origin: String) -> LoadedPlugin? {
        do {
            let build = try loader.load(directory: directory)
            plugins.withLock { $0[build.id] = PluginEntry(directory: origin, build: build, error: nil) }
            try? cacheManifest(of: build)   // so a restart can load exactly this build again
            log.info("loaded plugin \(build.id) \(build.version) (sha256 \(build.sha256.prefix(12)))")
            // The store names the active build every host runs: the first load records it; a host that
            // cannot find the recorded one must not replace it for all (it answers 503 on its hooks instead).
            let record = ((try? store.pluginRecords()) ?? []).first { $0.id == build.id }
            if let active = record?.activeSHA256, active != build.sha256 {
                log.error("plugin \(build.id): the active build (sha256 \(active.prefix(12))) is neither in the plugin cache nor in the plugins directory; "
                          + "its hooks answer 503 here until it is (or upgrade to adopt \(build.sha256.prefix(12)))")
            } else if record?.activeSHA256 == nil {
                try? store.savePluginRecord(PluginRecord(id: build.id, enabled: record?.enabled ?? true, activeVersion: build.version, activeSHA256: build.sha256))
            }
            return build
        } catch {
            services.metrics.increment("switchboard_plugin_load_failures_total")
            log.error("plugin refused: \(error)")
            let id = (try? PluginLoader.readManifest(directory: directory))?.id ?? String(origin.split(separator: "/").last ?? "?")
            plugins.withLock { entries in
                if entries[id]?.build == nil { entries[id] = PluginEntry(directory: origin, build: nil, error: error.reason) }
            }
            return nil
        }
    }

    // MARK: routing

    func runtime(for instanceID: String) -> InstanceRuntime? { running.withLock { $0[instanceID] } }

    /// Running instances of a plugin that declared routes for a shared connection, by id.
    func sharedRuntimes(pluginID: String, connection: String) -> [InstanceRuntime] {
        running.withLock { Array($0.values) }
            .filter { $0.record.pluginID == pluginID && $0.isAccepting
                && $0.context.sharedRoutes.withLock { routes in routes.contains { $0.connection == connection } } }
            .sorted { $0.record.id < $1.record.id }
    }

    public func isRunning(_ instanceID: String) -> Bool { runtime(for: instanceID)?.isAccepting ?? false }

    public func capabilities(of instanceID: String) -> ChannelCapabilities? { runtime(for: instanceID)?.plugin.manifest.capabilities }

    /// Whether the instance is running a plugin that carries side conversations (ABI 1.1).
    public func carriesSideConversations(_ instanceID: String) -> Bool {
        runtime(for: instanceID).map { $0.isAccepting && $0.plugin.carriesSideConversations } ?? false
    }

    // MARK: plugins

    /// The active build of a loaded plugin.
    func build(of pluginID: String) -> LoadedPlugin? { plugins.withLock { $0[pluginID]?.build } }

    func isPluginEnabled(_ pluginID: String) -> Bool {
        ((try? store.pluginRecords()) ?? []).first { $0.id == pluginID }?.enabled ?? true
    }

    public func pluginStatuses() -> [PluginStatus] {
        let records = Dictionary(((try? store.pluginRecords()) ?? []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return plugins.withLock { $0 }.sorted { $0.key < $1.key }.map { id, entry in
            PluginStatus(id: id, enabled: records[id]?.enabled ?? true, version: entry.build?.version, sha256: entry.build?.sha256,
                         directory: entry.directory, error: entry.error, manifest: entry.build?.manifest)
        }
    }

    public func pluginStatus(_ id: String) -> PluginStatus? { pluginStatuses().first { $0.id == id } }

    public func setPluginEnabled(_ id: String, _ enabled: Bool) throws {
        try changes.withLock { _ in
            guard let entry = plugins.withLock({ $0[id] }) else { throw RegistryError.notFound("no plugin \(id)") }
            var record = ((try? store.pluginRecords()) ?? []).first { $0.id == id }
                ?? PluginRecord(id: id, enabled: true, activeVersion: entry.build?.version, activeSHA256: entry.build?.sha256)
            record.enabled = enabled
            do { try store.savePluginRecord(record) } catch { throw RegistryError.failed("store: \(error)") }
            let instances = ((try? store.channelInstances()) ?? []).filter { $0.pluginID == id }
            if enabled {
                for instance in instances where instance.enabled { _ = startInstance(instance) }
            } else {
                for instance in instances { stopInstance(instance.id) }
            }
            log.info("plugin \(id) \(enabled ? "enabled" : "disabled")")
        }
        services.onOutboxChange()
    }

    /// Load a new build (from `directory`, or the plugin's own folder in the plugins
    /// directory), start every enabled instance on it, swap routing, drain the old builds.
    public func upgradePlugin(_ id: String, directory: String?) throws -> LoadedPlugin {
        let build: LoadedPlugin = try changes.withLock { _ in
            guard let entry = plugins.withLock({ $0[id] }) else { throw RegistryError.notFound("no plugin \(id)") }
            let source = directory ?? entry.directory
            let build: LoadedPlugin
            do { build = try loader.load(directory: source) } catch { throw RegistryError.failed("upgrade refused: \((error as? PluginLoadError)?.reason ?? "\(error)")") }
            guard build.id == id else { throw RegistryError.invalid(field: "path", message: "that folder holds plugin \(build.id), not \(id)") }
            try activate(build, origin: entry.directory, record: true)
            return build
        }
        services.onOutboxChange()
        return build
    }

    /// Make `build` the plugin's active one: start every enabled instance on it, swap routing to
    /// them, drain the old runtimes. Nothing is swapped if an instance fails on it. `record`: store
    /// it as the active build (an operator's upgrade); convergence applies what the store already says.
    func activate(_ build: LoadedPlugin, origin: String, record: Bool) throws {
        let id = build.id
        try? cacheManifest(of: build)
        let pluginEnabled = ((try? store.pluginRecords()) ?? []).first { $0.id == id }?.enabled ?? true
        let instances = ((try? store.channelInstances()) ?? []).filter { $0.pluginID == id && $0.enabled }
        var started: [InstanceRuntime] = []
        if pluginEnabled {
            for record in instances {
                do { started.append(try makeRuntime(record, build: build)) } catch {
                    for runtime in started { runtime.shutdown(drainTimeoutMs: 0) }
                    throw RegistryError.failed("upgrade rolled back: instance \(record.id) failed on \(build.version): \(error)")
                }
            }
        }
        // Swap: new calls go to the new build from here on.
        let old = running.withLock { map -> [InstanceRuntime] in
            var replaced: [InstanceRuntime] = []
            for runtime in started {
                if let previous = map.updateValue(runtime, forKey: runtime.record.id) { replaced.append(previous) }
            }
            return replaced
        }
        plugins.withLock { $0[id] = PluginEntry(directory: origin, build: build, error: nil) }
        if record {
            do {
                try store.savePluginRecord(PluginRecord(id: id, enabled: pluginEnabled, activeVersion: build.version, activeSHA256: build.sha256))
            } catch { log.error("could not record upgrade of \(id): \(error)") }
        }
        for runtime in old { runtime.shutdown(drainTimeoutMs: drainTimeoutMs) }
        log.info("plugin \(id) upgraded to \(build.version) (sha256 \(build.sha256.prefix(12))); \(started.count) instance(s) swapped")
    }

    /// Keep the manifest beside the cached library, so a restart can load this build again.
    private func cacheManifest(of build: LoadedPlugin) throws {
        var manifest = build.manifest.raw
        manifest["sha256"] = .string(build.sha256)
        try FileSystem.writeAtomically(Array(JSON.object(manifest).serialized.utf8),
                                       to: "\(loader.cacheDirectory)/\(build.sha256)/\(PluginManifest.fileName)")
    }

    // MARK: instances

    public func instanceStatuses() -> [InstanceStatus] {
        ((try? store.channelInstances()) ?? []).map(status)
    }

    public func instanceStatus(_ id: String) -> InstanceStatus? {
        (try? store.channelInstance(id: id)).flatMap { $0.map(status) }
    }

    private func status(_ record: ChannelInstanceRecord) -> InstanceStatus {
        if let runtime = runtime(for: record.id) {
            let published = runtime.context.publishedStatus.withLock { $0 }
            if let reason = runtime.quarantineReason {
                return InstanceStatus(record: record, state: "quarantined", reason: reason, pluginStatus: published)
            }
            return InstanceStatus(record: record, state: "running", reason: nil, pluginStatus: published)
        }
        if !record.enabled, let reason = record.disconnectedReason { return InstanceStatus(record: record, state: "disconnected", reason: reason) }
        if !record.enabled { return InstanceStatus(record: record, state: "disabled", reason: nil) }
        if pluginStatus(record.pluginID)?.enabled == false { return InstanceStatus(record: record, state: "plugin_disabled", reason: nil) }
        return InstanceStatus(record: record, state: "failed", reason: failures.withLock { $0[record.id]?.reason } ?? "not started")
    }

    /// Validate the configuration against the plugin's schema and check its credentials exist.
    public func validateConfig(pluginID: String, config: JSON) throws -> JSON {
        guard let build = plugins.withLock({ $0[pluginID]?.build }) else {
            throw RegistryError.invalid(field: "plugin_id", message: "no loaded plugin \(pluginID)")
        }
        let validated: JSON
        do { validated = try build.manifest.configSchema.validate(config) } catch { throw RegistryError.invalid(field: error.field, message: error.message) }
        for field in build.manifest.credentialFields {
            guard let id = validated[field]?.stringValue else { continue }
            if (try? store.credentialSecret(id: id)) == nil {
                throw RegistryError.invalid(field: "config.\(field)", message: "no credential \"\(id)\" (create it with PUT /api/v1/credentials/\(id))")
            }
        }
        try checkVoiceFlows(build.manifest, config: validated)
        return validated
    }

    /// The IVR flows a configuration names must exist and be published: a call must find a flow to answer it.
    /// Checked on creation, on a new configuration and on enable (a flow may have been deleted meanwhile).
    public func checkVoiceFlows(pluginID: String, configJSON: String) throws {
        guard let manifest = build(of: pluginID)?.manifest, !manifest.voiceFlowFields.isEmpty else { return }
        try checkVoiceFlows(manifest, config: (try? JSON.parse(configJSON)) ?? [:])
    }

    private func checkVoiceFlows(_ manifest: PluginManifest, config: JSON) throws {
        for field in manifest.voiceFlowFields {
            guard let id = config[field]?.stringValue else { continue }
            let published: Bool
            do {
                guard try store.voiceFlow(id: id) != nil else {
                    throw RegistryError.invalid(field: "config.\(field)", message: "no IVR flow \"\(id)\" (create one with POST /api/v1/voice/flows)")
                }
                published = try store.publishedVoiceRevision(flowID: id) != nil
            } catch let error as RegistryError { throw error } catch { throw RegistryError.failed("store: \(error)") }
            guard published else {
                throw RegistryError.invalid(field: "config.\(field)", message: "the IVR flow \"\(id)\" is not published (POST /api/v1/voice/flows/\(id)/publish)")
            }
        }
    }

    /// Adds an instance and starts it when enabled. An asset it claims that another instance holds
    /// refuses the whole addition (nothing stays stored) unless `claims.takeOver`.
    public func addInstance(_ record: ChannelInstanceRecord, claims: ClaimPolicy = ClaimPolicy()) throws -> InstanceStatus {
        try changes.withLock { _ in
            let inserted: Bool
            do { inserted = try store.insertChannelInstance(record) } catch { throw RegistryError.failed("store: \(error)") }
            guard inserted else { throw RegistryError.conflict("a channel instance \(record.id) already exists") }
            if record.enabled, case .refused(let field, let message) = startInstance(record, claims: claims) {
                try? store.deleteChannelInstance(id: record.id)
                failures.withLock { $0[record.id] = nil }
                throw RegistryError.claimed(field: "config.\(field)", message: message)
            }
            return status(record)
        }
    }

    public func updateInstance(_ record: ChannelInstanceRecord, claims: ClaimPolicy = ClaimPolicy()) throws -> InstanceStatus {
        try changes.withLock { _ in
            guard let previous = try? store.channelInstance(id: record.id) else { throw RegistryError.notFound("no channel instance \(record.id)") }
            if let runtime = runtime(for: record.id), record.enabled, previous.configJSON != record.configJSON {
                do { try runtime.reconfigure(record.configJSON) } catch let error as RuntimeError {
                    throw RegistryError.invalid(field: error.configField.map { "config." + $0 } ?? "config",
                                                message: "the plugin refused the configuration: \(error)")
                }
            }
            do { try store.updateChannelInstance(record) } catch { throw RegistryError.failed("store: \(error)") }
            // Enabling a stopped or quarantined instance (re)starts it on a fresh instance pointer.
            if record.enabled && (runtime(for: record.id) == nil || runtime(for: record.id)?.quarantineReason != nil),
               case .refused(let field, let message) = startInstance(record, claims: claims) {
                var stopped = record
                stopped.enabled = false
                try? store.updateChannelInstance(stopped)
                throw RegistryError.claimed(field: "config.\(field)", message: message)
            }
            if !record.enabled { stopInstance(record.id) }
            return status(record)
        }
    }

    public func removeInstance(_ id: String) throws {
        try changes.withLock { _ in
            guard (try? store.channelInstance(id: id)) ?? nil != nil else { throw RegistryError.notFound("no channel instance \(id)") }
            stopInstance(id)
            do { try store.deleteChannelInstance(id: id) } catch { throw RegistryError.failed("store: \(error)") }
        }
    }

    enum StartOutcome {
        case started, notStarted
        /// An asset the instance claims is another instance's (and the operator did not take it over).
        case refused(field: String, message: String)
    }

    /// Start an instance if its plugin is loaded and enabled; records why not otherwise. Instances
    /// it took assets over from stop once it runs (their records are already disabled).
    @discardableResult
    func startInstance(_ record: ChannelInstanceRecord, claims: ClaimPolicy = ClaimPolicy()) -> StartOutcome {
        let pluginEnabled = ((try? store.pluginRecords()) ?? []).first { $0.id == record.pluginID }?.enabled ?? true
        guard pluginEnabled else { return .notStarted }
        guard let build = plugins.withLock({ $0[record.pluginID]?.build }) else {
            failures.withLock { $0[record.id] = ("plugin \(record.pluginID) is not loaded", record.configJSON) }
            log.error("instance \(record.id): plugin \(record.pluginID) is not loaded")
            return .notStarted
        }
        let context = InstanceContext(instanceID: record.id, pluginID: record.pluginID, services: services, claimPolicy: claims)
        defer {
            for previous in context.claimResults.withLock({ $0.tookOverFrom }) where previous != record.id {
                stopInstance(previous)
                log.info("instance \(previous) disconnected: its asset was taken over by \(record.id)")
            }
        }
        do {
            let runtime = try makeRuntime(record, build: build, context: context)
            let previous = running.withLock { $0.updateValue(runtime, forKey: record.id) }
            previous?.shutdown(drainTimeoutMs: drainTimeoutMs)
            failures.withLock { $0[record.id] = nil }
            log.info("instance \(record.id) (\(record.pluginID) \(build.version)) running")
            services.onOutboxChange()
            return .started
        } catch {
            failures.withLock { $0[record.id] = ("\(error)", record.configJSON) }
            log.error("instance \(record.id) did not start: \(error)")
            if let conflict = context.claimResults.withLock({ $0.conflict }) { return .refused(field: conflict.field, message: conflict.message) }
            return .notStarted
        }
    }

    private func makeRuntime(_ record: ChannelInstanceRecord, build: LoadedPlugin,
                             context: InstanceContext? = nil) throws(RuntimeError) -> InstanceRuntime {
        let config: JSON
        do {
            config = try build.manifest.configSchema.validate(try JSON.parse(record.configJSON))
        } catch let error as ConfigError {
            throw RuntimeError("configuration: \(error)")
        } catch {
            throw RuntimeError("configuration is not valid JSON")
        }
        let context = context ?? InstanceContext(instanceID: record.id, pluginID: record.pluginID, services: services)
        let runtime = InstanceRuntime(record: record, plugin: build, context: context)
        context.runtime = runtime
        try runtime.start(configJSON: config.serialized, publicBaseURL: publicBaseURL, deliverTimeoutMs: deliverTimeoutMs)
        return runtime
    }

    func stopInstance(_ id: String) {
        guard let runtime = running.withLock({ $0.removeValue(forKey: id) }) else { return }
        runtime.shutdown(drainTimeoutMs: drainTimeoutMs)
        log.info("instance \(id) stopped")
    }

    /// Stop everything (host shutdown).
    func stopAll() {
        let all = running.withLock { map -> [InstanceRuntime] in
            defer { map.removeAll() }
            return Array(map.values)
        }
        for runtime in all { runtime.shutdown(drainTimeoutMs: drainTimeoutMs) }
    }
}
