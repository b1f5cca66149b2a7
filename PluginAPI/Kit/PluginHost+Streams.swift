import SwitchboardPluginAPI

extension PluginHost {
    /// ABI 1.2: queues bytes on an open stream; never blocks. Throws `.notFound` once the stream
    /// has ended (the client went away) and `.busy` when the client fell too far behind (the
    /// host then ends the stream).
    public func streamSend(_ id: UInt64, _ bytes: [UInt8]) throws {
        let send = try service(\.stream_send, "stream_send")
        try withSBStr(bytes: bytes) { b throws in try call("stream_send") { send(ctx, id, b, $0, $1) } }
    }

    public func streamSend(_ id: UInt64, _ text: String) throws { try streamSend(id, Array(text.utf8)) }

    /// ABI 1.2: ends a stream after what was queued has been sent. Unknown ids are ignored.
    public func streamClose(_ id: UInt64) {
        guard let close = try? service(\.stream_close, "stream_close") else { return }
        close(ctx, id)
    }

    /// Turns the current handle_http exchange into an open stream (see `PluginStream`).
    func openStream(_ exchange: OpaquePointer, _ stream: PluginStream, headers: [(name: String, value: String)]) throws -> UInt64 {
        let open = try service(\.stream_open, "stream_open")
        if !headers.isEmpty {
            let addHeader = try service(\.http_add_header, "http_add_header")
            withSBStrs(headers.flatMap { [$0.name, $0.value] }) { s in
                for i in stride(from: 0, to: s.count, by: 2) { addHeader(exchange, s[i], s[i + 1]) }
            }
        }
        var id: UInt64 = 0
        try withSBStrs([stream.contentType, stream.heartbeat]) { s throws in
            try call("stream_open") { open(ctx, exchange, s[0], s[1], stream.heartbeatMs, &id, $0, $1) }
        }
        return id
    }
}
