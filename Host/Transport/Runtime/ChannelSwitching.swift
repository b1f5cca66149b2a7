import SwitchboardDomain
import SwitchboardSupport

/// A channel a conversation can move to now: a running instance ("available"), or a kind with
/// no plugin yet ("planned": replies would wait).
public struct SwitchTarget: Sendable {
    public var kind: String
    public var label: String
    public var identityKind: String
    public var state: String
    public var instanceID: String?

    var json: JSON {
        .object(["kind": .string(kind), "label": .string(label), "identity_kind": .string(identityKind), "state": .string(state),
                 "instance_id": .from(instanceID)])
    }
}

/// Why a switch was refused: a target that names nothing (400) or one that cannot take it now (409).
public enum SwitchRefusal: Error, CustomStringConvertible, Sendable {
    case invalid(field: String, reason: String)
    case unavailable(String)
    case notFound(String)

    public var description: String {
        switch self {
        case .invalid(let field, let reason): "\(field): \(reason)"
        case .unavailable(let reason), .notFound(let reason): reason
        }
    }
}

/// What a switch did.
public struct SwitchDone: Sendable {
    public var target: String
    public var waiting: Bool
    public var identity: Identity
}

/// Channel switching as one service for REST and plugins (switch_channel_to): resolve the
/// target (an instance id or a channel kind), settle the customer's address there, move.
struct ChannelSwitching {
    let registry: ChannelRegistry
    let store: Store

    /// The kinds a conversation can switch to now; a kind whose plugin is installed but
    /// disabled or without a running instance is left out.
    func targets(excludingKind excluded: String? = nil) -> [SwitchTarget] {
        let plugins = registry.pluginStatuses()
        let instances = registry.instanceStatuses()
        var targets: [SwitchTarget] = []
        var kinds = ChannelKind.known.map(\.kind)
        kinds += plugins.map(Self.kind).filter { !kinds.contains($0) }
        for kind in kinds where kind != excluded {
            let known = ChannelKind.named(kind)
            let ofKind = plugins.filter { Self.kind(of: $0) == kind }
            if !ofKind.isEmpty {
                guard let running = instances.first(where: { instance in
                    instance.state == "running" && ofKind.contains { $0.enabled && $0.id == instance.record.pluginID }
                }), let plugin = ofKind.first(where: { $0.id == running.record.pluginID }) else { continue }
                targets.append(SwitchTarget(kind: kind, label: known?.label ?? plugin.manifest?.name ?? kind,
                                            identityKind: plugin.manifest?.identityKinds.first ?? known?.identityKind ?? kind,
                                            state: "available", instanceID: running.record.id))
            } else if let known, kind != "webchat", kind != "api" {
                targets.append(SwitchTarget(kind: kind, label: known.label, identityKind: known.identityKind, state: "planned", instanceID: nil))
            }
        }
        return targets
    }

    /// A plugin's channel kind: its manifest's, else its id (a plugin that failed to load has no manifest).
    static func kind(of plugin: PluginStatus) -> String { plugin.manifest?.channelKind ?? plugin.id }

    /// Resolve `target` and move the conversation. `identityValue` nil: the contact's known address there.
    func perform(conversationID: String, target: String, identityKind: String?, identityValue: String?, reason: String?,
                 notice: String?, actor: String) throws -> SwitchDone {
        guard let conversation = try store.conversation(id: conversationID) else {
            throw SwitchRefusal.notFound("no conversation \(conversationID)")
        }
        let (instanceID, identityKinds, waitingKind) = try resolve(target)
        let identity: Identity
        if let identityValue, !identityValue.isEmpty {
            let kind = identityKind.flatMap { $0.isEmpty ? nil : $0 } ?? identityKinds[0]
            guard identityKinds.contains(kind) else {
                throw SwitchRefusal.invalid(field: "identity_kind", reason: "\(target) addresses customers by \(identityKinds.joined(separator: " or "))")
            }
            if let problem = ChannelKind.addressProblem(identityKind: kind, value: identityValue) {
                throw SwitchRefusal.invalid(field: "identity_value", reason: problem)
            }
            identity = Identity(kind: kind, value: identityValue)
        } else if let known = try store.identity(contactID: conversation.contactID, kinds: identityKinds) {
            identity = known
        } else {
            throw SwitchRefusal.invalid(field: "identity_value", reason: "the customer has no \(identityKinds[0]) address yet: give one")
        }
        do {
            try store.switchChannel(conversationID: conversationID, to: instanceID, identity: identity, actor: actor,
                                    reason: reason, notice: notice, waitingKind: waitingKind)
        } catch let error as ReplyError {
            if case .conversationNotFound = error { throw SwitchRefusal.notFound(error.description) }
            throw SwitchRefusal.invalid(field: "identity_value", reason: error.description)
        }
        return SwitchDone(target: instanceID, waiting: waitingKind != nil, identity: identity)
    }

    /// An instance id (which must be running), or a kind: its plugin's running instance, or the
    /// kind itself when no plugin of that kind is installed (replies wait).
    private func resolve(_ target: String) throws -> (instanceID: String, identityKinds: [String], waitingKind: String?) {
        if let instance = registry.instanceStatus(target) {
            guard instance.state == "running", let runtime = registry.runtime(for: target) else {
                throw SwitchRefusal.unavailable("channel instance \(target) is not enabled and running (\(instance.state))")
            }
            return (target, runtime.plugin.manifest.identityKinds, nil)
        }
        let ofKind = registry.pluginStatuses().filter { Self.kind(of: $0) == target }
        if !ofKind.isEmpty {
            guard ofKind.contains(where: \.enabled) else { throw SwitchRefusal.unavailable("the \(target) channel is disabled") }
            guard let running = registry.instanceStatuses().first(where: { instance in
                      instance.state == "running" && ofKind.contains { $0.enabled && $0.id == instance.record.pluginID }
                  }), let runtime = registry.runtime(for: running.record.id)
            else { throw SwitchRefusal.unavailable("the \(target) channel has no running instance") }
            return (running.record.id, runtime.plugin.manifest.identityKinds, nil)
        }
        if let known = ChannelKind.named(target), known.kind != "webchat", known.kind != "api" {
            return (known.kind, [known.identityKind], known.kind)
        }
        throw SwitchRefusal.invalid(field: "target", reason: "\(target) is neither a channel instance nor a channel kind this host knows")
    }
}
