import PluginKit

/// What differs between Meta's messaging products that share one webhook format and one Send
/// API (Messenger on a Facebook Page, Instagram Direct on a professional account). Everything
/// else — signature, batch walking, Graph calls, errors, windows — is the same code.
public struct MetaProduct: Sendable {
    /// The plugin's id ("messenger"): also its shared-route namespace.
    public var pluginID: String
    public var version: String
    /// The webhook's `object` ("page", "instagram").
    public var webhookObject: String
    /// The exclusive asset an instance claims ("facebook_page", "instagram_account").
    public var assetKind: String
    /// The configuration key naming the asset ("page_id", "instagram_account_id").
    public var assetConfigField: String
    /// How customers are known ("messenger_psid", "instagram_igsid").
    public var identityKind: String
    /// In Unicode scalars: the Send API's limit for one text message.
    public var maxTextLength: UInt32
    /// `fields=` of the customer profile look-up.
    public var profileFields: String
    /// `fields=` of the asset's own look-up, and which of them is its display name.
    public var assetNameField: String
    /// The status key the asset's name is published under ("page_name", "instagram_username").
    public var statusNameKey: String
    /// "Messenger" in "Messenger user 1234" and "[unsupported Messenger message type: X]".
    public var displayWord: String
    /// Where a link opens a thread with the asset, which Meta passes a `ref` through
    /// ("https://m.me/"): the web chat's "continue on Messenger". nil: the product has none.
    public var threadLinkBase: String?

    public init(pluginID: String, version: String, webhookObject: String, assetKind: String, assetConfigField: String,
                identityKind: String, maxTextLength: UInt32, profileFields: String, assetNameField: String, statusNameKey: String,
                displayWord: String, threadLinkBase: String? = nil) {
        self.pluginID = pluginID
        self.version = version
        self.webhookObject = webhookObject
        self.assetKind = assetKind
        self.assetConfigField = assetConfigField
        self.identityKind = identityKind
        self.maxTextLength = maxTextLength
        self.profileFields = profileFields
        self.assetNameField = assetNameField
        self.statusNameKey = statusNameKey
        self.displayWord = displayWord
        self.threadLinkBase = threadLinkBase
    }

    /// The link a switch ticket rides on ("https://m.me/<page>?ref=sbswitch.{ticket}"), published
    /// as `switch_link` for the host to fill in (ABI 1.3 switch tickets).
    public func switchLink(assetID: String) -> String? {
        threadLinkBase.map { "\($0)\(assetID)?ref=\(SwitchReferral.prefix){ticket}" }
    }

    /// Text, images, files and quick replies (rich); plain text only.
    public var capabilities: PluginCapabilities {
        PluginCapabilities(content: [.text, .images, .files, .rich], format: .plain, maxTextLength: maxTextLength)
    }

    /// Who wrote a message the business sent from Meta's own inbox (an echo).
    public static let echoAuthor = "Meta inbox"

    /// A labelled anonymous name for a customer whose profile Meta would not give: never an
    /// invented person ("John Doe"), but still tells two customers apart.
    public func fallbackName(userID: String) -> String {
        "\(displayWord) user \(String(userID.suffix(4)))"
    }

    /// The visible stand-in for content Meta delivered but we cannot show.
    public func unsupportedPlaceholder(_ type: String) -> String {
        "[unsupported \(displayWord) message type: \(type)]"
    }
}

/// A product description as a type, so `MetaChannel<Product>` can be the plugin class each
/// library exports (`ChannelPlugin` reads id, version and capabilities statically).
public protocol MetaProductKind: Sendable {
    static var product: MetaProduct { get }
}
