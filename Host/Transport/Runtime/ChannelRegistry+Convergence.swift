import SwitchboardDomain
import SwitchboardSupport

/// Catching up with changes another host made in the store: the same operations as an operator's
/// call here (activate a build, start, reconfigure, stop an instance), applied to whatever differs
/// between the store and what runs on this host. ConfigSync calls it when the store's `channels`
/// version moved.
extension ChannelRegistry {
    /// What differs between the store and this host: plugins whose active build is not the one
    /// loaded here, and instances that run here but should not, or should and do not, or run with
    /// another configuration or build.
    struct Divergence: Equatable {
        var plugins: Set<String> = []
        var instances: Set<String> = []
        var isEmpty: Bool { plugins.isEmpty && instances.isEmpty }
    }

    /// Bring this host in line with the store. Holds the differing hooks (503) while it works, then
    /// only those of plugins it could not bring in line. Returns those plugins (nil: the store could
    /// not be read, nothing changed).
    @discardableResult
    func converge() -> Set<String>? {
        changes.withLock { _ -> Set<String>? in
            guard let records = try? store.pluginRecords(), let instances = try? store.channelInstances() else { return nil }
            let before = divergence(records, instances)
            guard !before.isEmpty else {
                convergence.hold(instances: [], plugins: [])
                return []
            }
            convergence.hold(instances: before.instances, plugins: before.plugins)
            var behind = Set<String>()
            for record in records where before.plugins.contains(record.id) {
                if !activateRecordedBuild(record) { behind.insert(record.id) }
            }
            let enabled = Dictionary(records.map { ($0.id, $0.enabled) }, uniquingKeysWith: { a, _ in a })
            for record in instances where before.instances.contains(record.id) && !behind.contains(record.pluginID) {
                let wanted = record.enabled && enabled[record.pluginID] ?? true
                guard wanted else {
                    stopInstance(record.id)
                    continue
                }
                if let runtime = runtime(for: record.id), runtime.appliedConfigJSON != record.configJSON {
                    do { try runtime.reconfigure(record.configJSON) } catch {
                        // The other host accepted it: start over on it rather than keep the old one.
                        log.warn("instance \(record.id): \(error); restarting it on the new configuration")
                        stopInstance(record.id)
                    }
                }
                if runtime(for: record.id) == nil { startInstance(record) }
            }
            let stored = Set(instances.map(\.id))
            for id in running.withLock({ Array($0.keys) }) where !stored.contains(id) { stopInstance(id) }   // removed elsewhere
            // Still held: the instances of plugins whose build this host cannot run yet.
            let held = Set(instances.filter { behind.contains($0.pluginID) }.map(\.id))
            convergence.hold(instances: held, plugins: behind)
            log.info("converged with the store: \(before.instances.count) instance(s), \(before.plugins.count) plugin(s) differed"
                     + (behind.isEmpty ? "" : "; still behind on \(behind.sorted().joined(separator: ", "))"))
            return behind
        }
    }

    func divergence(_ records: [PluginRecord], _ instances: [ChannelInstanceRecord]) -> Divergence {
        var result = Divergence()
        let loaded = plugins.withLock { $0.mapValues { $0.build?.sha256 } }
        for record in records {
            if let sha = record.activeSHA256, loaded[record.id] ?? nil != sha { result.plugins.insert(record.id) }
        }
        let enabled = Dictionary(records.map { ($0.id, $0.enabled) }, uniquingKeysWith: { a, _ in a })
        for record in instances {
            let runtime = runtime(for: record.id)
            let wanted = record.enabled && enabled[record.pluginID] ?? true
            let differs: Bool
            if let runtime {
                differs = !wanted || runtime.appliedConfigJSON != record.configJSON || result.plugins.contains(record.pluginID)
                    || runtime.plugin.sha256 != loaded[record.pluginID] ?? nil
            } else if wanted {
                // Not running though wanted: start it, unless it already failed here on this configuration.
                differs = failures.withLock { $0[record.id]?.configJSON } != record.configJSON
            } else {
                // Disabled: a failure here is forgotten, so enabling it again tries again.
                failures.withLock { $0[record.id] = nil }
                differs = false
            }
            if differs { result.instances.insert(record.id) }
        }
        let stored = Set(instances.map(\.id))
        result.instances.formUnion(running.withLock { Set($0.keys) }.subtracting(stored))
        return result
    }

    /// Load and activate the build the store names for the plugin. False when this host cannot
    /// find it or an instance fails on it: the plugin's hooks stay held, and ConfigSync retries.
    private func activateRecordedBuild(_ record: PluginRecord) -> Bool {
        guard let sha = record.activeSHA256 else { return true }
        guard let directory = locateBuild(pluginID: record.id, sha256: sha) else {
            log.error("plugin \(record.id): the active build (sha256 \(sha.prefix(12))) is neither in the plugin cache nor in \(pluginsDirectory); "
                      + "its hooks answer 503 here until it is")
            return false
        }
        do {
            let build = try loader.load(directory: directory)
            guard build.id == record.id, build.sha256 == sha else { return false }
            let origin = plugins.withLock { $0[record.id]?.directory } ?? directory
            try activate(build, origin: origin, record: false)
            return true
        } catch {
            log.error("plugin \(record.id): cannot run the active build here: \(error)")
            return false
        }
    }

    /// A folder holding the plugin's build with that checksum: the plugin cache (where an upgrade
    /// on any host sharing this data directory put it), else the plugins directory.
    func locateBuild(pluginID: String, sha256: String) -> String? {
        let cached = "\(loader.cacheDirectory)/\(sha256)"
        if FileSystem.exists("\(cached)/\(PluginManifest.fileName)") { return cached }
        return PluginLoader.scan(pluginsDirectory).first { directory in
            guard let manifest = try? PluginLoader.readManifest(directory: directory) else { return false }
            return manifest.id == pluginID && manifest.sha256 == sha256
        }
    }
}
