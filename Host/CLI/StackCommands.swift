import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

extension Help {
    static let knowledge = """
    usage: switchboard knowledge <subcommand>

      import FOLDER --collection ID [--name NAME]
                        every Markdown file (*.md, *.markdown) under FOLDER becomes an article of the
                        collection (created when missing). Title and tags from front matter
                        (title:, tags: [a, b]) or the first "# heading"; importing again updates.
      collections       list collections with their article counts
      search TEXT [--collection a,b] [--limit N]
                        the best passages, with their BM25 scores
    """

    static let stacks = """
    usage: switchboard stacks <subcommand>

      list              every Agent Stack
      put FILE.json     create or replace the stack the file defines (its "id"); a definition naming
                        a missing collection, team or credential is refused, naming the field
      get ID            print a stack's definition
      remove ID
      usage ID [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                        turns, handovers and credits per day
    """
}

enum StackCommands {
    /// Stay well under the host's default 1 MiB request body per import call.
    static let importBatchBytes = 512 * 1024

    static func knowledge(_ args: Arguments) throws {
        if args.wantsHelp || args.positional.count < 2 { print(Help.knowledge); return }
        let client = try AdminClient(args)
        switch args.positional[1] {
        case "import":
            let folder = try args.word(2, "folder")
            guard let collection = args.option("collection") else { throw CLIError("import needs --collection ID") }
            let files = markdownFiles(under: folder)
            guard !files.isEmpty else { throw CLIError("\(folder): no Markdown files (*.md, *.markdown)") }
            var created = 0, updated = 0, passages = 0, batch: [JSON] = [], size = 0
            func send() throws {
                guard !batch.isEmpty else { return }
                var body: JSONObject = ["collection": .string(collection), "articles": .array(batch)]
                if let name = args.option("name") { body["collection_name"] = .string(name) }
                let result = try client.call("POST", "/api/v1/knowledge/import", .object(body))
                created += result["created"]?.intValue ?? 0
                updated += result["updated"]?.intValue ?? 0
                passages += result["passages"]?.intValue ?? 0
                batch = []
                size = 0
            }
            for relative in files {
                guard let text = FileSystem.readText(folder + "/" + relative) else { throw CLIError("\(relative): cannot read") }
                if size > 0, size + text.utf8.count > importBatchBytes { try send() }
                batch.append(["source": .string(relative), "markdown": .string(text)])
                size += text.utf8.count + relative.utf8.count
            }
            try send()
            print("collection \(collection): \(created) articles created, \(updated) updated, \(passages) passages indexed")
        case "collections":
            for c in try client.call("GET", "/api/v1/knowledge/collections")["collections"]?.arrayValue ?? [] {
                print(Commands.pad([c["id"]?.stringValue ?? "", "\(c["article_count"]?.intValue ?? 0) articles", c["name"]?.stringValue ?? ""]))
            }
        case "search":
            let text = try args.word(2, "search text")
            var path = "/api/v1/knowledge/search?q=" + FormURLEncoding.encodeComponent(text)
            if let c = args.option("collection") { path += "&collection=" + FormURLEncoding.encodeComponent(c) }
            if let l = args.option("limit") { path += "&limit=" + FormURLEncoding.encodeComponent(l) }
            for p in try client.call("GET", path)["passages"]?.arrayValue ?? [] {
                let heading = p["heading"]?.stringValue.flatMap { $0.isEmpty ? nil : " › \($0)" } ?? ""
                print("\(p["score"]?.doubleValue.map { String(Double(Int($0 * 100)) / 100) } ?? "?")\t\(p["title"]?.stringValue ?? "")\(heading)")
            }
        default:
            throw CLIError("unknown knowledge subcommand \(args.positional[1])\n\n\(Help.knowledge)")
        }
    }

    static func stacks(_ args: Arguments) throws {
        if args.wantsHelp || args.positional.count < 2 { print(Help.stacks); return }
        let client = try AdminClient(args)
        switch args.positional[1] {
        case "list":
            print(Commands.pad(["ID", "ENGINE", "COLLECTIONS", "HANDOVER TEAM", "NAME"]))
            for s in try client.call("GET", "/api/v1/stacks")["stacks"]?.arrayValue ?? [] {
                print(Commands.pad([s["id"]?.stringValue ?? "", s["engine"]?["kind"]?.stringValue ?? "",
                                    (s["collections"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ","),
                                    s["handover_team"]?.stringValue ?? "-", s["name"]?.stringValue ?? ""]))
            }
        case "put":
            let file = try args.word(2, "definition file")
            guard let text = FileSystem.readText(file) else { throw CLIError("\(file): cannot read") }
            let definition: JSON
            do { definition = try JSON.parse(text) } catch { throw CLIError("\(file): not valid JSON: \(error)") }
            guard let id = definition["id"]?.stringValue, !id.isEmpty else { throw CLIError("\(file): the definition needs an \"id\"") }
            let result = try client.call("PUT", "/api/v1/stacks/\(FormURLEncoding.encodeComponent(id))", definition)
            print("stack \(id) stored (engine \(result["engine"]?["kind"]?.stringValue ?? "?"), \(result["topics"]?.arrayValue?.count ?? 0) topics)")
        case "get":
            let id = try args.word(2, "stack ID")
            print(try client.call("GET", "/api/v1/stacks/\(FormURLEncoding.encodeComponent(id))").serialized)
        case "remove":
            let id = try args.word(2, "stack ID")
            _ = try client.call("DELETE", "/api/v1/stacks/\(FormURLEncoding.encodeComponent(id))")
            print("stack \(id) removed")
        case "usage":
            let id = try args.word(2, "stack ID")
            var query: [(name: String, value: String)] = []
            if let from = args.option("from") { query.append(("from", from)) }
            if let to = args.option("to") { query.append(("to", to)) }
            let path = "/api/v1/stacks/\(FormURLEncoding.encodeComponent(id))/usage" + (query.isEmpty ? "" : "?" + FormURLEncoding.encode(query))
            let usage = try client.call("GET", path)
            print(Commands.pad(["DAY", "TURNS", "HANDOVERS", "CREDITS", "P50/P99 MS"]))
            for d in usage["days"]?.arrayValue ?? [] {
                print(Commands.pad([d["day"]?.stringValue ?? "", "\(d["turns"]?.intValue ?? 0)", "\(d["handovers"]?.intValue ?? 0)",
                                    "\(d["credits"]?.intValue ?? 0)",
                                    "\(d["latency_ms"]?["p50"]?.doubleValue ?? 0)/\(d["latency_ms"]?["p99"]?.doubleValue ?? 0)"]))
            }
            // Draft mode: how people decided on the stack's drafts.
            if let drafts = usage["drafts"], (drafts["written"]?.intValue ?? 0) > 0 {
                print("drafts: \(drafts["written"]?.intValue ?? 0) written, \(drafts["approved_unchanged"]?.intValue ?? 0) approved unchanged, "
                      + "\(drafts["edited"]?.intValue ?? 0) edited, \(drafts["discarded"]?.intValue ?? 0) discarded, \(drafts["pending"]?.intValue ?? 0) waiting")
            }
        default:
            throw CLIError("unknown stacks subcommand \(args.positional[1])\n\n\(Help.stacks)")
        }
    }

    /// Markdown files under a folder, as paths relative to it, sorted (hidden entries skipped).
    static func markdownFiles(under folder: String, prefix: String = "") -> [String] {
        var found: [String] = []
        for name in FileSystem.list(folder + (prefix.isEmpty ? "" : "/" + prefix)).sorted() where !name.hasPrefix(".") {
            let relative = prefix.isEmpty ? name : prefix + "/" + name
            var info = stat()
            guard stat(folder + "/" + relative, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFDIR {
                found += markdownFiles(under: folder, prefix: relative)
            } else if name.hasSuffix(".md") || name.hasSuffix(".markdown") {
                found.append(relative)
            }
        }
        return found
    }
}
