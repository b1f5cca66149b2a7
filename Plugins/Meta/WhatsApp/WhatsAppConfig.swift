import PluginKit

/// WhatsApp on the Cloud API as a Meta product: one instance serves one business phone number,
/// claimed by its `phone_number_id`; customers are known by identity kind `whatsapp`.
enum WhatsAppProduct {
    static let product = MetaProduct(
        pluginID: "whatsapp", version: "1.0.0", webhookObject: "whatsapp_business_account", assetKind: "whatsapp_number",
        assetConfigField: "phone_number_id", identityKind: "whatsapp", maxTextLength: 4096, profileFields: "",
        assetNameField: "verified_name", statusNameKey: "verified_name", displayWord: "WhatsApp")
}

/// One instance's configuration: the number and its WhatsApp Business Account, the Meta app it
/// talks through, and whether customers see their messages marked read.
public struct WhatsAppConfig: Sendable, Equatable {
    /// `phone_number_id` is the asset; the connection is the Meta app's.
    public var meta: MetaInstanceConfig
    /// The WhatsApp Business Account: owner of the templates.
    public var wabaID: String
    /// Mark a customer's message read (blue ticks) when it is stored. Off by default.
    public var markRead: Bool

    public var phoneNumberID: String { meta.assetID }

    /// Throws `PluginError.invalid` naming the setting at fault.
    public static func load(configJSON: String, host: PluginHost) throws -> WhatsAppConfig {
        let meta = try MetaInstanceConfig.load(configJSON: configJSON, product: WhatsAppProduct.product, host: host)
        let object = (try? JSON.parse(configJSON))?.objectValue ?? [:]
        guard let waba = object["waba_id"]?.stringValue, MetaInstanceConfig.isAssetID(waba) else {
            throw PluginError.invalid(field: "waba_id", message: "must be the numeric id of the WhatsApp Business Account")
        }
        var markRead = false
        if let flag = object["mark_read"], !flag.isNull {
            guard let value = flag.boolValue else { throw PluginError.invalid(field: "mark_read", message: "must be true or false") }
            markRead = value
        }
        return WhatsAppConfig(meta: meta, wabaID: waba, markRead: markRead)
    }

    /// The number and the app's route are fixed at creation (as for a Page); so is the account
    /// whose templates the instance keeps.
    public func checkReplacement(_ updated: WhatsAppConfig) throws {
        try meta.checkReplacement(updated.meta, product: WhatsAppProduct.product)
        if updated.wabaID != wabaID {
            throw PluginError.invalid(field: "waba_id", message: "cannot change on a running instance: create a new instance")
        }
    }
}
