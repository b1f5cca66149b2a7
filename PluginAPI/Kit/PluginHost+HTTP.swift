import SwitchboardPluginAPI

extension PluginHost {
    /// Makes an outbound HTTP request through the host (libcurl, with timeouts). Returns the
    /// server's answer whatever its status; throws `.io` / `.timeout` on transport failures.
    public func http(_ request: HTTPRequestSpec) throws -> HTTPResult {
        let send = try service(\.http_request, "http_request")
        let free = try service(\.http_result_free, "http_result_free")
        let strings = [request.method, request.url, request.basicAuth] + request.headers.flatMap { [$0.name, $0.value] }
        var answer: UnsafeMutablePointer<sb_http_result>?
        try withSBStrs(strings) { s throws in
            let headers = (0..<request.headers.count).map { sb_header(name: s[3 + 2 * $0], value: s[4 + 2 * $0]) }
            try withSBStr(bytes: request.body) { body throws in
                try headers.withUnsafeBufferPointer { headerBuffer throws in
                    var spec = sb_http_client_request()
                    spec.struct_size = UInt32(MemoryLayout<sb_http_client_request>.size)
                    spec.abi_minor = UInt32(SB_ABI_MINOR)
                    spec.method = s[0]
                    spec.url = s[1]
                    spec.headers = headerBuffer.baseAddress
                    spec.header_count = headerBuffer.count
                    spec.body = body
                    spec.timeout_ms = request.timeoutMs
                    spec.connect_timeout_ms = request.connectTimeoutMs
                    spec.basic_auth = s[2]
                    spec.flags = request.userChosenURL ? SB_HTTP_USER_URL : 0
                    try call("http_request") { send(ctx, &spec, &answer, $0, $1) }
                }
            }
        }
        guard let answer else { throw PluginError.internal("http_request succeeded without a result") }
        defer { free(answer) }
        let result = answer.pointee
        let headers = copyHeaders(result.headers, count: result.header_count)
        return HTTPResult(status: Int(result.status), headers: headers, body: [UInt8](sbStr: result.body))
    }
}

/// Copies a borrowed C header array.
func copyHeaders(_ headers: UnsafePointer<sb_header>?, count: Int) -> [(name: String, value: String)] {
    guard let headers, count > 0 else { return [] }
    return UnsafeBufferPointer(start: headers, count: count).map { (String(sbStr: $0.name), String(sbStr: $0.value)) }
}
