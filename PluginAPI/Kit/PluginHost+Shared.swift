import SwitchboardPluginAPI

/// A message found by its provider id (`PluginHost.findMessage`).
public struct FoundMessage: Sendable, Equatable {
    public var conversationID: String
    /// The host's id of the message.
    public var messageID: Int64
    /// True for a message the customer sent, false for one sent to them.
    public var fromCustomer: Bool
}

/// ABI 1.3: what a plugin needs when its provider posts every asset's events to one URL (a Meta
/// app's callback for all its Pages): a route the instances share, and the instance that owns
/// each asset.
extension PluginHost {
    /// Where a shared route is served, under the host's public base URL.
    public static func sharedRoutePrefix(pluginID: String, connection: String) -> String {
        "/hooks/shared/\(pluginID)/\(connection)"
    }

    /// Declares a route every instance of this plugin naming the same `connection` shares (1-64 of
    /// a-z, A-Z, 0-9, '-', '_', '.'). Requests there reach `handle` of one of those instances, with
    /// the path after the connection. Call from `init`.
    public func addSharedRoute(connection: String, method: String, path: String) throws {
        let add = try service(\.route_add_shared, "route_add_shared")
        try withSBStrs([connection, method, path]) { s throws in try call("route_add_shared") { add(ctx, s[0], s[1], s[2], $0, $1) } }
    }

    /// The services as the running instance of this plugin that claimed the asset (maybe this
    /// one), or nil when no running instance serves it. Use the value only within the current call.
    /// Throws `.denied` when another plugin's instance holds it.
    public func owner(ofAsset kind: String, id: String) throws -> PluginHost? {
        let lookup = try service(\.asset_owner, "asset_owner")
        var owner: OpaquePointer?
        do {
            try withSBStrs([kind, id]) { s throws in try call("asset_owner") { lookup(ctx, s[0], s[1], &owner, $0, $1) } }
        } catch PluginError.notFound {
            return nil
        }
        return owner.map { PluginHost(api: api, ctx: $0) }
    }

    /// A message this instance stored or sent, by the provider's id of it; nil when none.
    public func findMessage(providerMessageID: String) throws -> FoundMessage? {
        let find = try service(\.find_message, "find_message")
        var result = sb_ingest_result()
        result.struct_size = UInt32(MemoryLayout<sb_ingest_result>.size)
        do {
            try withSBStrs([providerMessageID]) { s throws in try call("find_message") { find(ctx, s[0], &result, $0, $1) } }
        } catch PluginError.notFound {
            return nil
        }
        return FoundMessage(conversationID: stringFromCArray(result.conversation_id), messageID: result.message_id,
                            fromCustomer: result.created_conversation != 0)
    }

    /// A receipt covering every message sent to one customer up to `watermarkMs` (Unix ms):
    /// `.delivered` or `.read`. Moves messages forward only; returns how many moved.
    @discardableResult
    public func reportDelivery(identityKind: String, identityValue: String, upTo watermarkMs: Int64,
                               status: DeliveryStatus) throws -> Int {
        let report = try service(\.report_delivery_until, "report_delivery_until")
        var count: UInt32 = 0
        try withSBStrs([identityKind, identityValue]) { s throws in
            try call("report_delivery_until") { report(ctx, s[0], s[1], watermarkMs, status.rawValue, &count, $0, $1) }
        }
        return Int(count)
    }
}
