import PluginKit
import WebChatLogic

/// The widget's memory of its visitors, durable in the instance's key-value store and cached here:
///   visitor:<visitor id>       → the identity the visitor's token stands for ("webchat:v…" or "external_id:<user id>")
///   state:<identity key>       → `CustomerState` (conversation, details, activity, seen, switch)
///   conversation:<id>          → the identity key whose conversation it is (agent signals name conversations)
/// The cache is write-through, so a restart loses nothing but the throttled activity time.
final class VisitorStore: @unchecked Sendable {
    private let host: PluginHost
    private let lock = PluginLock()
    private var visitors: [String: Identity] = [:]
    private var states: [Identity: CustomerState] = [:]
    private var conversations: [String: Identity] = [:]
    /// Last activity time written to the store, per identity: activity is frequent (typing), so it
    /// is persisted at most every `activityWriteIntervalMs`; the memory copy is always current.
    private var persistedActivity: [Identity: Int64] = [:]
    /// The highest message id the widget was given (pushed, replayed, or read through GET
    /// /messages), per identity: a visitor can only have seen what they were shown, so POST /seen
    /// is capped by it. In memory: after a restart every widget reconnects and is shown again.
    private var shown: [Identity: Int64] = [:]

    static let activityWriteIntervalMs: Int64 = 15_000
    /// Cached visitors at most: past it the caches start over from the store (a busy widget sees
    /// many one-time visitors; memory must not grow with all of them).
    static let maxCached = 100_000

    init(host: PluginHost) { self.host = host }

    func identity(ofVisitor visitorID: String) throws -> Identity? {
        try lock.withLock {
            if let known = visitors[visitorID] { return known }
            guard let key = try host.kvGetString("visitor:\(visitorID)"), let identity = Identity(key: key) else { return nil }
            trimIfFull()
            visitors[visitorID] = identity
            return identity
        }
    }

    func register(visitor visitorID: String, as identity: Identity) throws {
        try lock.withLock {
            try host.kvSet("visitor:\(visitorID)", identity.key)
            visitors[visitorID] = identity
        }
    }

    func state(_ identity: Identity) throws -> CustomerState {
        try lock.withLock { try loadState(identity) }
    }

    /// Read-modify-write of one identity's state, persisted before it returns.
    @discardableResult
    func update(_ identity: Identity, _ change: (inout CustomerState) throws -> Void) throws -> CustomerState {
        try lock.withLock {
            var state = try loadState(identity)
            let before = state
            try change(&state)
            guard state != before else { return state }
            try host.kvSet("state:\(identity.key)", state.serialized)
            states[identity] = state
            persistedActivity[identity] = state.lastActivityMs
            if let conversation = state.conversationID, conversation != before.conversationID {
                try host.kvSet("conversation:\(conversation)", identity.key)
                conversations[conversation] = identity
            }
            return state
        }
    }

    /// The visitor did something (sent, typed, saw a message): they are here.
    func touch(_ identity: Identity, nowMs: Int64 = Clock.nowMillis()) throws {
        try lock.withLock {
            var state = try loadState(identity)
            state.lastActivityMs = max(state.lastActivityMs, nowMs)
            states[identity] = state
            if nowMs - (persistedActivity[identity] ?? 0) >= Self.activityWriteIntervalMs {
                try host.kvSet("state:\(identity.key)", state.serialized)
                persistedActivity[identity] = nowMs
            }
        }
    }

    func noteShown(_ identity: Identity, upTo messageID: Int64) {
        lock.withLock { shown[identity] = max(shown[identity] ?? 0, messageID) }
    }

    func shownUpTo(_ identity: Identity) -> Int64 { lock.withLock { shown[identity] ?? 0 } }

    func identity(forConversation conversationID: String) throws -> Identity? {
        try lock.withLock {
            if let known = conversations[conversationID] { return known }
            guard let key = try host.kvGetString("conversation:\(conversationID)"), let identity = Identity(key: key) else { return nil }
            conversations[conversationID] = identity
            return identity
        }
    }

    /// The host erased these customers: their state (details they gave, activity), which visitor
    /// tokens stood for them, and which conversations were theirs go. A visitor token of theirs
    /// still in a browser then starts over as someone new.
    func forget(_ identities: [Identity], conversations ids: [String]) throws {
        let keys = Set(identities.map(\.key))
        try lock.withLock {
            for identity in identities {
                try host.kvDelete("state:\(identity.key)")
                states[identity] = nil
                persistedActivity[identity] = nil
                shown[identity] = nil
            }
            for id in ids {
                try host.kvDelete("conversation:\(id)")
                conversations[id] = nil
            }
            try host.kvDeleteAll(prefix: "visitor:") { key, value in
                guard keys.contains(String(decoding: value, as: UTF8.self)) else { return false }
                visitors[String(key.dropFirst("visitor:".count))] = nil
                return true
            }
        }
    }

    /// Inside the lock.
    private func loadState(_ identity: Identity) throws -> CustomerState {
        if let cached = states[identity] { return cached }
        trimIfFull()
        let state = try host.kvGetString("state:\(identity.key)").map(CustomerState.init(serialized:)) ?? CustomerState()
        states[identity] = state
        persistedActivity[identity] = state.lastActivityMs
        return state
    }

    /// Inside the lock. Activity not yet written (under `activityWriteIntervalMs` old) is written
    /// first, so starting over loses nothing.
    private func trimIfFull() {
        guard states.count + visitors.count + conversations.count > Self.maxCached else { return }
        for (identity, state) in states where state.lastActivityMs > (persistedActivity[identity] ?? 0) {
            try? host.kvSet("state:\(identity.key)", state.serialized)
        }
        states.removeAll()
        visitors.removeAll()
        conversations.removeAll()
        persistedActivity.removeAll()
        shown.removeAll()
    }
}
