import SwitchboardSupport
import SwitchboardTransport

/// The Cloud API endpoints: `POST /<number>/messages` (WhatsAppSend.swift), `POST /<number>/media`,
/// `GET /<media-id>` (a URL that needs the Bearer token and expires after ~5 minutes),
/// `GET /<number>` (the number's fields), `GET /<waba>/message_templates` (paged) and
/// `GET /<waba>/phone_numbers`. nil: not a WhatsApp call (Messenger's routing goes on).
extension FakeGraphAPI {
    static let mediaURLLifetimeMs: Int64 = 5 * 60_000
    static let numberFields: Set<String> = ["id", "display_phone_number", "verified_name", "name_status", "quality_rating",
                                            "messaging_limit_tier", "code_verification_status"]

    func routeWhatsApp(_ request: Request, id: String, edge: String?, depth: Int, _ params: GraphParams) throws -> HTTPResponse? {
        let (number, isWABA, media) = state.withLock { ($0.whatsApp.numbers[id], $0.whatsApp.isWABA(id), $0.whatsApp.media[id]) }
        switch (request.method, edge, depth) {
        case ("POST", "messages", 3) where number != nil: return try sendWhatsApp(from: id, params)
        case ("POST", "media", 3) where number != nil: return try uploadWhatsAppMedia(to: id, params)
        case ("GET", "message_templates", 3) where isWABA: return templatesPage(of: id, request)
        case ("GET", "phone_numbers", 3) where isWABA:
            let ids = state.withLock { $0.whatsApp.numbers.filter { $0.value.wabaID == id }.keys.sorted() }
            return .json(200, ["data": .array(ids.map { ["id": .string($0)] })])
        case ("GET", nil, 2) where media != nil: return mediaInfo(id, media!)
        case ("GET", nil, 2) where number != nil: return try numberFields(id, number!, request.queryValue("fields"))
        default: return nil
        }
    }

    private func numberFields(_ id: String, _ number: WhatsAppState.Number, _ fields: String?) throws -> HTTPResponse {
        let values: [String: String] = ["id": id, "display_phone_number": number.displayNumber, "verified_name": number.verifiedName,
                                        "name_status": "APPROVED", "quality_rating": number.qualityRating,
                                        "messaging_limit_tier": "TIER_1K", "code_verification_status": "VERIFIED"]
        var answer: JSONObject = [:]
        for field in (fields ?? "verified_name").split(separator: ",").map(String.init) {
            guard Self.numberFields.contains(field) else { throw GraphError.nonexistingField(field, nodeType: "WhatsAppBusinessPhoneNumber") }
            answer[field] = .from(values[field])
        }
        answer["id"] = .string(id)
        return .json(200, .object(answer))
    }

    /// `{url, mime_type, sha256, file_size, id, messaging_product}`; the URL is new each time.
    private func mediaInfo(_ id: String, _ media: WhatsAppState.Media) -> HTTPResponse {
        let path = WhatsAppState.mediaPathPrefix + Crypto.randomHex(bytes: 16)
        let expires = now + Self.mediaURLLifetimeMs
        state.withLock { $0.whatsApp.mediaURLs[path] = (id, expires) }
        return .json(200, ["url": .string(baseURL + path + "?mid=" + id + "&ext=" + String(expires / 1000)),
                           "mime_type": .string(media.contentType), "sha256": .string(Crypto.sha256Hex(media.bytes)),
                           "file_size": .number(Double(media.bytes.count)), "id": .string(id), "messaging_product": "whatsapp"])
    }

    /// The download itself: the same Bearer token as the API, else 401; expired, 404.
    func serveWhatsAppMedia(_ request: Request) -> HTTPResponse {
        guard request.method == "GET" else { return .text(405, "Method Not Allowed") }
        guard request.header("Authorization") == "Bearer \(accessToken)" else { return .text(401, "Unauthorized") }
        let now = self.now // read before taking the lock: the clock takes it too
        let found = state.withLock { state -> WhatsAppState.Media? in
            guard let link = state.whatsApp.mediaURLs[request.path], now < link.expiresAtMs else { return nil }
            return state.whatsApp.media[link.mediaID]
        }
        guard let media = found else { return .text(404, "Not Found") }
        return HTTPResponse(status: 200, contentType: media.contentType, body: media.bytes)
    }

    /// multipart: `messaging_product=whatsapp`, `type` (the MIME type), `file`. Answers `{"id"}`.
    private func uploadWhatsAppMedia(to number: String, _ params: GraphParams) throws -> HTTPResponse {
        guard params.fields["messaging_product"]?.stringValue == "whatsapp" else {
            throw GraphError.param("The parameter messaging_product is required and must be whatsapp")
        }
        guard let file = params.files.first(where: { $0.name == "file" }), !file.body.isEmpty else {
            throw GraphError.param("The parameter file is required")
        }
        guard let type = params.fields["type"]?.stringValue, type.contains("/") else { throw GraphError.param("The parameter type is required") }
        let id = GraphIDs.numericID()
        state.withLock { $0.whatsApp.media[id] = WhatsAppState.Media(bytes: file.body, contentType: type, phoneNumberID: number) }
        return .json(200, ["id": .string(id)])
    }

    /// Graph's cursor paging: `limit` (default 25), `after`; `paging.next` only when more follow.
    private func templatesPage(of waba: String, _ request: Request) -> HTTPResponse {
        let all = state.withLock { $0.whatsApp.templates[waba] ?? [] }
        let limit = max(1, min(100, Int(request.queryValue("limit") ?? "") ?? 25))
        let start = request.queryValue("after").flatMap { Int($0.dropFirst("cursor-".count)) } ?? 0
        let page = Array(all.dropFirst(start).prefix(limit))
        var paging: JSONObject = ["cursors": ["before": .string("cursor-\(start)"), "after": .string("cursor-\(start + page.count)")]]
        if start + page.count < all.count {
            paging["next"] = .string("\(baseURL)/\(version)/\(waba)/message_templates?limit=\(limit)&after=cursor-\(start + page.count)")
        }
        return .json(200, ["data": .array(page.map(JSON.object)), "paging": .object(paging)])
    }
}
