import MailgunPlatform
import PluginKit

/// One seller account in one SP-API region, validated, with its secrets fetched from the host's
/// credentials: the Login-with-Amazon app and the seller's refresh token (order data, Messaging
/// API actions), and the Mailgun domain the buyer relay reaches and replies leave from.
struct AmazonConfig: Sendable {
    var sellerID: String
    var marketplaceIDs: [String]
    var region: SellingPartnerRegion
    /// The region's SP-API endpoint, or an override (a proxy, a fake in tests).
    var spAPIBaseURL: String
    /// Login with Amazon, "https://api.amazon.com", or an override.
    var lwaBaseURL: String
    var lwaClientID: String
    var lwaClientSecret: String
    var refreshToken: String
    /// The approved sender (Seller Central → Messaging permissions) replies go from.
    var senderAddress: String
    var senderName: String
    /// Where Seller Central's Buyer Messages notifications go (a Mailgun route forwards it here).
    var inboundAddress: String
    var mailgun: MailgunAccount
    /// How long a failed order look-up waits before the next try.
    var orderRetryMs: UInt64

    /// Amazon's attachment limit on buyer–seller messages (providers.md §5.5).
    static let amazonAttachmentLimit = 10 * 1024 * 1024

    var from: String { EmailAddress.header(name: senderName, address: senderAddress) }

    /// The marketplace a message's alias domain names, when this account sells there; else the
    /// account's first marketplace.
    func marketplace(for tld: String?) -> String {
        if let id = tld.flatMap(Marketplaces.id(tld:)), marketplaceIDs.contains(id) { return id }
        return marketplaceIDs[0]
    }

    /// Throws `PluginError.invalid` naming the setting at fault.
    static func load(configJSON: String, host: PluginHost, instanceID: String) throws -> AmazonConfig {
        guard let object = (try? JSON.parse(configJSON))?.objectValue else {
            throw PluginError.invalid(field: nil, message: "the configuration must be a JSON object")
        }
        func string(_ key: String) -> String? { object[key]?.stringValue }
        guard let seller = string("seller_id")?.trimmingASCIIWhitespace(), !seller.isEmpty,
              seller.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }) else {
            throw PluginError.invalid(field: "seller_id", message: "must be the Merchant Token of Seller Central (letters and digits)")
        }
        let marketplaces = object["marketplace_ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard !marketplaces.isEmpty, marketplaces.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) } }) else {
            throw PluginError.invalid(field: "marketplace_ids", message: "must list marketplace ids like ATVPDKIKX0DER")
        }
        guard let region = string("region").flatMap(SellingPartnerRegion.init(rawValue:)) else {
            throw PluginError.invalid(field: "region", message: "must be NA, EU or FE")
        }
        guard let sender = string("sender_address").flatMap(EmailAddress.parse) else {
            throw PluginError.invalid(field: "sender_address", message: "must be an e-mail address (the approved sender)")
        }
        let mailgun = try MailgunAccount.load(object, host: host, prefix: "mailgun_", defaultMaxAttachmentBytes: amazonAttachmentLimit)
        var inbound = "amazon-\(instanceID.lowercased())@\(mailgun.domain)"
        if let given = string("inbound_address"), !given.isEmpty {
            guard let parsed = EmailAddress.parse(given) else {
                throw PluginError.invalid(field: "inbound_address", message: "must be an e-mail address on the Mailgun domain")
            }
            inbound = parsed.key
        }
        let retrySeconds = min(max(object["order_retry_seconds"]?.intValue ?? 300, 1), 86_400)
        return AmazonConfig(
            sellerID: seller, marketplaceIDs: marketplaces, region: region,
            spAPIBaseURL: try ConfigBaseURL.load(object, field: "sp_api_base_url", default: region.endpoint),
            lwaBaseURL: try ConfigBaseURL.load(object, field: "lwa_base_url", default: "https://api.amazon.com"),
            lwaClientID: try host.credential(field: "lwa_client_id_credential", in: object),
            lwaClientSecret: try host.credential(field: "lwa_client_secret_credential", in: object),
            refreshToken: try host.credential(field: "refresh_token_credential", in: object),
            senderAddress: sender.address, senderName: string("sender_name") ?? sender.name ?? "",
            inboundAddress: inbound, mailgun: mailgun, orderRetryMs: UInt64(retrySeconds) * 1000)
    }
}

/// The SP-API's three regions and their endpoints (providers.md §5.1).
enum SellingPartnerRegion: String, Sendable {
    case northAmerica = "NA", europe = "EU", farEast = "FE"

    var endpoint: String {
        switch self {
        case .northAmerica: "https://sellingpartnerapi-na.amazon.com"
        case .europe: "https://sellingpartnerapi-eu.amazon.com"
        case .farEast: "https://sellingpartnerapi-fe.amazon.com"
        }
    }
}
