import PluginKit
import WebChatLogic

/// GET /widget.js: the widget (Widget/widget.js with its parts from Widget/js, its CSS and every
/// language's strings, embedded in this library at build time) — one request, no external assets.
/// GET /config: what the widget shows, from the configuration in force (title, colours,
/// pre-chat form, the switch destinations offered right now).
struct WidgetAssets {
    let widget: WebChatContext

    /// The placeholder in widget.js that the boot object (id, base URL, CSS, strings) replaces.
    static let bootPlaceholder = "__SWITCHBOARD_WIDGET_BOOT__"
    /// The placeholder in widget.js that the parts (Widget/js) replace.
    static let partsPlaceholder = "__SWITCHBOARD_WIDGET_PARTS__"
    /// Widget/js, in the order they run: state first (the rest reads it), start last.
    static let parts = ["state", "dom", "helpers", "api", "theme", "session", "messages", "composer", "uploads", "stream",
                        "switching", "panel", "start"]

    /// The shell with its parts in: the same for every widget, so built once.
    static let source: String? = {
        guard let shell = file("widget.js") else { return nil }
        var body = ""
        for part in parts {
            guard let text = file("js/\(part).js") else { return nil }
            body += "// ---- js/\(part).js\n" + text + "\n"
        }
        return shell.replacing(partsPlaceholder, with: body)
    }()

    static func file(_ path: String) -> String? {
        EmbeddedWidget.files.first { $0.path == path }.map { $0.text.description }
    }

    /// Languages the widget speaks: one Widget/strings/<language>.json each.
    static let languages: Set<String> = Set(EmbeddedWidget.files.compactMap { file in
        guard file.path.hasPrefix("strings/"), file.path.hasSuffix(".json") else { return nil }
        return String(file.path.dropFirst("strings/".count).dropLast(".json".count))
    })

    /// Every language's strings, parsed once.
    static let strings: JSON = {
        var all = JSONObject()
        for language in languages.sorted() {
            all[language] = file("strings/\(language).json").flatMap { try? JSON.parse($0) } ?? .object([:])
        }
        return .object(all)
    }()

    func script() -> PluginHTTPResponse {
        guard let source = Self.source else { return .text(500, "the widget was not embedded in this build") }
        let boot: JSON = [
            "id": .string(widget.info.instanceID),
            "base": .string(widget.info.publicBaseURL + widget.info.routePrefix),
            "css": .string(Self.file("widget.css") ?? ""),
            "strings": Self.strings,
        ]
        let body = source.replacing(Self.bootPlaceholder, with: boot.serialized)
        return PluginHTTPResponse(status: 200, contentType: "application/javascript; charset=utf-8",
                                  headers: [("Cache-Control", "public, max-age=300"), ("X-Content-Type-Options", "nosniff")],
                                  body: Array(body.utf8))
    }

    func publicConfig() -> PluginHTTPResponse {
        let config = widget.config
        var preChat = JSONObject()
        for field in WidgetConfig.preChatFields { preChat[field] = .string((config.preChat[field] ?? .off).rawValue) }
        let destinations = widget.offeredDestinations().map { offer -> JSON in
            ["kind": .string(offer.kind.rawValue), "label": .string(offer.label), "identity_kind": .string(offer.kind.identityKind),
             "state": .string(offer.state), "by_link": .bool(offer.kind.switchesByLink(available: offer.state == "available"))]
        }
        let body: JSON = [
            "id": .string(widget.info.instanceID), "title": .string(config.title), "team_name": .string(config.teamName),
            "greeting": .string(config.greeting), "language": .string(config.language),
            "colors": ["primary": .string(config.colors.primary), "background": .string(config.colors.background),
                       "text": .string(config.colors.text)],
            "pre_chat_fields": .object(preChat), "switch_destinations": .array(destinations),
            "max_upload_bytes": .from(config.maxUploadBytes), "allowed_upload_types": .array(config.allowedUploadTypes.map(JSON.string)),
            "heartbeat_seconds": .from(config.heartbeatSeconds),
        ]
        return .json(200, body, headers: [("Cache-Control", "no-cache")])
    }
}
