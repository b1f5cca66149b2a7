import PluginKit

/// A template a reply asks for, as its rich JSON:
///
///     {"type": "whatsapp_template", "name": "order_update", "language": "en_US",
///      "parameters": ["Ann", "#1234"]            (or {"name": "Ann", …} for named placeholders;
///                                                 an item may be a Cloud API parameter object)
///      "header": "text" | {"type": "image", "link": "https://…"}   (when the template has one)
///      "buttons": ["ABC123"]}                     (the URL buttons' placeholders, in order)
///
/// checked here against the synced template — it exists, is approved, and gets exactly the
/// parameters it needs, of the right types — before Meta is called, so a wrong count is refused
/// with the parameter named instead of Meta's #132000 later.
struct TemplateSend: Equatable {
    static let richType = "whatsapp_template"

    var name: String
    var language: String
    /// The Cloud API's `template.components`.
    var components: [JSON]

    /// Why a template request cannot go, and the field of the REST reply body it is about
    /// ("rich.parameters[1]"), for the host's 400 before the reply is accepted.
    struct Refusal: Error, Equatable {
        let field: String
        let reason: String
    }

    /// nil when the rich JSON is not a template request.
    static func request(in richJSON: String) -> JSONObject? {
        guard !richJSON.isEmpty, let rich = (try? JSON.parse(richJSON))?.objectValue, rich["type"]?.stringValue == richType else { return nil }
        return rich
    }

    static func check(_ rich: JSONObject, templates: WhatsAppTemplates) throws(Refusal) -> TemplateSend {
        guard let name = rich["name"]?.stringValue, !name.isEmpty else { throw Refusal(field: "rich.name", reason: "template: name is required") }
        guard let language = rich["language"]?.stringValue, !language.isEmpty else {
            throw Refusal(field: "rich.language", reason: "template \(name): language is required (like en_US)")
        }
        let label = "template \(name) (\(language))"
        guard let template = templates.find(name: name, language: language) else {
            throw Refusal(field: "rich.name", reason: "\(label) is not among this number's synced templates")
        }
        let status = template["status"]?.stringValue ?? "UNKNOWN"
        guard status == "APPROVED" else { throw Refusal(field: "rich.name", reason: "\(label) is \(status), not APPROVED") }
        let shape = TemplateShape(template)
        var components: [JSON] = []
        if let header = try headerComponent(rich["header"], shape: shape, label: label) { components.append(header) }
        let body = try bodyParameters(rich["parameters"], shape: shape, label: label)
        if !body.isEmpty { components.append(["type": "body", "parameters": .array(body)]) }
        let buttons = rich["buttons"]?.arrayValue ?? []
        guard buttons.count == shape.urlButtons.count else {
            throw Refusal(field: "rich.buttons", reason: "\(label): buttons must give \(shape.urlButtons.count) URL button value(s), not \(buttons.count)")
        }
        for (position, index) in shape.urlButtons.enumerated() {
            guard let value = buttons[position].stringValue, !value.isEmpty else {
                throw Refusal(field: "rich.buttons[\(position)]", reason: "\(label): buttons[\(position)] must be a non-empty string")
            }
            components.append(["type": "button", "sub_type": "url", "index": .string(String(index)),
                               "parameters": [["type": "text", "text": .string(value)]]])
        }
        return TemplateSend(name: name, language: language, components: components)
    }

    private static func headerComponent(_ given: JSON?, shape: TemplateShape, label: String) throws(Refusal) -> JSON? {
        if shape.needsHeaderMedia {
            let kind = shape.headerFormat!.lowercased()
            guard let media = given?.objectValue, media["type"]?.stringValue == kind,
                  let source = media["link"]?.stringValue.map({ ("link", $0) }) ?? media["id"]?.stringValue.map({ ("id", $0) }),
                  !source.1.isEmpty else {
                throw Refusal(field: "rich.header", reason: "\(label): header must be {\"type\": \"\(kind)\", \"link\": …} (the template has a \(kind) header)")
            }
            return ["type": "header", "parameters": [["type": .string(kind), kind: [source.0: .string(source.1)]]]]
        }
        if shape.headerHasParameter {
            guard let text = given?.stringValue, isValidText(text) else {
                throw Refusal(field: "rich.header", reason: "\(label): header must be the text for the header's placeholder")
            }
            return ["type": "header", "parameters": [["type": "text", "text": .string(text)]]]
        }
        if let given, !given.isNull { throw Refusal(field: "rich.header", reason: "\(label): header is given, but the template's header takes no parameter") }
        return nil
    }

    private static func bodyParameters(_ given: JSON?, shape: TemplateShape, label: String) throws(Refusal) -> [JSON] {
        let expected = shape.bodyParameters
        if shape.isNamed {
            let values = given?.objectValue ?? [:]
            for name in expected where values[name] == nil {
                throw Refusal(field: "rich.parameters.\(name)", reason: "\(label): parameters.\(name) is missing (the body has \(expected.count): \(expected.joined(separator: ", ")))")
            }
            for key in values.keys where !expected.contains(key) {
                throw Refusal(field: "rich.parameters.\(key)", reason: "\(label): parameters.\(key) is not a placeholder of the body (\(expected.joined(separator: ", ")))")
            }
            return try expected.map { name throws(Refusal) in
                var parameter = try parameterObject(values[name]!, path: "parameters.\(name)", label: label)
                parameter["parameter_name"] = .string(name)
                return .object(parameter)
            }
        }
        let values = given?.arrayValue ?? []
        if values.count < expected.count {
            throw Refusal(field: "rich.parameters[\(values.count)]", reason: "\(label): parameters[\(values.count)] is missing (the body has \(expected.count) parameter(s), {{1}} to {{\(expected.count)}})")
        }
        if values.count > expected.count {
            throw Refusal(field: "rich.parameters[\(expected.count)]", reason: "\(label): parameters[\(expected.count)] is one too many (the body has \(expected.count) parameter(s))")
        }
        return try values.enumerated().map { index, value throws(Refusal) in
            .object(try parameterObject(value, path: "parameters[\(index)]", label: label))
        }
    }

    static let parameterTypes: Set<String> = ["text", "currency", "date_time"]

    /// A string is a text parameter; an object must be a Cloud API body parameter.
    private static func parameterObject(_ value: JSON, path: String, label: String) throws(Refusal) -> JSONObject {
        if let text = value.stringValue {
            guard isValidText(text) else {
                throw Refusal(field: "rich." + path, reason: "\(label): \(path) must be non-empty text without new lines, tabs or more than 4 spaces in a row")
            }
            return ["type": "text", "text": .string(text)]
        }
        guard let object = value.objectValue, let type = object["type"]?.stringValue, parameterTypes.contains(type), object[type] != nil else {
            throw Refusal(field: "rich." + path, reason: "\(label): \(path) must be text or {\"type\": \"text|currency|date_time\", …}")
        }
        return object
    }

    /// Meta refuses body parameters with new lines, tabs or more than four spaces (#132018).
    static func isValidText(_ text: String) -> Bool {
        !text.trimmingASCIIWhitespace().isEmpty && !text.contains("\n") && !text.contains("\t") && !text.contains("     ")
    }

    /// The Cloud API's `template` object.
    var json: JSON {
        var template: JSONObject = ["name": .string(name), "language": ["code": .string(language)]]
        if !components.isEmpty { template["components"] = .array(components) }
        return .object(template)
    }
}
