import SwitchboardSupport
import SwitchboardTransport

extension FakeSellingPartnerAPI {
    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let record = Request(request)
        state.withLock { $0.received.append(record) }
        if record.path == "/auth/o2/token" { return token(record) }
        if record.path == "/_fake/orders" { return addOrderRoute(record) }
        return spAPI(record)
    }

    /// Test control, not Amazon's: `POST /_fake/orders {"id", "status"?}` adds an order (the
    /// seller's order appears, so a look-up that failed with 404 succeeds on its retry), for a
    /// test driving the fake from another process (the browser tests' Python).
    private func addOrderRoute(_ r: Request) -> HTTPResponse {
        guard r.method == "POST", let body = try? JSON.parse(String(decoding: r.body, as: UTF8.self)),
              let id = body["id"]?.stringValue else { return .json(400, ["error": "id: POST {\"id\", \"status\"?}"]) }
        addOrder(Order(id: id, status: body["status"]?.stringValue ?? "Shipped"))
        return .json(201, ["id": .string(id)])
    }

    // MARK: Login with Amazon

    private func token(_ r: Request) -> HTTPResponse {
        func lwaError(_ status: Int, _ error: String, _ description: String) -> HTTPResponse {
            .json(status, ["error": .string(error), "error_description": .string(description)])
        }
        guard r.method == "POST" else { return lwaError(405, "invalid_request", "use POST") }
        guard (r.header("Content-Type") ?? "").lowercased().hasPrefix("application/x-www-form-urlencoded"),
              let fields = try? FormURLEncoding.decode(bytes: r.body) else {
            return lwaError(400, "invalid_request", "The request is missing a required parameter or is otherwise malformed.")
        }
        func field(_ name: String) -> String? { fields.first { $0.0 == name }?.1 }
        if let refusal = state.withLock({ $0.lwaFailure }) { return lwaError(refusal.status, refusal.error, refusal.description) }
        guard field("grant_type") == "refresh_token" else {
            return lwaError(400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.")
        }
        guard field("client_id") == clientID, field("client_secret") == clientSecret else {
            return lwaError(401, "invalid_client", "Client authentication failed")
        }
        guard field("refresh_token") == refreshToken else {
            return lwaError(400, "invalid_grant", "The request has an invalid grant parameter : refresh_token")
        }
        let token: String = state.withLock { state in
            state.sequence += 1
            state.grants += 1
            let token = "Atza|IwEB-fake-\(state.sequence)-" + Crypto.randomHex(bytes: 8)
            state.tokens[token] = Clock.nowMillis() + Int64(tokenLifetimeSeconds) * 1000
            return token
        }
        return .json(200, ["access_token": .string(token), "token_type": "bearer", "expires_in": .from(tokenLifetimeSeconds),
                           "refresh_token": .string(refreshToken)])
    }

    // MARK: SP-API

    struct APIError: Error {
        let status: Int
        let code: String
        let message: String
        var details = ""

        func response(limit: String? = nil) -> HTTPResponse {
            let body: JSON = ["errors": [["code": .string(code), "message": .string(message), "details": .string(details)]]]
            var headers: [(String, String)] = [("x-amzn-RequestId", Crypto.randomHex(bytes: 8))]
            if let limit { headers.append(("x-amzn-RateLimit-Limit", limit)) }
            return HTTPResponse(status: status, contentType: "application/json", body: Array(body.serialized.utf8), headers: headers)
        }
    }

    private func spAPI(_ r: Request) -> HTTPResponse {
        let (operation, rate, burst) = Self.usagePlan(r)
        do {
            try authorize(r)
            if let failure = state.withLock({ $0.failures.isEmpty ? nil : $0.failures.removeFirst() }) {
                throw APIError(status: failure.status, code: failure.code, message: "The fake was told to fail this call (\(failure.status)).")
            }
            guard takeToken(operation, rate: rate, burst: burst) else {
                return APIError(status: 429, code: "QuotaExceeded", message: "You exceeded your quota for the requested resource.")
                    .response(limit: String(rate))
            }
            return try route(r)
        } catch let error as APIError {
            return error.response(limit: error.status == 429 ? String(rate) : nil)
        } catch {
            return APIError(status: 500, code: "InternalFailure", message: "\(error)").response()
        }
    }

    private func authorize(_ r: Request) throws {
        guard let token = r.header("x-amz-access-token"), !token.isEmpty else {
            throw APIError(status: 403, code: "Unauthorized", message: "Access to requested resource is denied.",
                           details: "The request has no x-amz-access-token header.")
        }
        guard let expiry = state.withLock({ $0.tokens[token] }) else {
            throw APIError(status: 403, code: "Unauthorized", message: "Access to requested resource is denied.",
                           details: "The access token you provided is revoked, malformed or invalid.")
        }
        guard expiry > Clock.nowMillis() else {
            throw APIError(status: 403, code: "Unauthorized", message: "Access to requested resource is denied.",
                           details: "The access token you provided has expired.")
        }
    }

    /// Usage plans (requests per second, burst): Orders 0.5/30 (getOrderItems 0.5/30), Messaging 1/5.
    static func usagePlan(_ r: Request) -> (String, Double, Double) {
        if r.path.hasPrefix("/orders/v0/orders/") {
            return (r.path.hasSuffix("/orderItems") ? "getOrderItems" : "getOrder", 0.5, 30)
        }
        return (r.method == "GET" ? "getMessagingActionsForOrder" : "createMessage", 1, 5)
    }

    private func takeToken(_ operation: String, rate: Double, burst: Double) -> Bool {
        state.withLock { state in
            let now = Clock.nowMillis()
            var bucket = state.buckets[operation] ?? (burst, now)
            bucket.tokens = min(burst, bucket.tokens + Double(now - bucket.atMs) / 1000 * rate)
            bucket.atMs = now
            guard bucket.tokens >= 1 else { state.buckets[operation] = bucket; return false }
            bucket.tokens -= 1
            state.buckets[operation] = bucket
            return true
        }
    }

    private func order(_ id: String) throws -> Order {
        guard Self.isOrderID(id) else {
            throw APIError(status: 400, code: "InvalidInput", message: "Invalid Input", details: "orderId \(id) is not in 3-7-7 format")
        }
        guard let order = state.withLock({ $0.orders[id] }) else {
            throw APIError(status: 404, code: "NotFound", message: "Order \(id) not found")
        }
        return order
    }

    private func route(_ r: Request) throws -> HTTPResponse {
        let parts = r.path.split(separator: "/").map(String.init)
        switch (r.method, parts.count) {
        case ("GET", 4) where parts.starts(with: ["orders", "v0", "orders"]):
            return .json(200, ["payload": orderPayload(try order(parts[3]))])
        case ("GET", 5) where parts.starts(with: ["orders", "v0", "orders"]) && parts[4] == "orderItems":
            let o = try order(parts[3])
            let items: [JSON] = o.items.enumerated().map { index, item in
                ["ASIN": .string(item.asin), "SellerSKU": .string(item.sku), "OrderItemId": .string("\(70_000_000 + index)"),
                 "Title": .string(item.title), "QuantityOrdered": .from(item.quantity), "QuantityShipped": .from(o.status == "Shipped" ? item.quantity : 0),
                 "ItemPrice": ["CurrencyCode": "USD", "Amount": "24.99"]]
            }
            return .json(200, ["payload": ["AmazonOrderId": .string(o.id), "OrderItems": .array(items)]])
        case ("GET", 4) where parts.starts(with: ["messaging", "v1", "orders"]):
            let o = try order(parts[3])
            let marketplace = try marketplaceID(r, for: o)
            let actions: [JSON] = o.actions.map { name in
                ["href": .string("/messaging/v1/orders/\(o.id)/messages/\(name)?marketplaceIds=\(marketplace)"), "name": .string(name)]
            }
            let body: JSON = ["_links": ["actions": .array(actions),
                                         "self": ["href": .string("/messaging/v1/orders/\(o.id)?marketplaceIds=\(marketplace)")]],
                              "_embedded": ["actions": .array(o.actions.map { name in
                                  ["_links": ["schema": ["href": .string("/messaging/v1/orders/\(o.id)/messages/\(name)/schema"), "name": .string(name)]]]
                              })]]
            return HTTPResponse(status: 200, contentType: "application/hal+json", body: Array(body.serialized.utf8))
        case ("POST", 6) where parts.starts(with: ["messaging", "v1", "orders"]) && parts[4] == "messages":
            let o = try order(parts[3])
            let marketplace = try marketplaceID(r, for: o)
            let action = parts[5]
            guard o.actions.contains(action) else {
                throw APIError(status: 403, code: "Unauthorized", message: "Access to requested resource is denied.",
                               details: "The action \(action) is not available for order \(o.id).")
            }
            let body = r.body.isEmpty ? JSON.object([:]) : (try? JSON.parse(String(decoding: r.body, as: UTF8.self))) ?? .null
            guard body.objectValue != nil else { throw APIError(status: 400, code: "InvalidInput", message: "The body is not a JSON object.") }
            if action != "negativeFeedbackRemoval" {
                let text = body["text"]?.stringValue ?? ""
                guard (1...2000).contains(text.count) else {
                    throw APIError(status: 400, code: "InvalidInput", message: "text must be 1 to 2000 characters.")
                }
            }
            state.withLock { $0.sentActions.append(SentAction(orderID: o.id, action: action, marketplaceID: marketplace, body: body)) }
            return .json(201, [:])
        default:
            throw APIError(status: 404, code: "NotFound", message: "Resource not found: \(r.method) \(r.path)")
        }
    }

    /// The Messaging API's required `marketplaceIds`: one id, of this region, the order's.
    private func marketplaceID(_ r: Request, for order: Order) throws -> String {
        guard let id = r.query.first(where: { $0.0 == "marketplaceIds" })?.1, !id.isEmpty else {
            throw APIError(status: 400, code: "InvalidInput", message: "Missing required parameter marketplaceIds")
        }
        guard Self.regionMarketplaces[region]?.contains(id) == true else {
            throw APIError(status: 400, code: "InvalidInput", message: "Marketplace \(id) is not served by the \(region) endpoint")
        }
        guard id == order.marketplaceID else { throw APIError(status: 404, code: "NotFound", message: "Order \(order.id) not found in \(id)") }
        return id
    }

    private func orderPayload(_ o: Order) -> JSON {
        ["AmazonOrderId": .string(o.id), "PurchaseDate": .string(o.purchaseDate), "LastUpdateDate": .string(o.purchaseDate),
         "OrderStatus": .string(o.status), "FulfillmentChannel": .string(o.fulfillmentChannel), "SalesChannel": "Amazon.com",
         "OrderTotal": ["CurrencyCode": "USD", "Amount": "24.99"], "NumberOfItemsShipped": .from(o.status == "Shipped" ? 1 : 0),
         "NumberOfItemsUnshipped": .from(o.status == "Shipped" ? 0 : 1), "PaymentMethod": "Other", "MarketplaceId": .string(o.marketplaceID),
         "ShipmentServiceLevelCategory": "Standard", "OrderType": "StandardOrder", "EarliestShipDate": .string(o.purchaseDate),
         "LatestShipDate": .string(o.purchaseDate), "EarliestDeliveryDate": .string(o.purchaseDate),
         "LatestDeliveryDate": .string(o.latestDeliveryDate), "IsBusinessOrder": false, "IsPrime": false]
    }

    static func isOrderID(_ id: String) -> Bool {
        let groups = id.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [3, 7, 7] && groups.allSatisfy { $0.allSatisfy(\.isNumber) }
    }
}
