import SwitchboardSupport

/// A kind of database state hosts keep in memory. Every change of that kind bumps its version in
/// the same transaction (`config_versions`), so a host sharing the store notices by polling one
/// small table and reloads what another host changed.
public enum ConfigScope: String, Sendable, CaseIterable {
    /// Plugins (on/off, active build), channel instances (added, configured, on/off, removed,
    /// taken over) and credentials: what a host runs and how routing reaches it.
    case channels
    /// Anything the ingest cache may remember (contacts, open conversations, stack bindings, SLA
    /// policies): bumped by every write that empties that cache on its own host.
    case ingest
    /// The triage topics the classifier is trained on.
    case triage
    /// Teams, routing rules, bindings or agents' capacity: conversations nobody handles are routed
    /// again by whichever host holds the sweeps (WorkflowScheduler), not only the one that changed them.
    case routing
}

extension Store {
    /// Inside a write: the change is of `scope`. Returns the new version.
    @discardableResult
    static func bumpConfigVersion(_ db: StoreConnection, _ scope: ConfigScope) throws -> Int64 {
        try db.queryOne("UPDATE config_versions SET version = version + 1 WHERE scope = ? RETURNING version",
                        [.text(scope.rawValue)]) { $0.int(0) } ?? 0
    }

    /// A change of `scope` made by writes that do not bump it themselves: tell the other hosts.
    public func noteConfigChange(_ scope: ConfigScope) throws {
        try write(rerunnable: true, sparesIngestCache: true) { db in try Self.bumpConfigVersion(db, scope) }
    }

    /// Every scope's version now (one small read: hosts poll it).
    public func configVersions() throws -> [ConfigScope: Int64] {
        try read { db in
            var versions: [ConfigScope: Int64] = [:]
            for (name, version) in try db.query("SELECT scope, version FROM config_versions", [], { ($0.text(0), $0.int(1)) }) {
                if let scope = ConfigScope(rawValue: name) { versions[scope] = version }
            }
            return versions
        }
    }

    /// A host (another, or this one: see Store.noteIngestChange) changed what the ingest cache may
    /// hold, up to `version`: the writer empties the cache before its next group, once per version.
    public func ingestChangedElsewhere(upTo version: Int64) {
        ingestVersionSeen.withLock { $0 = max($0, version) }
    }

    /// Another host changed the triage topics: train again on next use.
    public func triageChangedElsewhere() {
        triageCache.withLock { $0.forget() }
    }

    /// On the writer thread, before a group: forget what another host made stale.
    func dropIngestCacheIfStale() {
        let seen = ingestVersionSeen.withLock { $0 }
        guard seen > ingestCache.validAtVersion else { return }
        ingestCache.removeAll()
        ingestCache.validAtVersion = seen
    }
}
