import SwitchboardSupport

/// The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json.
///
/// The document is data, not code: Host/Transport/REST/OpenAPI holds `base.json` (openapi, info,
/// tags, security), `components.json` (what operations share: the error schema, paging parameters,
/// the common responses 400/401/403/404/409/413/415/429/503…) and one file per area of the API under
/// `paths/` (`{"tags": [...], "paths": {...}, "schemas": {...}}`), so engineers adding operations to
/// different areas edit different files. The build embeds the folder (EmbedWebApp → `EmbeddedOpenAPI`)
/// and this assembles it once. Tests check it names exactly the routes in the route table and
/// schemathesis holds the server to it.
enum OpenAPIDocument {
    /// The served document, assembled once from the embedded files.
    static let json: String = {
        do { return try assemble(files: EmbeddedOpenAPI.files.map { ($0.path, $0.text.description) }) } catch {
            preconditionFailure("the embedded OpenAPI document is broken: \(error)")
        }
    }()

    /// A file that is not what the document needs (a build-time mistake; the tests catch it).
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    /// Merges `base.json`, `components.json` and every `paths/*.json` (in file-name order):
    /// a path or schema named twice is refused.
    static func assemble(files: [(path: String, text: String)]) throws -> String {
        func object(_ path: String, _ text: String) throws -> JSONObject {
            guard case .object(let value) = try? JSON.parse(text) else { throw Invalid(description: "\(path) is not a JSON object") }
            return value
        }
        guard let base = files.first(where: { $0.path == "base.json" }) else { throw Invalid(description: "base.json is missing") }
        guard let shared = files.first(where: { $0.path == "components.json" }) else { throw Invalid(description: "components.json is missing") }
        var document = try object(base.path, base.text)
        var components = try object(shared.path, shared.text)
        var tags = document["tags"]?.arrayValue ?? []
        var paths = JSONObject()
        var schemas = components["schemas"]?.objectValue ?? JSONObject()
        for file in files.filter({ $0.path.hasPrefix("paths/") && $0.path.hasSuffix(".json") }).sorted(by: { $0.path < $1.path }) {
            let area = try object(file.path, file.text)
            tags += (area["tags"]?.arrayValue ?? []).filter { !tags.contains($0) }
            for (path, item) in area["paths"]?.objectValue ?? JSONObject() {
                guard paths[path] == nil else { throw Invalid(description: "\(file.path): path \(path) is documented twice") }
                paths[path] = item
            }
            for (name, schema) in area["schemas"]?.objectValue ?? JSONObject() {
                guard schemas[name] == nil else { throw Invalid(description: "\(file.path): schema \(name) is documented twice") }
                schemas[name] = schema
            }
        }
        components["schemas"] = .object(schemas)
        document["tags"] = .array(tags)
        document["paths"] = .object(paths)
        document["components"] = .object(components)
        return JSON.object(document).serialized
    }
}
