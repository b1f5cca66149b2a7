import PluginKit

/// Which conversation a buyer's mail continues, and what the instance knows of each conversation,
/// in the instance's key-value state:
///
///     bt/<alias>/<order id | "none">  → conversation id      one conversation per buyer and order
///     bc/<conversation id>            → {"alias", "order_id", "marketplace_id", "subject", "messaging_actions",
///                                        "order_state": "fetched" | "pending" | "no_order"}
///     pend/<conversation id>          → ""                   order context still to fetch
struct BuyerThreads {
    let host: PluginHost

    struct Record: Sendable, Equatable {
        var alias: String
        var orderID: String?
        var marketplaceID: String
        var subject: String
        var messagingActions: [String] = []
        var orderState: String

        var json: JSON {
            ["alias": .string(alias), "order_id": .from(orderID), "marketplace_id": .string(marketplaceID), "subject": .string(subject),
             "messaging_actions": .array(messagingActions.map(JSON.string)), "order_state": .string(orderState)]
        }

        init(alias: String, orderID: String?, marketplaceID: String, subject: String, messagingActions: [String], orderState: String) {
            self.alias = alias
            self.orderID = orderID
            self.marketplaceID = marketplaceID
            self.subject = subject
            self.messagingActions = messagingActions
            self.orderState = orderState
        }

        init?(_ json: JSON) {
            guard let alias = json["alias"]?.stringValue, let marketplace = json["marketplace_id"]?.stringValue else { return nil }
            self.init(alias: alias, orderID: json["order_id"]?.stringValue, marketplaceID: marketplace,
                      subject: json["subject"]?.stringValue ?? "", messagingActions: json["messaging_actions"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                      orderState: json["order_state"]?.stringValue ?? "pending")
        }
    }

    private static func threadKey(alias: String, orderID: String?) -> String { "bt/\(alias)/\(orderID ?? "none")" }

    func conversation(alias: String, orderID: String?) throws -> String? {
        try host.kvGetString(Self.threadKey(alias: alias, orderID: orderID))
    }

    func setConversation(_ id: String, alias: String, orderID: String?) throws {
        try host.kvSet(Self.threadKey(alias: alias, orderID: orderID), id)
    }

    func record(_ conversationID: String) throws -> Record? {
        try host.kvGetString("bc/" + conversationID).flatMap { try? JSON.parse($0) }.flatMap(Record.init)
    }

    func save(_ record: Record, conversationID: String) throws {
        try host.kvSet("bc/" + conversationID, record.json.serialized)
        if record.orderState == "pending" { try host.kvSet("pend/" + conversationID, "") } else { try host.kvDelete("pend/" + conversationID) }
    }

    /// Conversations whose order context is still to fetch, oldest keys first.
    func pending(limit: UInt32) throws -> [String] {
        try host.kvScan(prefix: "pend/", limit: limit).map { String($0.key.dropFirst("pend/".count)) }
    }

    /// Forget erased conversations: their records, and every buyer-and-order key that leads to
    /// them (an order linked by hand adds a second one).
    func forget(conversations: [String]) throws {
        guard !conversations.isEmpty else { return }
        let erased = Set(conversations)
        for id in conversations {
            try host.kvDelete("bc/" + id)
            try host.kvDelete("pend/" + id)
        }
        try host.kvDeleteAll(prefix: "bt/") { _, value in erased.contains(String(decoding: value, as: UTF8.self)) }
    }

    func pendingCount() -> Int { (try? host.kvScan(prefix: "pend/", limit: 1000).count) ?? 0 }
}
