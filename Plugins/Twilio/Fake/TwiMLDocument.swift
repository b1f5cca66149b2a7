import SwitchboardSupport

/// A TwiML document as Twilio reads it: well-formed XML, a `<Response>` root, known verbs with
/// known attributes, and nouns only where Twilio allows them. Anything else is refused the way
/// Twilio refuses it (error 12100 "Document parse failure" / 12200 "Schema validation warning").
public struct TwiMLNode: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    public var text: String
    public var children: [TwiMLNode]

    public func attribute(_ name: String) -> String? { attributes[name] }
}

public struct TwiMLError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

public enum TwiMLDocument {
    /// Verbs (and nouns) with the attributes Twilio documents for each.
    static let attributes: [String: Set<String>] = [
        "Say": ["voice", "language", "loop"],
        "Play": ["loop", "digits"],
        "Pause": ["length"],
        "Gather": ["action", "method", "timeout", "finishOnKey", "numDigits", "input", "speechTimeout", "hints", "language",
                   "partialResultCallback", "partialResultCallbackMethod", "profanityFilter", "speechModel", "enhanced",
                   "actionOnEmptyResult", "bargeIn", "debug"],
        "Redirect": ["method"],
        "Record": ["action", "method", "timeout", "finishOnKey", "maxLength", "playBeep", "trim", "recordingStatusCallback",
                   "recordingStatusCallbackMethod", "recordingStatusCallbackEvent", "transcribe", "transcribeCallback"],
        "Enqueue": ["action", "method", "waitUrl", "waitUrlMethod", "workflowSid", "maxQueueSize"],
        "Dial": ["action", "method", "timeout", "hangupOnStar", "timeLimit", "callerId", "record", "trim", "recordingStatusCallback",
                 "recordingStatusCallbackMethod", "recordingStatusCallbackEvent", "answerOnBridge", "ringTone", "sequential"],
        "Hangup": [], "Leave": [], "Reject": ["reason"],
        "Number": ["sendDigits", "url", "method", "statusCallback", "statusCallbackEvent", "statusCallbackMethod"],
        "Queue": ["url", "method", "reservationSid", "postWorkActivitySid"],
        "Client": ["url", "method"], "Sip": ["username", "password", "url", "method"],
    ]
    static let verbs: Set<String> = ["Say", "Play", "Pause", "Gather", "Redirect", "Record", "Enqueue", "Dial", "Hangup", "Leave", "Reject"]
    static let nested: [String: Set<String>] = ["Gather": ["Say", "Play", "Pause"], "Dial": ["Number", "Queue", "Client", "Sip"]]
    /// Verbs whose text is required (what to say, what to play, where to go, which queue).
    static let needsText: Set<String> = ["Say", "Play", "Redirect", "Enqueue"]
    static let methods: Set<String> = ["GET", "POST"]

    /// The verbs of a `<Response>`, checked.
    public static func parse(_ text: String) throws -> [TwiMLNode] {
        var reader = XMLReader(Array(text.unicodeScalars))
        let root = try reader.document()
        guard root.name == "Response", root.attributes.isEmpty else { throw TwiMLError("12100: the root must be <Response>, not <\(root.name)>") }
        guard root.text.trimmingASCIIWhitespace().isEmpty else { throw TwiMLError("12100: text outside a verb") }
        for verb in root.children { try check(verb, parent: nil) }
        return root.children
    }

    static func check(_ node: TwiMLNode, parent: String?) throws {
        if let parent {
            guard nested[parent]?.contains(node.name) == true else { throw TwiMLError("12200: <\(node.name)> is not allowed inside <\(parent)>") }
        } else {
            guard verbs.contains(node.name) else { throw TwiMLError("12200: <\(node.name)> is not a TwiML verb") }
        }
        guard let allowed = attributes[node.name] else { throw TwiMLError("12200: <\(node.name)> is not a TwiML verb") }
        for key in node.attributes.keys where !allowed.contains(key) { throw TwiMLError("12200: <\(node.name)> has no attribute \(key)") }
        for key in ["method", "waitUrlMethod", "recordingStatusCallbackMethod"] {
            if let method = node.attributes[key], !methods.contains(method) { throw TwiMLError("12200: \(key)=\"\(method)\" must be GET or POST") }
        }
        try checkSpeech(node)
        let text = node.text.trimmingASCIIWhitespace()
        if needsText.contains(node.name) && text.isEmpty { throw TwiMLError("12200: <\(node.name)> needs text") }
        if node.name == "Gather" && !text.isEmpty { throw TwiMLError("12200: <Gather> takes nested verbs, not text") }
        if ["Hangup", "Leave", "Pause", "Record"].contains(node.name) && !node.children.isEmpty { throw TwiMLError("12200: <\(node.name)> takes nothing nested") }
        if node.name == "Dial" && text.isEmpty && node.children.isEmpty { throw TwiMLError("12200: <Dial> needs a number or a noun") }
        for child in node.children { try check(child, parent: node.name) }
    }
}

extension TwiMLDocument {
    /// `<Say voice language>` and `<Gather language>` as Twilio takes them: a locale is a language and a
    /// region ("en-US"; a bare "en" fails, warning 13331 on Gather), a voice is man, woman, alice,
    /// `Polly.<Name>` (optionally -Neural, -Generative, -LongForm) or `Google.<locale>-<model>-<variant>` (13511).
    static func checkSpeech(_ node: TwiMLNode) throws {
        func isLocale(_ text: Substring) -> Bool {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            return parts.count == 2 && (2...3).contains(parts[0].count) && parts[0].allSatisfy { $0.isASCII && $0.isLowercase }
                && parts[1].count == 2 && parts[1].allSatisfy { $0.isASCII && $0.isUppercase }
        }
        if let language = node.attributes["language"], !isLocale(Substring(language)) {
            throw TwiMLError(node.name == "Gather" ? "13331: Gather: invalid language value \(language)" : "13512: Say: invalid language value \(language)")
        }
        guard node.name == "Say", let voice = node.attributes["voice"] else { return }
        let valid: Bool
        if ["man", "woman", "alice"].contains(voice) {
            valid = true
        } else if voice.hasPrefix("Polly.") {
            let parts = voice.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false)
            valid = (1...2).contains(parts.count) && parts[0].first?.isUppercase == true && parts[0].allSatisfy { $0.isASCII && $0.isLetter }
                && (parts.count == 1 || ["Neural", "Generative", "LongForm"].contains(String(parts[1])))
        } else if voice.hasPrefix("Google.") {
            let parts = voice.dropFirst(7).split(separator: "-", omittingEmptySubsequences: false)
            valid = parts.count >= 4 && isLocale(Substring("\(parts[0])-\(parts[1])")) && parts.dropFirst(2).allSatisfy { !$0.isEmpty }
        } else {
            valid = false
        }
        if !valid { throw TwiMLError("13511: Say: invalid voice value \(voice)") }
    }
}

/// Just enough XML for TwiML: a declaration, elements, attributes, text and the five entities.
struct XMLReader {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    mutating func document() throws -> TwiMLNode {
        skipSpace()
        if starts("<?xml") {
            guard let end = find("?>") else { throw TwiMLError("12100: unterminated XML declaration") }
            index = end + 2
        }
        skipSpace()
        let root = try element()
        skipSpace()
        guard index == scalars.count else { throw TwiMLError("12100: content after the root element") }
        return root
    }

    mutating func element() throws -> TwiMLNode {
        guard peek == "<" else { throw TwiMLError("12100: expected an element") }
        index += 1
        let name = readName()
        guard !name.isEmpty else { throw TwiMLError("12100: an element without a name") }
        var node = TwiMLNode(name: name, attributes: [:], text: "", children: [])
        while true {
            skipSpace()
            if starts("/>") { index += 2; return node }
            if peek == ">" { index += 1; break }
            let key = readName()
            guard !key.isEmpty else { throw TwiMLError("12100: malformed attribute in <\(name)>") }
            skipSpace()
            guard peek == "=" else { throw TwiMLError("12100: attribute \(key) without a value") }
            index += 1
            skipSpace()
            guard let quote = peek, quote == "\"" || quote == "'" else { throw TwiMLError("12100: attribute \(key) not quoted") }
            index += 1
            var raw = ""
            while let c = peek, c != quote { raw.unicodeScalars.append(c); index += 1 }
            guard peek == quote else { throw TwiMLError("12100: unterminated attribute \(key)") }
            index += 1
            guard node.attributes[key] == nil else { throw TwiMLError("12100: attribute \(key) twice") }
            node.attributes[key] = try decode(raw)
        }
        while true {
            if starts("</") {
                index += 2
                let closing = readName()
                skipSpace()
                guard closing == name, peek == ">" else { throw TwiMLError("12100: </\(closing)> does not close <\(name)>") }
                index += 1
                return node
            }
            guard let c = peek else { throw TwiMLError("12100: <\(name)> is not closed") }
            if c == "<" {
                node.children.append(try element())
            } else {
                var raw = ""
                while let c = peek, c != "<" { raw.unicodeScalars.append(c); index += 1 }
                node.text += try decode(raw)
            }
        }
    }

    func decode(_ raw: String) throws -> String {
        var out = ""
        var rest = Substring(raw)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { throw TwiMLError("12100: a bare & (escape it as &amp;)") }
            switch rest[rest.index(after: amp)..<semi] {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            case let other: throw TwiMLError("12100: unknown entity &\(other);")
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }

    var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    func starts(_ text: String) -> Bool {
        let wanted = Array(text.unicodeScalars)
        return index + wanted.count <= scalars.count && Array(scalars[index..<index + wanted.count]) == wanted
    }

    func find(_ text: String) -> Int? {
        var probe = self
        while probe.index < scalars.count { if probe.starts(text) { return probe.index }; probe.index += 1 }
        return nil
    }

    mutating func skipSpace() { while let c = peek, c == " " || c == "\n" || c == "\r" || c == "\t" { index += 1 } }

    mutating func readName() -> String {
        var name = ""
        while let c = peek, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-" || c == ":" { name.unicodeScalars.append(c); index += 1 }
        return name
    }
}
