import PluginKit

/// The routes every mail channel serves under its prefix: Mailgun's route forwards (`POST
/// /inbound`, the channel's own handling), Mailgun's event webhooks (`POST /events`: delivery
/// receipts) and the files mail brought (`GET /attachments/…`).
public enum MailRoutes {
    /// Declares the three routes (from the plugin's init).
    public static func declare(_ host: PluginHost) throws {
        try host.addRoute(method: "POST", path: "/inbound")
        try host.addRoute(method: "POST", path: "/events")
        try host.addRoute(method: "GET", path: AttachmentStore.routePrefix + "*")
    }

    /// Answers a request on them; `inbound` handles a route forward.
    public static func handle(_ request: PluginHTTPRequest, host: PluginHost, account: MailgunAccount, guardian: WebhookGuard,
                              files: AttachmentStore, inbound: () -> PluginHTTPResponse) -> PluginHTTPResponse {
        switch (request.method, request.path) {
        case ("POST", "/inbound"):
            return inbound()
        case ("POST", "/events"):
            return EventsRoute(host: host, account: account, guardian: guardian).handle(request)
        case ("GET", _) where request.path.hasPrefix(AttachmentStore.routePrefix):
            return files.serve(request)
        default:
            return .text(404, "no such endpoint")
        }
    }
}
