import SwitchboardDomain
import SwitchboardSupport

/// Everything `switchboard serve` can be told. Defaults suit one machine with SQLite.
public struct HostConfiguration: Sendable {
    public var dataDirectory = "./data"
    public var pluginsDirectory = "./plugins"
    public var http = HTTPServerOptions()
    /// The address providers reach this host at (for webhook URLs shown to operators and plugins).
    public var publicBaseURL: String?
    public var durability: Durability = .full
    /// A PostgreSQL database to keep the store in (`--store postgres://…`); nil: SQLite in the data directory.
    public var postgresStore: String?
    /// Read connections to PostgreSQL open at most (reads wait for one when all are busy).
    public var storeReaders = Store.defaultPostgresReaders
    public var retry = RetryPolicy()
    public var deliverTimeoutMs = 15_000
    public var drainTimeoutMs = 10_000
    public var deliveryWorkers = 4
    public var conversationThreads = 4
    public var staleTurnMs = 30_000
    public var logLevel: LogLevel = .info
    /// `GET /api/v1/stream`: how many may be open, heartbeat interval.
    public var streams = EventStreamOptions()
    /// Event webhooks: backoff between attempts at one event and how many before it is dead-lettered.
    /// 60 s doubling to at most 8 h, 12 attempts: a receiver may be down about a day before it loses events.
    public var webhookRetry = RetryPolicy(baseDelayMs: 60_000, maxDelayMs: 8 * 3_600_000, maxAttempts: 12)
    /// Bound on one webhook request, connecting included.
    public var webhookTimeoutMs = 10_000
    /// Threads sending webhooks; each subscription has at most one request on the wire.
    public var webhookSenders = 4
    /// What URLs others chose (event webhooks) may reach: public addresses, plus `--allow-networks`.
    public var networkGuard = NetworkGuard()
    /// Serve the web app from this folder instead of the copy compiled into the binary (`--web`, for working on the app).
    public var webFolder: String?
    /// How far ahead of the wall clock the privacy worker's clock runs (retention, export expiry):
    /// `--clock-offset-days`, for trying policies out and for tests. 0 in production.
    public var clockOffsetMs: Int64 = 0
    /// Web Push: the contact the VAPID token names (RFC 8292 `sub`, a mailto: or https: URI), and the
    /// backoff between attempts at one push (30 s doubling to 1 h, 8 attempts).
    public var vapidSubject = "mailto:admin@localhost"
    public var pushRetry = RetryPolicy(baseDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 8)
    /// Bound on one request to a push service, connecting included.
    public var pushTimeoutMs = 10_000
    /// Notification mail: how long one waits for others to join it (a burst becomes one mail), and the
    /// backoff between attempts when the SMTP server fails (1 min doubling to 1 h, 12 attempts).
    public var mailBatchMs = 60_000
    public var mailRetry = RetryPolicy(baseDelayMs: 60_000, maxDelayMs: 3_600_000, maxAttempts: 12)
    /// Leases on work one host does at a time (HostLeases): a dead owner's lapse after this long.
    public var leaseTTLMs: Int64 = 30_000
    /// How often a host reads the store's config versions to catch up with other hosts' changes
    /// (ConfigSync): the bound, plus one convergence pass, on serving a changed instance's old state.
    public var configPollMs = 250
    /// Files the host writes (exports) go here instead of the data directory: a directory every host
    /// sharing the database mounts at this path (`--shared-files`).
    public var sharedFilesDirectory: String?
    /// Triage's second opinion: the backoff while the chat-completions engine fails (10 s doubling
    /// to 10 min, 10 attempts; then the built-in topic stays).
    public var triageRetry = RetryPolicy(baseDelayMs: 10_000, maxDelayMs: 600_000, maxAttempts: 10)

    public init() {}

    public var databasePath: String { "\(dataDirectory)/switchboard.sqlite" }
    public var storeLocation: StoreLocation { postgresStore.map(StoreLocation.postgres) ?? .sqlite(databasePath) }
    public var pluginCacheDirectory: String { "\(dataDirectory)/plugin-cache" }
    public var adminKeyPath: String { "\(dataDirectory)/admin.key" }
}
