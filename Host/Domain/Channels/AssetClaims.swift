import SwitchboardSupport

/// An asset one channel instance serves exclusively: a Facebook Page, an Instagram account, a
/// phone number, a workspace, a bot (ABI 1.3 claim_asset).
public struct AssetClaim: Sendable, Equatable {
    public var kind: String
    public var assetID: String
    public var instanceID: String
    /// The configuration key that named the asset, so an operator's error can point at it.
    public var configField: String
    public var claimedAt: Int64
}

/// What a claim did.
public enum ClaimOutcome: Sendable, Equatable {
    /// The asset is this instance's now (it was free, or already this instance's).
    case claimed
    /// The operator asked to take it over: the previous holder is disabled with a reason.
    case tookOver(from: String)
    /// Another instance holds it.
    case conflict(holder: String)
}

/// Who asks for a claim, and whether they may move an asset from another instance.
public struct ClaimRequest: Sendable {
    public var kind: String
    public var assetID: String
    public var instanceID: String
    public var configField: String
    public var takeOver: Bool
    /// Recorded on the take-over event ("key:…", "agent:…", "host").
    public var actor: String

    public init(kind: String, assetID: String, instanceID: String, configField: String, takeOver: Bool, actor: String) {
        self.kind = kind
        self.assetID = assetID
        self.instanceID = instanceID
        self.configField = configField
        self.takeOver = takeOver
        self.actor = actor
    }
}

extension Store {
    /// Claims an asset in one transaction. A take-over moves the claim, disables the previous
    /// holder with the reason, and records a `channel.asset_moved` event naming who moved it.
    public func claimAsset(_ r: ClaimRequest) throws -> ClaimOutcome {
        try write { db in
            let now = Clock.nowMillis()
            let holder = try db.queryOne("SELECT instance_id FROM asset_claims WHERE kind = ? AND asset_id = ?",
                                         [.text(r.kind), .text(r.assetID)]) { $0.text(0) }
            // A claim of a deleted instance is stale (deletion removes claims; this covers older data).
            let holderExists = try holder.map { id in
                try db.queryOne("SELECT 1 FROM channel_instances WHERE id = ?", [.text(id)]) { _ in true } ?? false
            } ?? false
            if let holder, holder != r.instanceID, holderExists {
                guard r.takeOver else { return .conflict(holder: holder) }
                let reason = "\(r.kind) \(r.assetID) was taken over by channel instance \(r.instanceID)"
                try db.run("UPDATE channel_instances SET enabled = 0, disconnected_reason = ?, updated_at = ? WHERE id = ?",
                           [.text(reason), .integer(now), .text(holder)])
                try Self.appendEvent(db, conversationID: nil, type: "channel.asset_moved", actor: r.actor,
                                     data: ["kind": .string(r.kind), "asset_id": .string(r.assetID), "from": .string(holder),
                                            "to": .string(r.instanceID), "config_field": .string(r.configField)], now: now)
                try Self.bumpConfigVersion(db, .channels)
            }
            try db.run(
                """
                INSERT INTO asset_claims (kind, asset_id, instance_id, config_field, claimed_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (kind, asset_id) DO UPDATE SET instance_id = excluded.instance_id, config_field = excluded.config_field,
                    claimed_at = CASE WHEN asset_claims.instance_id = excluded.instance_id THEN asset_claims.claimed_at
                                      ELSE excluded.claimed_at END
                """, [.text(r.kind), .text(r.assetID), .text(r.instanceID), .text(r.configField), .integer(now)])
            if let holder, holder != r.instanceID, holderExists { return .tookOver(from: holder) }
            return .claimed
        }
    }

    /// The instance that holds (kind, asset), if any.
    public func assetOwner(kind: String, assetID: String) throws -> String? {
        try read { db in
            try db.queryOne("SELECT instance_id FROM asset_claims WHERE kind = ? AND asset_id = ?", [.text(kind), .text(assetID)]) { $0.text(0) }
        }
    }

    /// Every claim an instance holds, oldest first.
    public func assetClaims(instanceID: String) throws -> [AssetClaim] {
        try read { db in
            try db.query("SELECT kind, asset_id, instance_id, config_field, claimed_at FROM asset_claims WHERE instance_id = ? ORDER BY claimed_at",
                         [.text(instanceID)]) {
                AssetClaim(kind: $0.text(0), assetID: $0.text(1), instanceID: $0.text(2), configField: $0.text(3), claimedAt: $0.int(4))
            }
        }
    }
}
