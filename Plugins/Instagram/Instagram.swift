import MetaPlatform

/// Instagram Direct on a professional account (connected through its Facebook Page's app):
/// what sets it apart from Messenger. The channel itself is `MetaChannel` (Plugins/Meta).
enum Instagram: MetaProductKind {
    static let product = MetaProduct(
        pluginID: "instagram", version: "1.0.0", webhookObject: "instagram", assetKind: "instagram_account",
        assetConfigField: "instagram_account_id", identityKind: "instagram_igsid", maxTextLength: 1000,
        profileFields: "name,username", assetNameField: "username", statusNameKey: "instagram_username", displayWord: "Instagram")
}

/// The plugin class this library exports.
typealias InstagramChannel = MetaChannel<Instagram>
