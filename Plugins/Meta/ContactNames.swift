import PluginKit

/// The customer's name for an ingest, from Meta's profile look-up, without ever holding up or
/// failing the ingest: a name is looked up once per customer (then kept in the owner's state as
/// name/<id>), with a short timeout, and a failed look-up is not tried again for an hour
/// (namefail/<id>), so a customer Meta will not describe costs nothing per message.
struct ContactNames {
    let host: PluginHost
    let product: MetaProduct
    /// nil when the owner's token is not known yet: the fallback is used, nothing remembered.
    let graph: GraphClient?

    static let lookupTimeoutMs: UInt32 = 1_500
    static let failureMemoryMs: Int64 = 3_600_000

    func name(for userID: String, nowMs: Int64) -> String {
        let fallback = product.fallbackName(userID: userID)
        if let known = host.storedString("name/" + userID) { return known }
        if let failedAt = host.storedInt("namefail/" + userID), nowMs - failedAt < Self.failureMemoryMs {
            return fallback
        }
        guard let graph else { return fallback }
        switch graph.fields(of: userID, product.profileFields, timeoutMs: Self.lookupTimeoutMs) {
        case .success(let profile):
            if let name = Self.displayName(profile: profile) {
                try? host.kvSet("name/" + userID, name)
                try? host.kvDelete("namefail/" + userID)
                return name
            }
            host.log(.info, "\(product.pluginID): Meta gave no name for user \(userID)")
        case .failure(let error):
            host.log(.info, "\(product.pluginID): no profile for user \(userID): \(error.message)")
        }
        try? host.kvSet("namefail/" + userID, String(nowMs))
        return fallback
    }

    /// first_name + last_name, else name, else the Instagram username; nil when Meta gave none
    /// of them (the caller then uses the labelled fallback, never an invented person).
    static func displayName(profile: JSON) -> String? {
        func field(_ key: String) -> String? {
            profile[key]?.stringValue.map { $0.trimmingASCIIWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let full = [field("first_name"), field("last_name")].compactMap { $0 }.joined(separator: " ")
        if !full.isEmpty { return full }
        return field("name") ?? field("username")
    }
}
