import MetaPlatform

/// Messenger on a Facebook Page: what sets it apart from the other Meta products. The channel
/// itself is `MetaChannel` (Plugins/Meta), shared with Instagram.
enum Messenger: MetaProductKind {
    static let product = MetaProduct(
        pluginID: "messenger", version: "1.0.0", webhookObject: "page", assetKind: "facebook_page", assetConfigField: "page_id",
        identityKind: "messenger_psid", maxTextLength: 2000, profileFields: "first_name,last_name,name",
        assetNameField: "name", statusNameKey: "page_name", displayWord: "Messenger", threadLinkBase: "https://m.me/")
}

/// The plugin class this library exports.
typealias MessengerChannel = MetaChannel<Messenger>
