import PluginKit

/// A TwiML document built verb by verb, every attribute and text escaped.
struct TwiML {
    private var verbs: [String] = []

    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(ch)
            }
        }
        return out
    }

    static func element(_ name: String, _ attributes: [(String, String)] = [], text: String? = nil, children: [String] = []) -> String {
        let attrs = attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
        if text == nil && children.isEmpty { return "<\(name)\(attrs)/>" }
        return "<\(name)\(attrs)>\(text.map(escape) ?? "")\(children.joined())</\(name)>"
    }

    mutating func add(_ name: String, _ attributes: [(String, String)] = [], text: String? = nil, children: [String] = []) {
        verbs.append(Self.element(name, attributes, text: text, children: children))
    }

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
