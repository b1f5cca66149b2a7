import SwitchboardDomain
import SwitchboardSupport

/// A customer's data on request: exports (a background job ending in a zip behind an expiring link)
/// and erasure. Admins, and integrator keys an admin granted `data_requests`; never agents.
struct DataRequestEndpoints {
    let store: Store
    /// Wakes the worker that builds archives and tells plugins about erasures.
    let onExportRequested: @Sendable () -> Void
    /// Where export archives are (PrivacyWorker writes them): any host may serve any export.
    let files: any HostFiles

    var routes: [Route] {
        [
            Route(method: "POST", pattern: "/api/v1/contacts/{id}/export", access: .any, handler: requestExport),
            Route(method: "GET", pattern: "/api/v1/exports/{id}", access: .any, handler: exportStatus),
            Route(method: "GET", pattern: "/api/v1/exports/{id}/archive", access: .open, handler: download),
            Route(method: "POST", pattern: "/api/v1/contacts/{id}/erase", access: .any, handler: erase),
        ]
    }

    func requestExport(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        try requireGrant(r)
        let contact = try visibleContact(r)
        let export = try domainCall { try store.requestContactExport(contactID: contact, actor: r.actor) }
        onExportRequested()
        var response = HTTPResponse.json(202, Self.present(export))
        response.headers.append(("Location", "/api/v1/exports/\(export.id)"))
        return response
    }

    /// Progress while it runs; the download link once ready, until it expires.
    func exportStatus(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        try requireGrant(r)
        let id = r.parameter("id")
        guard let export = try storeCall({ try store.contactExport(id: id) }),
              r.caller?.role == .admin || export.requestedBy == r.actor
        else { throw .notFound("no export \(id)") }
        return .json(200, Self.present(export))
    }

    /// The archive, for whoever holds the link (the customer, once it is handed to them); 410 once expired.
    func download(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let id = r.parameter("id")
        guard let export = try storeCall({ try store.contactExport(id: id) }) else { throw .notFound("no export \(id)") }
        if export.status == .expired || (export.expiresAt.map { $0 <= Clock.nowMillis() } ?? false) {
            throw APIError(status: 410, code: "expired", message: "this export link has expired: ask for a new export")
        }
        guard export.status == .ready, let token = export.token, let key = export.archivePath,
              let sent = r.http.queryValue("token"), Crypto.constantTimeEquals(sent, token)
        else { throw .notFound("no export \(id), or the link is incomplete") }
        guard let bytes = files.read(key) else { throw APIError(status: 410, code: "expired", message: "the archive is gone: ask for a new export") }
        return HTTPResponse(status: 200, contentType: "application/zip", body: bytes,
                            headers: [("Content-Disposition", "attachment; filename=\"contact-\(export.contactID).zip\""),
                                      ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")])
    }

    /// Erase the contact's personal data (irreversible); the anonymous record stays. `reason`
    /// (optional, e.g. the request's reference) goes into the audit trail with who asked.
    func erase(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        try requireGrant(r)
        let body = try r.optionalJSONBody()
        let reason = try optionalString(body, "reason")
        if let reason, reason.count > 500 { throw .badRequest("reason", "must be at most 500 characters") }
        let contact = try visibleContact(r)
        let report = try domainCall { try store.eraseContact(id: contact, actor: r.actor, reason: reason) }
        for key in report.archivesToRemove { files.remove(key) }
        onExportRequested()
        return .json(200, .object(report.json))
    }

    // MARK: helpers

    func requireGrant(_ r: APIRequest) throws(APIError) {
        guard r.caller?.mayHandleDataRequests == true else {
            throw APIError(status: 403, code: "forbidden", message: "exports and erasure are for admins, and for integrator keys an admin granted data_requests")
        }
    }

    /// The contact's id when the caller may see it (integrators: through their own channels).
    func visibleContact(_ r: APIRequest) throws(APIError) -> String {
        let id = r.parameter("id")
        guard let view = try storeCall({ try store.contact(id: id, visibleTo: r.viewer) }) else { throw .notFound("no contact \(id)") }
        return view.contact.id
    }

    static func present(_ e: ContactExport) -> JSON {
        ["id": .string(e.id), "contact_id": .string(e.contactID), "status": .string(e.status.rawValue), "progress": .number(Double(e.progress)),
         "size": .from(e.size.map(Int.init)), "error": .from(e.error), "requested_by": .string(e.requestedBy),
         "created_at": .string(Clock.iso8601(e.createdAt)), "expires_at": Present.time(e.expiresAt),
         "download_url": e.status == .ready ? .from(e.token.map { "/api/v1/exports/\(e.id)/archive?token=\($0)" }) : .null]
    }
}
