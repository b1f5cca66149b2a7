import PluginKit
import WebChatLogic

/// The web chat channel: one instance is one embeddable widget (its public id is the instance
/// id). Sites embed /hooks/<id>/widget.js; visitors talk through the endpoints below; agents'
/// replies reach them over Server-Sent Events, wait in the host's outbox while they are away,
/// and move to a fallback channel when they are gone for good. See README.md.
final class WebChatPlugin: ChannelPlugin, @unchecked Sendable {
    static let id = "webchat"
    static let version = "1.0.0"
    static let capabilities = PluginCapabilities(content: [.text, .images, .files], format: .plain)
    /// Streams, waiting replies, switching by kind and history are ABI 1.2 services.
    static let minHostMinor: UInt32 = 2

    private let widget: WebChatContext

    init(host: PluginHost, info: InstanceInfo) throws {
        widget = WebChatContext(host: host, info: info, loaded: try LoadedConfig.load(configJSON: info.configJSON, host: host, info: info))
        for path in ["/widget.js"] + Self.allowedMethods.keys.sorted() {
            // "*": every method reaches handle(), which answers OPTIONS (CORS preflight) and 405 itself.
            try host.addRoute(method: "*", path: path)
        }
    }

    func start() throws {
        widget.host.log(.info, "web chat widget ready: embed \(widget.info.publicBaseURL)\(widget.info.routePrefix)/widget.js")
    }

    func stop() { widget.hub.closeAll() }

    func reconfigure(configJSON: String) throws {
        let old = widget.loaded
        let updated = try LoadedConfig.load(configJSON: configJSON, host: widget.host, info: widget.info)
        widget.replace(updated)
        // Streams were opened with the old secret's tokens: make them reconnect and prove themselves again.
        if updated.secret != old.secret { widget.hub.closeAll() }
    }

    func handle(_ request: PluginHTTPRequest) -> PluginHTTPResponse {
        let origin = request.header("Origin")
        // A <script> tag loads the widget without CORS; the page's origin is checked on its API calls.
        if request.path == "/widget.js" {
            guard request.method == "GET" || request.method == "HEAD" else { return methodNotAllowed("GET") }
            return WidgetAssets(widget: widget).script()
        }
        guard widget.loaded.origins.allows(origin) else { return WidgetFailure.originNotAllowed.response(headers: []) }
        let cors = CORS.headers(origin: origin)
        if request.method == "OPTIONS" { return CORS.preflight(origin: origin) }
        do {
            var response = try route(request)
            response.headers.append(contentsOf: cors)
            return response
        } catch let failure as WidgetFailure {
            return failure.response(headers: cors)
        } catch {
            widget.host.log(.error, "\(request.method) \(request.path) failed: \(error)")
            return WidgetFailure.unavailable.response(headers: cors)
        }
    }

    private func route(_ request: PluginHTTPRequest) throws -> PluginHTTPResponse {
        switch (request.method, request.path) {
        case ("GET", "/config"): return WidgetAssets(widget: widget).publicConfig()
        case ("POST", "/session"): return try SessionRoute(widget: widget).handle(request)
        case ("GET", "/messages"): return try MessageRoutes(widget: widget).history(request)
        case ("POST", "/messages"): return try MessageRoutes(widget: widget).send(request)
        case ("POST", "/uploads"): return try UploadRoute(widget: widget).handle(request)
        case ("GET", "/stream"): return try StreamRoute(widget: widget).handle(request)
        case ("POST", "/typing"): return try ActivityRoutes(widget: widget).typing(request)
        case ("POST", "/seen"): return try ActivityRoutes(widget: widget).seen(request)
        case ("POST", "/switch"): return try SwitchRoute(widget: widget).handle(request)
        default: return methodNotAllowed(Self.allowedMethods[request.path] ?? "GET")
        }
    }

    static let allowedMethods = ["/config": "GET", "/session": "POST", "/messages": "GET, POST", "/uploads": "POST",
                                 "/stream": "GET", "/typing": "POST", "/seen": "POST", "/switch": "POST"]

    private func methodNotAllowed(_ allow: String) -> PluginHTTPResponse {
        WidgetFailure(status: 405, code: "method_not_allowed", message: "allowed: \(allow)").response(headers: [("Allow", allow)])
    }

    func deliver(_ message: OutboundMessage) throws -> DeliveryResult {
        ReplyDelivery(widget: widget).deliver(message)
    }

    func streamClosed(_ id: UInt64) { widget.hub.remove(id) }

    func timerFired(_ id: UInt64) { _ = widget.receipts.timerFired(id) }

    /// An agent typing or a status change: shown live in the visitor's tabs, never stored.
    /// ABI 1.3 "contact.erased": the visitors of the erased identities are forgotten.
    func conversationSignal(conversationID: String, type: String, dataJSON: String) {
        if type == "contact.erased" {
            let data = try? JSON.parse(dataJSON)
            let identities = (data?["identities"]?.arrayValue ?? []).compactMap { item -> Identity? in
                guard let kind = item["kind"]?.stringValue, let value = item["value"]?.stringValue else { return nil }
                return Identity(kind: kind, value: value)
            }
            let conversations = (data?["conversation_ids"]?.arrayValue ?? []).compactMap(\.stringValue)
            do { try widget.store.forget(identities, conversations: conversations) } catch {
                widget.host.log(.error, "forgetting erased visitors failed: \(error)")
            }
            return
        }
        guard let identity = try? widget.store.identity(forConversation: conversationID) else { return }
        let data = (try? JSON.parse(dataJSON))?.objectValue ?? [:]
        switch type {
        case "agent.typing":
            let name = data["name"]?.stringValue ?? ""
            widget.hub.send(ServerSentEvents.event("typing", data: JSON.object(["name": .string(name), "typing": true]).serialized), to: identity)
        case "conversation.status":
            let status = data["status"]?.stringValue ?? ""
            widget.hub.send(ServerSentEvents.event("status", data: JSON.object(["status": .string(status)]).serialized), to: identity)
        default:
            break
        }
    }
}
