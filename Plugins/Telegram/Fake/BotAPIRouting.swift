import SwitchboardSupport
import SwitchboardTransport

/// Request handling in Telegram's order: the token in the path (anything else is 401 or 404),
/// the parameters (query, JSON, form or multipart), flood control, then the method.
extension FakeTelegram {
    func handle(_ request: HTTPRequest) -> HTTPResponse {
        if request.path.hasPrefix("/file/bot") { return serveFile(request) }
        guard request.path.hasPrefix("/bot") else { return BotAPIError(code: 404, description: "Not Found").response() }
        let rest = request.path.dropFirst("/bot".count)
        guard let slash = rest.firstIndex(of: "/") else { return BotAPIError(code: 404, description: "Not Found").response() }
        guard String(rest[..<slash]) == token else { return BotAPIError(code: 401, description: "Unauthorized").response() }
        let method = String(rest[rest.index(after: slash)...])
        let call: Call
        do {
            call = try Self.parameters(request, method: method)
        } catch let error as BotAPIError {
            return error.response()
        } catch {
            return BotAPIError.badRequest("can't parse the request").response()
        }
        state.withLock { $0.calls.append(call) }
        let limited = state.withLock { state -> Int? in
            guard let left = state.rateLimited[method], left > 0 else { return nil }
            state.rateLimited[method] = left - 1
            return state.retryAfterSeconds
        }
        if let limited {
            return BotAPIError(code: 429, description: "Too Many Requests: retry after \(limited)", retryAfter: limited).response()
        }
        do {
            return .json(200, ["ok": true, "result": try self.call(method, call)])
        } catch let error as BotAPIError {
            return error.response()
        } catch {
            return BotAPIError(code: 500, description: "Internal Server Error").response()
        }
    }

    /// `/file/bot<token>/<file_path>`: the bytes of a file getFile named, for the right token only.
    private func serveFile(_ request: HTTPRequest) -> HTTPResponse {
        let rest = request.path.dropFirst("/file/bot".count)
        guard let slash = rest.firstIndex(of: "/"), String(rest[..<slash]) == token else {
            return BotAPIError(code: 401, description: "Unauthorized").response()
        }
        let path = String(rest[rest.index(after: slash)...])
        guard let file = state.withLock({ $0.files.values.first { $0.path == path } }), file.size <= Self.downloadLimit else {
            return BotAPIError(code: 404, description: "Not Found").response()
        }
        return HTTPResponse(status: 200, contentType: "application/octet-stream", body: file.bytes)
    }

    /// Telegram takes parameters "in URL query string, application/x-www-form-urlencoded,
    /// application/json or multipart/form-data (use to upload files)".
    static func parameters(_ request: HTTPRequest, method: String) throws -> Call {
        var parameters: [String: String] = [:]
        var files: [String: UploadedFile] = [:]
        for (name, value) in request.query { parameters[name] = value }
        let contentType = request.header("Content-Type") ?? ""
        let body = request.bodyBytes
        if contentType.hasPrefix("application/json") {
            guard let object = (try? JSON.parse(body))?.objectValue else { throw BotAPIError.badRequest("can't parse JSON object") }
            for (key, value) in object { parameters[key] = value.stringValue ?? value.serialized }
        } else if contentType.hasPrefix("multipart/form-data") {
            guard let boundary = MultipartFormData.boundary(contentType: contentType),
                  let parts = try? MultipartFormData.decode(body, boundary: boundary) else {
                throw BotAPIError.badRequest("can't parse multipart/form-data")
            }
            for part in parts {
                if let filename = part.filename {
                    files[part.name] = UploadedFile(filename: filename, contentType: part.contentType ?? "application/octet-stream", bytes: part.body)
                } else {
                    parameters[part.name] = part.text
                }
            }
        } else if !body.isEmpty {
            guard let pairs = try? FormURLEncoding.decode(bytes: body) else { throw BotAPIError.badRequest("can't parse the form") }
            for pair in pairs { parameters[pair.name] = pair.value }
        }
        return Call(method: method, contentType: contentType, parameters: parameters, files: files)
    }
}
