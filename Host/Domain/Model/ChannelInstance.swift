/// Who handles new conversations on a channel instance.
public enum BindingKind: String, Sendable, CaseIterable {
    case team, stack
}

/// What a stack binding does with the stack's reply: send it (`answer`), or keep it as a draft
/// people approve, edit or discard (`draft`).
public enum StackMode: String, Sendable, CaseIterable {
    case answer, draft
}

/// One configured use of a plugin (one SMS number, one support address), as stored.
public struct ChannelInstanceRecord: Sendable, Equatable {
    public var id: String
    public var pluginID: String
    public var name: String
    public var configJSON: String
    public var enabled: Bool
    public var bindingKind: BindingKind
    public var bindingRef: String?
    public var createdAt: Int64
    public var updatedAt: Int64
    /// Set when another instance took this one's asset over: it stays disabled, and says why.
    public var disconnectedReason: String? = nil
    /// With a stack binding: answer, or draft for people to review.
    public var stackMode: StackMode = .answer

    public init(id: String, pluginID: String, name: String, configJSON: String, enabled: Bool,
                bindingKind: BindingKind, bindingRef: String?, createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.pluginID = pluginID
        self.name = name
        self.configJSON = configJSON
        self.enabled = enabled
        self.bindingKind = bindingKind
        self.bindingRef = bindingRef
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// An operator's on/off choice for a plugin, and which build of it is active.
public struct PluginRecord: Sendable, Equatable {
    public var id: String
    public var enabled: Bool
    public var activeVersion: String?
    public var activeSHA256: String?

    public init(id: String, enabled: Bool, activeVersion: String?, activeSHA256: String?) {
        self.id = id
        self.enabled = enabled
        self.activeVersion = activeVersion
        self.activeSHA256 = activeSHA256
    }
}
