/// What happened to one `deliver` call (fills `sb_delivery_result`). `providerStatus` is the
/// provider's HTTP status, 0 if none. Texts longer than the C fields (255 / 511 bytes) are cut
/// at a character boundary.
public enum DeliveryResult: Sendable, Equatable {
    /// The provider accepted it; keep `providerMessageID` to match its receipts later. `link`
    /// (host 1.3): where the message can be seen at the provider (a Slack permalink), shown to agents.
    case sent(providerMessageID: String, providerStatus: Int32 = 0, link: String? = nil)
    /// A temporary failure: the host retries with backoff, with the same idempotency key.
    case retry(detail: String, providerStatus: Int32 = 0)
    /// A permanent failure: the host marks the message failed.
    case rejected(detail: String, providerStatus: Int32 = 0)
    /// ABI 1.2: the customer cannot receive it now (away): the host keeps it queued without
    /// spending an attempt and offers it again after `retryAfterMs` (0: the host's default) or
    /// when the plugin calls `PluginHost.kickOutbox`. A 1.1 host treats it as `.retry`. With
    /// `shown`, the customer already has it on screen (only not confirmed as seen): later
    /// replies of the conversation may go past it (SB_WAIT_SHOWN).
    case wait(detail: String, retryAfterMs: UInt32 = 0, shown: Bool = false)
}

/// A delivery receipt's status, for `PluginHost.reportDelivery` (mirrors `SB_STATUS_*`).
public enum DeliveryStatus: Int32, Sendable {
    case sent = 0
    case delivered = 1
    case read = 2
    case failed = 3
    /// ABI 1.3: the customer unsent a message they sent (named by its provider id): the host
    /// hides its content and marks it deleted.
    case retracted = 4
}
