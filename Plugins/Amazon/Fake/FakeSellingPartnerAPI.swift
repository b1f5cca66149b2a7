import SwitchboardSupport
import SwitchboardTransport

/// A loopback Login with Amazon and Selling Partner API for one seller in one region, holding the
/// Amazon channel to Amazon's real contract (providers.md §5; Plugins/Amazon/FakeSellingPartnerAPI.md):
///
/// - `POST /auth/o2/token`: form-encoded `grant_type=refresh_token`, `refresh_token`, `client_id`,
///   `client_secret` — LWA's errors (`invalid_client` 401, `invalid_grant` 400, `invalid_request`
///   400) otherwise; answers `{"access_token": "Atza|…", "token_type": "bearer", "expires_in": …}`.
/// - every SP-API path: `x-amz-access-token` a live token it issued (403 `Unauthorized` otherwise),
///   Amazon's error shape `{"errors": [{"code", "message", "details"}]}`, the usage plans' rate
///   limits (429 `QuotaExceeded` with `x-amzn-RateLimit-Limit`), marketplaces of its region only.
/// - Orders v0 `getOrder`, `getOrderItems`; Messaging v1 `getMessagingActionsForOrder`
///   (`application/hal+json`) and the action POSTs (201 `{}`), allowed actions only.
public final class FakeSellingPartnerAPI: @unchecked Sendable {
    /// One order the seller has.
    public struct Order: Sendable {
        public var id: String
        public var marketplaceID: String
        public var status: String
        public var fulfillmentChannel: String
        public var purchaseDate: String
        public var latestDeliveryDate: String
        public var items: [(title: String, asin: String, sku: String, quantity: Int)]
        /// What `getMessagingActionsForOrder` lists.
        public var actions: [String]

        public init(id: String, marketplaceID: String = "ATVPDKIKX0DER", status: String = "Shipped", fulfillmentChannel: String = "MFN",
                    purchaseDate: String = "2026-12-01T10:00:00Z", latestDeliveryDate: String = "2026-12-09T23:59:59Z",
                    items: [(title: String, asin: String, sku: String, quantity: Int)] = [("Blue kettle", "B000KETTLE", "KET-BLUE-1", 1)],
                    actions: [String] = []) {
            self.id = id
            self.marketplaceID = marketplaceID
            self.status = status
            self.fulfillmentChannel = fulfillmentChannel
            self.purchaseDate = purchaseDate
            self.latestDeliveryDate = latestDeliveryDate
            self.items = items
            self.actions = actions
        }
    }

    /// A Messaging API action the fake accepted.
    public struct SentAction: Sendable {
        public var orderID: String
        public var action: String
        public var marketplaceID: String
        public var body: JSON
    }

    /// One request as it arrived, whatever the fake answered.
    public typealias Request = RecordedRequest

    struct State {
        var orders: [String: Order] = [:]
        var tokens: [String: Int64] = [:]   // access token → expiry (Unix ms)
        var grants = 0
        var sentActions: [SentAction] = []
        var received: [Request] = []
        var failures: [(status: Int, code: String)] = []
        var lwaFailure: (status: Int, error: String, description: String)?
        var buckets: [String: (tokens: Double, atMs: Int64)] = [:]
        var sequence = 0
    }

    public let region: String
    public let clientID: String
    public let clientSecret: String
    public let refreshToken: String
    /// Seconds an access token lives (Amazon: 3600); tests shorten it to see refreshes.
    public let tokenLifetimeSeconds: Int
    let state = Locked(State())
    private var server: HTTPServer!

    /// The marketplaces each region serves (providers.md §5.1).
    public static let regionMarketplaces: [String: Set<String>] = [
        "NA": ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2", "A1AM78C64UM0Y8", "A2Q3Y263D00KWC"],
        "EU": ["A1F83G8C2ARO7P", "A1PA6795UKMFR9", "A13V1IB3VIYZZH", "APJ6JRA9NG5V4", "A1RKKUPIHCS9HS", "A1805IZSGTT6HS",
               "A2NODRKZP88ZB9", "A1C3SOZRARQ6R3", "AMEN7PMS3EDWL", "A33AVAJ2PDY3EV", "A2VIGQ35RCS4UG", "A17E79C6D8DWNP",
               "ARBP9OOSHTCHU", "A21TJRUUN4KGV"],
        "FE": ["A1VC38T7YXB528", "A39IBJ37TRP1C6", "A19VAU5U5O7RUS"],
    ]

    /// Starts on 127.0.0.1 on a free port: both the LWA host and the region's SP-API host.
    public init(region: String = "NA", clientID: String = "amzn1.application-oa2-client.test0001", clientSecret: String = "lwa-secret-0001",
                refreshToken: String = "Atzr|refresh-token-0001", tokenLifetimeSeconds: Int = 3600) throws {
        self.region = region
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.refreshToken = refreshToken
        self.tokenLifetimeSeconds = tokenLifetimeSeconds
        var options = HTTPServerOptions()
        options.port = 0
        server = try HTTPServer(options: options) { [unowned self] request in self.handle(request) }
    }

    /// "http://127.0.0.1:PORT": the plugin's `lwa_base_url` and `sp_api_base_url`.
    public var baseURL: String { "http://127.0.0.1:\(server.port)" }

    public func stop() { server.stop() }
    deinit { server?.stop() }

    public func addOrder(_ order: Order) { state.withLock { $0.orders[order.id] = order } }
    public var sentActions: [SentAction] { state.withLock { $0.sentActions } }
    public var received: [Request] { state.withLock { $0.received } }
    /// How many access tokens LWA handed out.
    public var grants: Int { state.withLock { $0.grants } }

    /// The next SP-API calls answer these statuses (429, 403, 500, 503) instead, in order.
    public func failNext(_ statuses: Int...) {
        state.withLock { state in state.failures += statuses.map { ($0, Self.code(for: $0)) } }
    }

    /// LWA refuses every token request from now on (the seller revoked the app), or accepts again (nil).
    public func refuseLogin(_ refusal: (status: Int, error: String, description: String)?) {
        state.withLock { $0.lwaFailure = refusal }
    }

    /// Every issued token stops working at once (Amazon revoked them).
    public func revokeTokens() { state.withLock { $0.tokens.removeAll() } }

    static func code(for status: Int) -> String {
        switch status {
        case 429: "QuotaExceeded"
        case 403: "Unauthorized"
        case 404: "NotFound"
        case 400: "InvalidInput"
        default: "InternalFailure"
        }
    }
}
