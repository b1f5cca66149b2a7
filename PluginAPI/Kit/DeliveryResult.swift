/// What happened to one `deliver` call (fills `sb_delivery_result`). `providerStatus` is the
/// provider's HTTP status, 0 if none. Texts longer than the C fields (255 / 511 bytes) are cut
/// at a character boundary.
public enum DeliveryResult: Sendable, Equatable {
    /// The provider accepted it; keep `providerMessageID` to match its receipts later.
    case sent(providerMessageID: String, providerStatus: Int32 = 0)
    /// A temporary failure: the host retries with backoff, with the same idempotency key.
    case retry(detail: String, providerStatus: Int32 = 0)
    /// A permanent failure: the host marks the message failed.
    case rejected(detail: String, providerStatus: Int32 = 0)
}

/// A delivery receipt's status, for `PluginHost.reportDelivery` (mirrors `SB_STATUS_*`).
public enum DeliveryStatus: Int32, Sendable {
    case sent = 0
    case delivered = 1
    case read = 2
    case failed = 3
}
