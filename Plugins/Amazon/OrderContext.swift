import PluginKit

/// The order a buyer writes about, as the conversation carries it: `getOrder` and `getOrderItems`
/// (Orders API v0) reduced to what answering needs — status, purchase and promised dates, items,
/// fulfilment channel — and never the restricted personal data (buyer info, address), plus the
/// Messaging API actions `getMessagingActionsForOrder` allows for it. The Agent Stack's order
/// look-up tool reads it (rich content of type "order").
enum OrderContext {
    /// Fetches the three; a failure of the order itself fails the whole, the actions only leave
    /// their list empty (they are offered later, when a fetch succeeds).
    static func fetch(orderID: String, marketplaceID: String, client: SellingPartnerClient,
                      timeoutMs: UInt32) -> Result<JSON, SellingPartnerError> {
        let deadline = Clock.monotonicMillis() + Int64(timeoutMs)
        func remaining() -> UInt32 { UInt32(clamping: max(200, deadline - Clock.monotonicMillis())) }
        let order: JSON
        switch client.get("/orders/v0/orders/\(orderID)", timeoutMs: remaining()) {
        case .success(let answer): order = answer["payload"] ?? [:]
        case .failure(let error): return .failure(error)
        }
        let items: [JSON]
        switch client.get("/orders/v0/orders/\(orderID)/orderItems", timeoutMs: remaining()) {
        case .success(let answer): items = answer["payload"]?["OrderItems"]?.arrayValue ?? []
        case .failure(let error): return .failure(error)
        }
        let actions: [String]
        switch client.get("/messaging/v1/orders/\(orderID)?marketplaceIds=\(marketplaceID)", timeoutMs: remaining()) {
        case .success(let answer): actions = MessagingActions.allowed(in: answer)
        case .failure: actions = []
        }
        return .success(summary(orderID: orderID, order: order, items: items, actions: actions))
    }

    static func summary(orderID: String, order: JSON, items: [JSON], actions: [String]) -> JSON {
        let lines: [JSON] = items.map { item in
            ["title": .from(item["Title"]?.stringValue), "asin": .from(item["ASIN"]?.stringValue),
             "sku": .from(item["SellerSKU"]?.stringValue), "quantity": .from(item["QuantityOrdered"]?.intValue),
             "quantity_shipped": .from(item["QuantityShipped"]?.intValue)]
        }
        let total = order["OrderTotal"].map { total -> JSON in
            ["amount": .from(total["Amount"]?.stringValue), "currency": .from(total["CurrencyCode"]?.stringValue)]
        } ?? .null
        return ["type": "order", "order_id": .string(orderID), "id": .string(orderID), "state": "fetched",
                "status": .from(order["OrderStatus"]?.stringValue),
                "purchase_date": .from(order["PurchaseDate"]?.stringValue),
                "latest_ship_date": .from(order["LatestShipDate"]?.stringValue),
                "promised_delivery": ["earliest": .from(order["EarliestDeliveryDate"]?.stringValue),
                                      "latest": .from(order["LatestDeliveryDate"]?.stringValue)],
                "fulfillment_channel": .from(order["FulfillmentChannel"]?.stringValue),
                "ship_service_level": .from(order["ShipmentServiceLevelCategory"]?.stringValue),
                "marketplace_id": .from(order["MarketplaceId"]?.stringValue),
                "is_prime": order["IsPrime"]?.boolValue.map(JSON.bool) ?? .null,
                "order_total": total, "items": .array(lines), "messaging_actions": .array(actions.map(JSON.string))]
    }

    /// The order's key facts as the conversation's custom fields, which are flat: people see them
    /// on the conversation and in the inbox, and the stack's order look-up reads them when the
    /// message's own context is older (a pending order fetched later). Every key is given, null
    /// when unknown, so facts of an earlier state or another order do not linger.
    static func fields(_ context: JSON) -> JSONObject {
        let state = context["state"]?.stringValue ?? "pending"
        let fetched = state == "fetched"
        func fact(_ value: JSON?) -> JSON { fetched ? value ?? .null : .null }
        let items = (context["items"]?.arrayValue ?? []).map { item in
            "\(item["quantity"]?.intValue ?? 1) × \(item["title"]?.stringValue ?? item["asin"]?.stringValue ?? "?")"
                + " (ASIN \(item["asin"]?.stringValue ?? "—"), SKU \(item["sku"]?.stringValue ?? "—"))"
        }.joined(separator: "; ")
        let total = context["order_total"].flatMap { total -> String? in
            guard let amount = total["amount"]?.stringValue else { return nil }
            return amount + (total["currency"]?.stringValue.map { " " + $0 } ?? "")
        }
        return ["order_id": context["order_id"] ?? .null,
                "order_status": fetched ? context["status"] ?? .null : .string(state),
                "order_purchase_date": fact(context["purchase_date"]),
                "order_latest_ship_date": fact(context["latest_ship_date"]),
                "order_promised_delivery": fact(context["promised_delivery"]?["latest"]),
                "order_fulfillment_channel": fact(context["fulfillment_channel"]),
                "order_items": fetched && !items.isEmpty ? .string(clipped(items, bytes: 2000)) : .null,
                "order_total": fact(total.map(JSON.string)),
                "order_pending_reason": state == "pending" ? context["pending_reason"] ?? .null : .null]
    }

    /// At most `bytes` of UTF-8, cut between characters: a field holds at most 2000 bytes.
    static func clipped(_ text: String, bytes: Int) -> String {
        var used = 0
        return String(text.prefix { used += $0.utf8.count; return used <= bytes })
    }

    /// Fetching failed (or waits for the seller to reconnect): the context says so, and the
    /// instance fetches it again later.
    static func pending(orderID: String, reason: String) -> JSON {
        ["type": "order", "order_id": .string(orderID), "id": .string(orderID), "state": "pending", "pending_reason": .string(reason)]
    }
}

/// The Messaging API's one-way message types (providers.md §5.2): the only messages to a buyer the
/// SP-API sends, and only those `getMessagingActionsForOrder` lists for the order.
enum MessagingActions {
    struct Kind: Sendable {
        let name: String
        let label: String
        /// The `text` field's limit; 0: the action takes no text.
        let maxText: Int
    }

    /// The actions whose body is text alone (the ones with files need the Uploads API, which this
    /// channel does not offer yet).
    static let textActions: [Kind] = [
        Kind(name: "confirmDeliveryDetails", label: "Confirm delivery details", maxText: 2000),
        Kind(name: "confirmOrderDetails", label: "Confirm order details", maxText: 2000),
        Kind(name: "confirmServiceDetails", label: "Confirm service details", maxText: 2000),
        Kind(name: "unexpectedProblem", label: "Report an unexpected problem", maxText: 2000),
        Kind(name: "negativeFeedbackRemoval", label: "Request removal of negative feedback", maxText: 0),
    ]

    static func kind(_ name: String) -> Kind? { textActions.first { $0.name == name } }

    /// The action names in a `getMessagingActionsForOrder` answer (`_links.actions[].name`) that
    /// this channel can send.
    static func allowed(in answer: JSON) -> [String] {
        let names = (answer["_links"]?["actions"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        return names.filter { kind($0) != nil }
    }
}
