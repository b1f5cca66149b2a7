import PluginKit

/// A TwiML document built verb by verb, every attribute and text escaped.
struct TwiML {
    private var verbs: [String] = []

    /// Text and double-quoted attribute values, escaped as XML needs (the host's one escaper).
    static func escape(_ text: String) -> String { TextDowngrade.escapeHTML(text) }

    static func element(_ name: String, _ attributes: [(String, String)] = [], text: String? = nil, children: [String] = []) -> String {
        let attrs = attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
        if text == nil && children.isEmpty { return "<\(name)\(attrs)/>" }
        return "<\(name)\(attrs)>\(text.map(escape) ?? "")\(children.joined())</\(name)>"
    }

    mutating func add(_ name: String, _ attributes: [(String, String)] = [], text: String? = nil, children: [String] = []) {
        verbs.append(Self.element(name, attributes, text: text, children: children))
    }

    /// An element built with `element(…)`, as the next verb.
    mutating func append(_ element: String) { verbs.append(element) }

    var document: String { "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>" + verbs.joined() + "</Response>" }

    var response: PluginHTTPResponse { PluginHTTPResponse(status: 200, contentType: "text/xml", body: Array(document.utf8)) }

    /// Said, then hung up: for requests the host cannot place in a call.
    static func goodbye(_ text: String) -> PluginHTTPResponse {
        var twiml = TwiML()
        twiml.add("Say", text: text)
        twiml.add("Hangup")
        return twiml.response
    }
}
