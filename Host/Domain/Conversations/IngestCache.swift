/// What earlier ingests looked up, so the next message from the same customer skips the lookups:
/// the contact that owns an identity, the conversation a contact continues on a channel instance,
/// the Agent Stack an instance is bound to, and the SLA policies. Those reads were most of an inbound
/// message's statements on the store's single writer, which bounds durable ingest.
///
/// Only the writer thread touches it, inside writes. It stays true because ingest keeps it current
/// for what ingest itself changes, and the writer empties it before any other write runs (which may
/// merge contacts, close or move conversations, rebind channels) and after any write fails or rolls
/// back. Only positive answers are kept: a contact or conversation made elsewhere is looked up.
struct IngestCache {
    struct ContactChannel: Hashable {
        var contactID: String
        var instanceID: String
    }

    struct OpenConversation: Equatable {
        var id: String
        var status: ConversationStatus
        var agentStack: String?
    }

    var contacts: [Identity: String] = [:]
    var conversations: [ContactChannel: OpenConversation] = [:]
    /// Per instance: the stack it is bound to, or nil when people answer it.
    var boundStacks: [String: String?] = [:]
    /// The SLA policies, parsed (nil: not read yet). Every customer message starts the response
    /// clock; policies change only through writes that empty the cache (saveSLAPolicy, deleteSLAPolicy).
    var knownSLAPolicies: [SLAPolicy]?

    /// The `ingest` config version (ConfigVersions) the cache reflects every change up to; 0 once emptied.
    var validAtVersion: Int64 = 0

    /// Beyond this many customers, start over rather than grow without bound (a lookup is all a miss costs).
    static let maxEntries = 100_000

    var isEmpty: Bool { contacts.isEmpty && conversations.isEmpty && boundStacks.isEmpty && knownSLAPolicies == nil }

    mutating func removeAll() {
        guard !isEmpty || validAtVersion != 0 else { return }
        self = IngestCache()
    }

    mutating func remember(contact id: String, for identity: Identity) {
        if contacts.count >= Self.maxEntries { contacts.removeAll() }
        contacts[identity] = id
    }

    mutating func remember(_ conversation: OpenConversation, for key: ContactChannel) {
        if conversations.count >= Self.maxEntries { conversations.removeAll() }
        conversations[key] = conversation
    }

    /// The SLA policies, read and parsed once.
    mutating func slaPolicies(_ db: StoreConnection) throws -> [SLAPolicy] {
        if let known = knownSLAPolicies { return known }
        let policies = try Store.slaPolicies(db)
        knownSLAPolicies = policies
        return policies
    }
}
