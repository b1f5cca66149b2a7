/// What flows may name, read once from the store: channel instances (with their channel kind),
/// stacks and queues. Validation asks it, so the engine's validator stays pure.
public struct VoiceReferences: IVRReferences {
    /// Instance id → channel kind ("sms", "whatsapp"); nil kind when its plugin is not installed.
    public let instanceKinds: [String: String?]
    public let stackIDs: Set<String>
    public let queueIDs: Set<String>

    /// The kinds a call may move to (route to channel).
    public static let routableKinds: Set<String> = ["sms", "whatsapp"]

    public func smsInstanceExists(_ id: String) -> Bool { instanceKinds[id] == "sms" }
    public func channelInstanceExists(_ id: String) -> Bool { (instanceKinds[id] ?? nil).map(Self.routableKinds.contains) ?? false }
    public func stackExists(_ id: String) -> Bool { stackIDs.contains(id) }
    public func queueExists(_ id: String) -> Bool { queueIDs.contains(id) }
}

extension Store {
    /// `channelKind` maps a plugin id to its manifest's channel kind (the registry knows manifests, the store does not).
    public func voiceReferences(channelKind: (String) -> String?) throws -> VoiceReferences {
        let instances = try read { db in try db.query("SELECT id, plugin_id FROM channel_instances", []) { ($0.text(0), $0.text(1)) } }
        let stacks = try read { db in try db.query("SELECT id FROM agent_stacks", []) { $0.text(0) } }
        let queues = try read { db in try db.query("SELECT id FROM voice_queues", []) { $0.text(0) } }
        var kinds: [String: String?] = [:]
        for (id, plugin) in instances { kinds[id] = channelKind(plugin) }
        return VoiceReferences(instanceKinds: kinds, stackIDs: Set(stacks), queueIDs: Set(queues))
    }
}
