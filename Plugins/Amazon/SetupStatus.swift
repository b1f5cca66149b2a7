import PluginKit

/// What the operator sees of an instance (`plugin_status`): the addresses to enter in Seller
/// Central and Mailgun, step by step, and whether the SP-API authorisation still holds.
enum SetupStatus {
    static func status(config: AmazonConfig, webhookURL: String, reconnectReason: String?, lastTokenAtMs: Int64?,
                       pendingOrders: Int) -> JSON {
        let steps: [JSON] = [
            .string("Mailgun: add a route matching recipient \(config.inboundAddress) with forward(\"\(webhookURL)\") and stop()."),
            .string("Seller Central → Settings → Notification Preferences → Messaging → Buyer Messages: add \(config.inboundAddress)."),
            .string("Seller Central → Settings → Notification Preferences → Messaging permissions: add \(config.senderAddress) as an approved sender."),
            .string("Mailgun: verify the sending domain \(config.mailgun.domain) (SPF, DKIM) so Amazon accepts replies from \(config.senderAddress)."),
            .string("SP-API: authorise the app for seller \(config.sellerID) (Seller Central → Apps and Services → Develop apps → Authorize) with the Orders and Messaging roles, and store the refresh token as the refresh_token_credential."),
        ]
        return ["seller_id": .string(config.sellerID), "region": .string(config.region.rawValue),
                "marketplace_ids": .array(config.marketplaceIDs.map(JSON.string)),
                "inbound_address": .string(config.inboundAddress), "webhook_url": .string(webhookURL),
                "sender_address": .string(config.senderAddress), "mailgun_domain": .string(config.mailgun.domain),
                "sp_api_endpoint": .string(config.spAPIBaseURL),
                "needs_reconnect": .bool(reconnectReason != nil), "reason": .from(reconnectReason),
                "last_token_at": lastTokenAtMs.map { .string(Clock.iso8601($0)) } ?? .null,
                "pending_orders": .from(pendingOrders), "setup": .array(steps)]
    }
}
