/// The response a plugin builds during handle_http (what sb_http_exchange points to).
final class PluginHTTPExchange {
    var status = 0
    var contentType: String?
    var body: [UInt8] = []
    var headers: [(String, String)] = []
    /// Set by stream_open (ABI 1.2): the response is this push stream instead of `body`.
    var stream: PushStream?

    var opaque: OpaquePointer { OpaquePointer(Unmanaged.passUnretained(self).toOpaque()) }

    static func from(_ pointer: OpaquePointer) -> PluginHTTPExchange {
        Unmanaged<PluginHTTPExchange>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
    }
}
