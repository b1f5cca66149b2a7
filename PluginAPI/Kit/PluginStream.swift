/// ABI 1.2: a response body that stays open (Server-Sent Events). Return
/// `PluginHTTPResponse.stream(_:)` from `handle`; the host keeps the connection without holding a
/// data call, sends `heartbeat` whenever nothing was sent for `heartbeatMs`, and `opened` runs
/// with the stream's id before `handle` returns to the host, so nothing sent can be missed.
/// Push with `PluginHost.streamSend`; `ChannelPlugin.streamClosed` runs once when it ends.
public struct PluginStream: Sendable {
    public var contentType: String
    public var heartbeat: String
    public var heartbeatMs: UInt32
    public var opened: @Sendable (UInt64) -> Void

    public init(contentType: String = "text/event-stream", heartbeat: String = ": ping\n\n", heartbeatMs: UInt32 = 15_000,
                opened: @escaping @Sendable (UInt64) -> Void) {
        self.contentType = contentType
        self.heartbeat = heartbeat
        self.heartbeatMs = heartbeatMs
        self.opened = opened
    }
}
