import SwitchboardSupport

/// A browser an agent allowed to receive Web Push: the push service's endpoint and the browser's keys.
public struct PushSubscription: Sendable, Equatable {
    public var id: String
    public var agentID: String
    public var endpoint: String
    /// The browser's P-256 public key, base64url (65 bytes decoded).
    public var p256dh: String
    /// The browser's auth secret, base64url (16 bytes decoded).
    public var auth: String
    public var createdAt: Int64

    public static let maxEndpointLength = 2048

    /// Check a subscription as a browser's PushManager gives it; the error names the field at fault.
    public static func validate(endpoint: String, p256dh: String, auth: String) throws(WorkflowError) {
        guard endpoint.utf8.count <= maxEndpointLength, VAPID.origin(of: endpoint) != nil else {
            throw .invalid(field: "endpoint", reason: "must be an http(s) URL of at most \(maxEndpointLength) bytes")
        }
        guard let point = Base64URL.decode(p256dh), (try? P256Key(publicPoint: point)) != nil else {
            throw .invalid(field: "keys.p256dh", reason: "must be a base64url P-256 public key (65-byte uncompressed point)")
        }
        guard let secret = Base64URL.decode(auth), secret.count == 16 else {
            throw .invalid(field: "keys.auth", reason: "must be a base64url 16-byte secret")
        }
    }
}

extension Store {
    static let vapidKeyKey = "notifications.vapid_private_key"

    /// The host's VAPID key (RFC 8292): made on first use, kept in the store (base64 DER), the same across restarts.
    public func vapidKey() throws -> P256Key {
        if let stored = try hostSetting(Self.vapidKeyKey)?.stringValue, let der = Crypto.base64Decode(stored) {
            return try P256Key(privateKeyDER: der)
        }
        let fresh = try P256Key.generate()
        // Two first callers at once: the first write wins and both read the same key back.
        try write { db in
            try db.run("INSERT INTO host_settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                       [.text(Self.vapidKeyKey), .text(JSON.string(Crypto.base64(fresh.privateKeyDER)).serialized), .integer(Clock.nowMillis())])
        }
        guard let stored = try hostSetting(Self.vapidKeyKey)?.stringValue, let der = Crypto.base64Decode(stored) else {
            throw WorkflowError.conflict("the VAPID key could not be stored")
        }
        return try P256Key(privateKeyDER: der)
    }

    /// Add (or, for the same endpoint, replace) a browser's subscription for `agentID`.
    public func addPushSubscription(agentID: String, endpoint: String, p256dh: String, auth: String) throws -> PushSubscription {
        try PushSubscription.validate(endpoint: endpoint, p256dh: p256dh, auth: auth)
        return try write { db in
            let now = Clock.nowMillis()
            // A browser re-subscribing (new keys, or another agent signed in on it) takes over its endpoint.
            try db.run("DELETE FROM push_subscriptions WHERE endpoint = ?", [.text(endpoint)])
            let id = "push_" + Crypto.randomHex(bytes: 8)
            try db.run("INSERT INTO push_subscriptions (id, agent_id, endpoint, p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                       [.text(id), .text(agentID), .text(endpoint), .text(p256dh), .text(auth), .integer(now)])
            return PushSubscription(id: id, agentID: agentID, endpoint: endpoint, p256dh: p256dh, auth: auth, createdAt: now)
        }
    }

    public func pushSubscriptions(agentID: String) throws -> [PushSubscription] {
        try read { db in
            try db.query("SELECT id, agent_id, endpoint, p256dh, auth, created_at FROM push_subscriptions WHERE agent_id = ? ORDER BY created_at",
                         [.text(agentID)], Self.pushSubscription)
        }
    }

    /// Remove one of the agent's subscriptions; false when they have none with that id.
    public func deletePushSubscription(agentID: String, id: String) throws -> Bool {
        try write { db in
            try db.run("DELETE FROM push_subscriptions WHERE id = ? AND agent_id = ?", [.text(id), .text(agentID)])
            return db.changes == 1
        }
    }

    static func pushSubscription(_ r: Row) -> PushSubscription {
        PushSubscription(id: r.text(0), agentID: r.text(1), endpoint: r.text(2), p256dh: r.text(3), auth: r.text(4), createdAt: r.int(5))
    }
}
