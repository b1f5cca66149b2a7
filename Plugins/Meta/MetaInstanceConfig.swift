import PluginKit

/// One instance's configuration: the asset it serves and the Meta app it talks through.
public struct MetaInstanceConfig: Sendable, Equatable {
    /// The Page id or Instagram account id (digits).
    public var assetID: String
    public var connection: MetaConnection

    /// Throws `PluginError.invalid` naming the setting at fault.
    public static func load(configJSON: String, product: MetaProduct, host: PluginHost) throws -> MetaInstanceConfig {
        guard let object = (try? JSON.parse(configJSON))?.objectValue else {
            throw PluginError.invalid(field: nil, message: "the configuration must be a JSON object")
        }
        let field = product.assetConfigField
        guard let assetID = object[field]?.stringValue, isAssetID(assetID) else {
            throw PluginError.invalid(field: field, message: "must be the numeric id Meta shows for it")
        }
        return MetaInstanceConfig(assetID: assetID, connection: try MetaConnection.load(object, host: host))
    }

    static func isAssetID(_ id: String) -> Bool {
        (1...32).contains(id.utf8.count) && id.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// A new configuration may change credentials and Graph settings, not what the instance is:
    /// the asset it claimed and the app whose webhook route it joined are fixed at creation.
    public func checkReplacement(_ updated: MetaInstanceConfig, product: MetaProduct) throws {
        if updated.assetID != assetID {
            throw PluginError.invalid(field: product.assetConfigField,
                                      message: "cannot change on a running instance: create a new instance for \(updated.assetID)")
        }
        if updated.connection.key != connection.key {
            throw PluginError.invalid(field: "app_secret_credential",
                                      message: "names the Meta app's webhook route and cannot change: create a new instance")
        }
    }
}
