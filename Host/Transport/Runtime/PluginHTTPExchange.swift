/// The response a plugin builds during handle_http (what sb_http_exchange points to).
final class PluginHTTPExchange {
    var status = 0
    var contentType: String?
    var body: [UInt8] = []
    var headers: [(String, String)] = []
    /// Set by stream_open (ABI 1.2): the response is this push stream instead of `body`.
    var stream: PushStream?
    /// Set by http_defer (ABI 1.3): the response comes later, through http_answer.
    var deferred: DeferredAnswers.Pending?
    /// True only while handle_http runs: http_defer and stream_open are refused after it.
    var inCall = true

    var opaque: OpaquePointer { OpaquePointer(Unmanaged.passUnretained(self).toOpaque()) }

    static func from(_ pointer: OpaquePointer) -> PluginHTTPExchange {
        Unmanaged<PluginHTTPExchange>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
    }
}
