import PluginKit

/// Cross-origin answers for the widget's API: the page embedding the widget lives on another
/// origin than the host. Only origins `OriginPolicy` allows get here; their answers name the
/// origin (never "*", so nothing is readable by a page that was not allowed).
enum CORS {
    static func headers(origin: String?) -> [(name: String, value: String)] {
        guard let origin else { return [] }
        return [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]
    }

    /// OPTIONS: what a browser asks before a POST with JSON or an Authorization header.
    static func preflight(origin: String?) -> PluginHTTPResponse {
        PluginHTTPResponse(status: 204, headers: headers(origin: origin) + [
            ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
            ("Access-Control-Allow-Headers", "Authorization, Content-Type, Last-Event-ID"),
            ("Access-Control-Max-Age", "600"),
        ])
    }
}
