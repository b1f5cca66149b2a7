import SwitchboardDomain
import SwitchboardSupport
import SwitchboardTransport
#if canImport(Glibc)
import Glibc
#endif

enum Help {
    static let top = """
    switchboard — self-hosted customer support; every channel ends in one conversation.

    usage: switchboard <command> [options]

    commands:
      serve         run the host (embedded SQLite in a data directory, plugins from a folder)
      plugins       list | enable ID | disable ID | upgrade ID [--path DIR] | pack | new | sdk
      channels      list | add ID --plugin P | configure ID | enable ID | disable ID | remove ID
      credentials   list | set ID | remove ID
      keys          list | create --name N --role R [--channels a,b] [--agent ID] [--data-requests] | rotate ID [--overlap S] | revoke ID
      agents        list | add --email E --name N [--role R] --password-stdin | deactivate ID
      knowledge     import FOLDER --collection ID | collections | search TEXT
      stacks        list | put FILE.json | get ID | remove ID | usage ID
      side          list CONVERSATION | start CONVERSATION … | show SIDE | reply SIDE --text T
      numbers       search | list | buy NUMBER --instance ID | adopt NUMBER --instance ID | release ID
      contacts      export ID [--wait] [--out FILE] | export-status EXPORT | erase ID --yes
      security      two-factor | require-two-factor ROLES | reset-two-factor AGENT | audit | retention | set-retention FILE
      store         migrate --from sqlite:PATH --to postgres://… (the host stopped): move the store to PostgreSQL

    Commands other than serve, `plugins pack` and `store` talk to a running host:
      --url URL         (or SWITCHBOARD_URL; default http://127.0.0.1:8080)
      --api-key KEY     (or SWITCHBOARD_API_KEY; default: the admin key in <data>/admin.key)
      --data DIR        where to find admin.key (default ./data)

    Run `switchboard <command> --help` for details.
    """

    static let serve = """
    usage: switchboard serve [options]

      --data DIR              data directory: database, plugin cache, admin.key (default ./data)
      --plugins DIR           folder of plugin folders, each with plugin.json (default ./plugins)
      --listen ADDR:PORT      where to listen (default 127.0.0.1:8080; port 0 picks a free port)
      --public-url URL        the address providers reach this host at (for webhook URLs)
      --durability full|normal  SQLite synchronous level (default full: survives power loss)
      --store URL             keep the store in PostgreSQL (postgres://user:password@host:port/database);
                              default: SQLite in the data directory
      --store-readers N       read connections to PostgreSQL open at most (default 16; a read waits when all are busy)
      --max-body BYTES        largest request body accepted (default 12582912)
      --max-connections N     open HTTP connections at most, chat widget streams included (default 16384;
                              raise the open-files limit, ulimit -n, above it)
      --retry-base-ms N       first retry delay of a failed delivery (default 2000; doubles, with jitter)
      --retry-max-ms N        longest retry delay (default 300000)
      --max-attempts N        delivery attempts before a reply is marked failed (default 8)
      --deliver-timeout-ms N  bound on one plugin deliver() call; overrunning quarantines the instance (default 15000)
      --drain-timeout-ms N    how long disable/upgrade waits for in-flight calls (default 10000)
      --max-streams N         event streams (GET /api/v1/stream) open at once; more get 503 (default 1000)
      --stream-heartbeat-ms N keep-alive comment on an idle event stream after this long (default 15000)
      --log-level LEVEL       debug, info, warn or error (default info)
      --webhook-retry-base-ms N   first retry delay of a failed event webhook (default 60000; doubles, with jitter)
      --webhook-retry-max-ms N    longest event webhook retry delay (default 28800000, 8 hours)
      --webhook-max-attempts N    attempts at one event before it is dead-lettered (default 12: about a day)
      --webhook-timeout-ms N      bound on one webhook request (default 10000)
      --webhook-senders N         threads sending event webhooks (default 4)
      --allow-networks CIDR,…     networks event webhooks and stack tools may reach although not public (loopback, private,
                                  link-local, CGNAT, metadata addresses are refused otherwise), e.g. 10.1.0.0/16
      --trusted-proxies CIDR,…    reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed
      --http-loops N          event-loop threads reading and writing every HTTP connection (default 2)
      --http-workers N        threads running HTTP handlers that may block (default 32)
      --http-inline on|off    run the handlers of plugin routes declared non-blocking on the event loop (default off)
      --web DIR               serve the web app (/app) from DIR instead of the copy built into the binary (for app development)
      --vapid-subject URI     the contact Web Push services see (mailto: or https:; default mailto:admin@localhost)
      --push-retry-base-ms N  first retry delay of a failed Web Push (default 30000; doubles, with jitter)
      --push-max-attempts N   attempts at one Web Push before it is logged as failed (default 8)
      --mail-batch-ms N       how long a notification mail waits for others to join it (default 60000)
      --mail-retry-base-ms N  first retry delay of a notification mail the SMTP server refused (default 60000)
      --lease-ttl-ms N        how long a dead host's leases (sweeps, webhook deliveries) outlive it (default 30000)
      --config-poll-ms N      how often to catch up with plugin, channel and settings changes other hosts made (default 250)
      --shared-files DIR      keep the files the host writes (exports) in DIR, a directory all hosts on one
                              database mount at the same path, instead of the data directory
      --triage-retry-base-ms N  first retry delay when triage's chat-completions engine fails (default 10000; doubles, with jitter)
      --clock-offset-days N   run retention, export expiry and notification digests N days ahead of the wall clock (to try policies out; tests)

    The agents' web app is at /app. On first start an admin API key is written to <data>/admin.key (mode 0600).
    """

    static let plugins = """
    usage: switchboard plugins <list | enable ID | disable ID | upgrade ID [--path DIR] | run ID OPERATION | pack | new | sdk>

      list              every plugin with version, checksum, on/off state and load error
      enable ID         start the plugin's enabled channel instances
      disable ID        stop routing to it, drain in-flight calls, stop its instances
      upgrade ID        load the build now in its folder (or --path DIR), start it, swap, drain the old
      run ID OPERATION [--args JSON|@FILE]
                        run one of the plugin's admin operations (scope plugin) and print its JSON
                        answer (GET /api/v1/plugins/ID lists them: admin_operations)
      pack --manifest FILE --library FILE --out DIR
                        write DIR/plugin.json (with the library's sha256) and copy the library:
                        a folder ready to drop into the plugins directory
      new --lang c|swift NAME [--dir DIR] [--switchboard CHECKOUT]
                        scaffold a plugin outside this repository: manifest, a working echo channel,
                        Makefile (C) or Package.swift depending on PluginKit by path (Swift), README,
                        a fake provider and (C) a test harness; DIR defaults to ./NAME
      sdk DIR           write the plugin header, a pkg-config file (switchboard-plugin) and the host's
                        C services library (for C test harnesses) under DIR
    """

    static let channels = """
    usage: switchboard channels <subcommand>

      list
      add ID --plugin PLUGIN [--name NAME] [--config JSON|@FILE] [--stack STACK [--drafts] | --team TEAM] [--disabled] [--take-over]
          [--setup OPERATION [--args JSON|@FILE]]
      configure ID [--name NAME] [--config JSON|@FILE] [--stack STACK [--drafts] | --team TEAM] [--take-over]
      enable ID [--take-over] | disable ID | remove ID
      run ID OPERATION [--args JSON|@FILE]

    --setup runs one of the plugin's admin operations (scope instance, such as the sms plugin's
    number.buy) in the step that creates the instance; if it fails, nothing is kept. `run` runs one
    on a running instance and prints its JSON answer.

    --take-over moves an exclusive asset (a Facebook Page, an Instagram account, a number) that
    another instance holds to this one; that instance stops as "disconnected".
    """

    static let credentials = """
    usage: switchboard credentials <list | set ID (--secret S | --secret-stdin) [--description D] | remove ID>

    Channel configuration names secrets by credential ID; values are never listed.
    """

    static let keys = """
    usage: switchboard keys <list | create --name N --role admin|agent|integrator [--channels a,b] [--agent ID] [--data-requests] | rotate ID [--overlap SECONDS] | revoke ID>
      --data-requests   an integrator key that may export and erase contacts (admin keys always may)
      rotate ID         a new value for the key (printed once); the old one works --overlap seconds more (default 3600, 0 to 604800)

    An agent key acts for one agent (--agent ID, required for --role agent), with that agent's role.
    """

    static let agents = """
    usage: switchboard agents <subcommand>

      list                       active agents: id, role, availability, handle, email
      add --email E --name N [--role admin|agent] [--handle H] [--capacity N] [--skills a,b] [--password-stdin]
                                 create an agent (role agent by default); --password-stdin reads the
                                 password (at least 10 characters) from the first line of standard input
      deactivate ID              end the agent's sessions and tokens; they can no longer sign in

    The first human admin: switchboard agents add --email you@example.com --name "You" --role admin --password-stdin
    Then sign in to the web app, or create a personal token with POST /api/v1/agents/{id}/tokens.
    """
}

enum Commands {
    static func serve(_ args: Arguments) throws {
        if args.wantsHelp { print(Help.serve); return }
        var config = HostConfiguration()
        if let v = args.option("data") { config.dataDirectory = v }
        if let v = args.option("plugins") { config.pluginsDirectory = v }
        if let v = args.option("listen") {
            guard let colon = v.lastIndex(of: ":"), let port = UInt16(v[v.index(after: colon)...]) else {
                throw CLIError("--listen must be ADDRESS:PORT, for example 127.0.0.1:8080")
            }
            config.http.bindAddress = String(v[..<colon])
            config.http.port = port
        }
        config.publicBaseURL = args.option("public-url")
        if let v = args.option("store") {
            guard case .postgres(let url)? = StoreLocation.postgres(url: v) else {
                throw CLIError("--store must be a postgres:// or postgresql:// connection URL")
            }
            config.postgresStore = url
        }
        if let v = args.option("durability") {
            guard let d = Durability(rawValue: v.uppercased()) else { throw CLIError("--durability must be full or normal") }
            config.durability = d
        }
        func int(_ name: String) throws -> Int? {
            guard let raw = args.option(name) else { return nil }
            guard let value = Int(raw), value >= 0 else { throw CLIError("--\(name) must be a whole number") }
            return value
        }
        if let v = try int("max-body") { config.http.maxBodyBytes = v }
        if let v = try int("store-readers") { config.storeReaders = max(1, v) }
        if let v = try int("max-connections") { config.http.connectionLimit = UInt32(clamping: max(16, v)) }
        if let v = try int("retry-base-ms") { config.retry.baseDelayMs = max(1, v) }
        if let v = try int("retry-max-ms") { config.retry.maxDelayMs = max(1, v) }
        if let v = try int("max-attempts") { config.retry.maxAttempts = max(1, v) }
        if let v = try int("deliver-timeout-ms") { config.deliverTimeoutMs = max(100, v) }
        if let v = try int("drain-timeout-ms") { config.drainTimeoutMs = v }
        if let v = try int("http-loops") { config.http.loopThreads = UInt32(clamping: min(64, max(1, v))) }
        if let v = try int("http-workers") { config.http.workerThreads = UInt32(clamping: min(1024, max(1, v))) }
        if let v = args.option("http-inline") {
            guard v == "on" || v == "off" else { throw CLIError("--http-inline must be on or off") }
            config.http.inlineHandlers = v == "on"
        }
        if let v = try int("max-streams") { config.streams.maxStreams = v }
        if let v = try int("stream-heartbeat-ms") { config.streams.heartbeatMs = max(100, v) }
        if let v = try int("webhook-retry-base-ms") { config.webhookRetry.baseDelayMs = max(1, v) }
        if let v = try int("webhook-retry-max-ms") { config.webhookRetry.maxDelayMs = max(1, v) }
        if let v = try int("webhook-max-attempts") { config.webhookRetry.maxAttempts = max(1, v) }
        if let v = try int("webhook-timeout-ms") { config.webhookTimeoutMs = max(100, v) }
        if let v = try int("webhook-senders") { config.webhookSenders = max(1, v) }
        func networks(_ name: String) throws -> [IPNetwork] {
            guard let raw = args.option(name) else { return [] }
            switch IPNetwork.list(raw) {
            case .success(let networks): return networks
            case .failure(let error): throw CLIError("--\(name): \(error)")
            }
        }
        config.networkGuard = NetworkGuard(allowed: try networks("allow-networks"))
        config.http.trustedProxies = try networks("trusted-proxies")
        if let v = try int("clock-offset-days") { config.clockOffsetMs = Int64(v) * 86_400_000 }
        if let v = args.option("vapid-subject") {
            guard v.hasPrefix("mailto:") || v.hasPrefix("https://") else { throw CLIError("--vapid-subject must be a mailto: or https: URI") }
            config.vapidSubject = v
        }
        if let v = try int("push-retry-base-ms") { config.pushRetry.baseDelayMs = max(1, v) }
        if let v = try int("push-max-attempts") { config.pushRetry.maxAttempts = max(1, v) }
        if let v = try int("mail-batch-ms") { config.mailBatchMs = v }
        if let v = try int("mail-retry-base-ms") { config.mailRetry.baseDelayMs = max(1, v) }
        if let v = try int("lease-ttl-ms") { config.leaseTTLMs = Int64(max(300, v)) }
        if let v = try int("config-poll-ms") { config.configPollMs = min(max(10, v), 60_000) }
        if let v = args.option("shared-files") { config.sharedFilesDirectory = FileSystem.absolute(v) }
        if let v = try int("triage-retry-base-ms") { config.triageRetry.baseDelayMs = max(1, v) }
        if let v = args.option("web") {
            guard FileSystem.exists(v + "/index.html") else { throw CLIError("--web: \(v) holds no index.html") }
            config.webFolder = FileSystem.absolute(v)
        }
        if let v = args.option("log-level") {
            guard let level = ["debug": LogLevel.debug, "info": .info, "warn": .warn, "error": .error][v] else {
                throw CLIError("--log-level must be debug, info, warn or error")
            }
            config.logLevel = level
        }
        let host = try SwitchboardHost.start(config)
        // The port line is what scripts and tests wait for.
        print("switchboard listening on http://\(config.http.bindAddress):\(host.port)")
        fflush(nil)
        ShutdownSignal.wait()
        host.shutdown()
    }

    static func plugins(_ args: Arguments) throws {
        if args.wantsHelp || args.positional.count < 2 { print(Help.plugins); return }
        let sub = args.positional[1]
        if sub == "pack" { return try pack(args) }
        if sub == "new" { return try PluginScaffold.new(args) }
        if sub == "sdk" { return try PluginScaffold.sdk(args) }
        let client = try AdminClient(args)
        switch sub {
        case "list":
            let list = try client.call("GET", "/api/v1/plugins")["plugins"]?.arrayValue ?? []
            print(pad(["ID", "VERSION", "ENABLED", "SHA256", "ERROR"]))
            for p in list {
                print(pad([p["id"]?.stringValue ?? "", p["version"]?.stringValue ?? "-", p["enabled"]?.boolValue == true ? "yes" : "no",
                           String((p["sha256"]?.stringValue ?? "-").prefix(12)), p["error"]?.stringValue ?? ""]))
            }
        case "enable", "disable":
            let id = try args.word(2, "plugin ID")
            _ = try client.call("POST", "/api/v1/plugins/\(id)/\(sub)")
            print("plugin \(id) \(sub)d")
        case "run":
            let id = try args.word(2, "plugin ID"), operation = try args.word(3, "operation")
            print(try client.call("POST", "/api/v1/plugins/\(id)/operations/\(operation)", .object(try operationArgs(args))).serialized)
        case "upgrade":
            let id = try args.word(2, "plugin ID")
            let body: JSON? = args.option("path").map { ["path": .string(FileSystem.absolute($0))] }
            let result = try client.call("POST", "/api/v1/plugins/\(id)/upgrade", body ?? [:])
            print("plugin \(id) now runs \(result["version"]?.stringValue ?? "?") (sha256 \(String((result["sha256"]?.stringValue ?? "").prefix(12))))")
        default:
            throw CLIError("unknown plugins subcommand \(sub)\n\n\(Help.plugins)")
        }
    }

    /// Ready a plugin folder: manifest with the library's checksum, and the library beside it.
    static func pack(_ args: Arguments) throws {
        guard let manifestPath = args.option("manifest"), let libraryPath = args.option("library"), let out = args.option("out") else {
            throw CLIError("pack needs --manifest FILE --library FILE --out DIR")
        }
        guard let text = FileSystem.readText(manifestPath), case .object(var manifest) = try JSON.parse(text) else {
            throw CLIError("\(manifestPath): not a JSON object")
        }
        guard let library = FileSystem.readBytes(libraryPath) else { throw CLIError("\(libraryPath): cannot read") }
        guard let name = manifest["library"]?.stringValue else { throw CLIError("\(manifestPath): no \"library\"") }
        manifest["sha256"] = .string(Crypto.sha256Hex(library))
        _ = try PluginManifest(json: JSON.object(manifest).serialized)   // refuse to pack what the host would refuse
        try FileSystem.writeAtomically(library, to: "\(out)/\(name)", mode: 0o755)
        try FileSystem.writeAtomically(Array((JSON.object(manifest).serialized + "\n").utf8), to: "\(out)/plugin.json")
        print("packed \(manifest["id"]?.stringValue ?? "?") into \(out)")
    }

    static func channels(_ args: Arguments) throws {
        if args.wantsHelp || args.positional.count < 2 { print(Help.channels); return }
        let client = try AdminClient(args)
        let sub = args.positional[1]
        switch sub {
        case "list":
            let list = try client.call("GET", "/api/v1/channels")["channels"]?.arrayValue ?? []
            print(pad(["ID", "PLUGIN", "STATE", "BINDING", "REASON"]))
            for c in list {
                let binding = "\(c["binding"]?["kind"]?.stringValue ?? ""):\(c["binding"]?["ref"]?.stringValue ?? "-")"
                print(pad([c["id"]?.stringValue ?? "", c["plugin_id"]?.stringValue ?? "", c["state"]?.stringValue ?? "", binding,
                           c["reason"]?.stringValue ?? ""]))
            }
        case "add", "configure":
            let id = try args.word(2, "channel instance ID")
            var body = JSONObject()
            if sub == "add" {
                body["id"] = .string(id)
                guard let plugin = args.option("plugin") else { throw CLIError("add needs --plugin PLUGIN") }
                body["plugin_id"] = .string(plugin)
                if args.flag("disabled") { body["enabled"] = false }
            }
            if let name = args.option("name") { body["name"] = .string(name) }
            if let config = args.option("config") {
                let text = config.hasPrefix("@") ? FileSystem.readText(String(config.dropFirst())) ?? "" : config
                do { body["config"] = try JSON.parse(text) } catch { throw CLIError("--config is not valid JSON: \(error)") }
            }
            if let stack = args.option("stack") {
                // --drafts: draft mode, the stack's replies wait for people to approve them.
                body["binding"] = ["kind": "stack", "ref": .string(stack), "mode": args.flag("drafts") ? "draft" : "answer"]
            } else if args.flag("drafts") {
                throw CLIError("--drafts goes with --stack STACK")
            }
            if let team = args.option("team") { body["binding"] = ["kind": "team", "ref": .string(team)] }
            if args.flag("take-over") { body["take_over"] = true }
            if sub == "add", let setup = args.option("setup") { body["setup"] = ["operation": .string(setup), "args": .object(try operationArgs(args))] }
            let result = try client.call(sub == "add" ? "POST" : "PATCH", sub == "add" ? "/api/v1/channels" : "/api/v1/channels/\(id)", .object(body))
            print("channel \(id): \(result["state"]?.stringValue ?? "?")\(result["reason"]?.stringValue.map { " (\($0))" } ?? "")")
            if let setup = result["setup"] { print("setup \(setup["operation"]?.stringValue ?? ""): \(setup["result"]?.serialized ?? "{}")") }
        case "run":
            let id = try args.word(2, "channel instance ID"), operation = try args.word(3, "operation")
            print(try client.call("POST", "/api/v1/channels/\(id)/operations/\(operation)", .object(try operationArgs(args))).serialized)
        case "enable", "disable":
            let id = try args.word(2, "channel instance ID")
            let takeOver = sub == "enable" && args.flag("take-over") ? "?take_over=true" : ""
            let result = try client.call("POST", "/api/v1/channels/\(id)/\(sub)\(takeOver)")
            print("channel \(id): \(result["state"]?.stringValue ?? "?")")
        case "remove":
            let id = try args.word(2, "channel instance ID")
            _ = try client.call("DELETE", "/api/v1/channels/\(id)")
            print("channel \(id) removed")
        default:
            throw CLIError("unknown channels subcommand \(sub)\n\n\(Help.channels)")
        }
    }

    /// An admin operation's arguments: --args JSON (or @FILE), a JSON object; none is {}.
    static func operationArgs(_ args: Arguments) throws -> JSONObject {
        guard let raw = args.option("args") else { return JSONObject() }
        let text = raw.hasPrefix("@") ? FileSystem.readText(String(raw.dropFirst())) ?? "" : raw
        guard let object = (try? JSON.parse(text))?.objectValue else { throw CLIError("--args is not a JSON object") }
        return object
    }

    static func credentials(_ args: Arguments) throws {
        if args.wantsHelp || args.positional.count < 2 { print(Help.credentials); return }
        let client = try AdminClient(args)
        switch args.positional[1] {
        case "list":
            for c in try client.call("GET", "/api/v1/credentials")["credentials"]?.arrayValue ?? [] {
                print("\(c["id"]?.stringValue ?? "")\t\(c["description"]?.stringValue ?? "")")
            }
        case "set":
            let id = try args.word(2, "credential ID")
            var secret = args.option("secret")
            if args.flag("secret-stdin") { secret = readLine(strippingNewline: true) }
            guard let secret, !secret.isEmpty else { throw CLIError("set needs --secret S or --secret-stdin") }
            _ = try client.call("PUT", "/api/v1/credentials/\(id)", ["secret": .string(secret), "description": .string(args.option("description") ?? "")])
            print("credential \(id) stored")
        case "remove":
            let id = try args.word(2, "credential ID")
            _ = try client.call("DELETE", "/api/v1/credentials/\(id)")
            print("credential \(id) removed")
        default:
            throw CLIError(Help.credentials)
        }
    }

    static func keys(_ args: Arguments) throws {
        if args.wantsHelp || args.positional.count < 2 { print(Help.keys); return }
        let client = try AdminClient(args)
        switch args.positional[1] {
        case "list":
            for k in try client.call("GET", "/api/v1/api-keys")["api_keys"]?.arrayValue ?? [] {
                print("\(k["id"]?.stringValue ?? "")\t\(k["role"]?.stringValue ?? "")\t\(k["name"]?.stringValue ?? "")")
            }
        case "create":
            guard let name = args.option("name"), let role = args.option("role") else { throw CLIError("create needs --name and --role") }
            let channels = (args.option("channels") ?? "").split(separator: ",").map { JSON.string(String($0)) }
            var body: JSONObject = ["name": .string(name), "role": .string(role), "channel_instance_ids": .array(channels)]
            if let agent = args.option("agent") { body["agent_id"] = .string(agent) }
            if args.flag("data-requests") { body["data_requests"] = true }
            let result = try client.call("POST", "/api/v1/api-keys", .object(body))
            print(result["key"]?.stringValue ?? "")
        case "rotate":
            let id = try args.word(2, "key ID")
            var body = JSONObject()
            if let raw = args.option("overlap") {
                guard let seconds = Int(raw), seconds >= 0 else { throw CLIError("--overlap must be a whole number of seconds") }
                body["previous_valid_for_seconds"] = .from(seconds)
            }
            let result = try client.call("POST", "/api/v1/api-keys/\(id)/rotate", .object(body))
            print(result["key"]?.stringValue ?? "")
            print("the old key works until \(result["previous_expires_at"]?.stringValue ?? "now")")
        case "revoke":
            let id = try args.word(2, "key ID")
            _ = try client.call("DELETE", "/api/v1/api-keys/\(id)")
            print("key \(id) revoked")
        default:
            throw CLIError(Help.keys)
        }
    }

    static func agents(_ args: Arguments) throws {
        if args.wantsHelp || args.positional.count < 2 { print(Help.agents); return }
        let client = try AdminClient(args)
        switch args.positional[1] {
        case "list":
            for a in try client.call("GET", "/api/v1/agents")["agents"]?.arrayValue ?? [] {
                print(["id", "role", "availability", "handle", "email"].map { a[$0]?.stringValue ?? "" }.joined(separator: "\t"))
            }
        case "add":
            guard let email = args.option("email"), let name = args.option("name") else { throw CLIError("add needs --email and --name") }
            var body: JSONObject = ["email": .string(email), "name": .string(name), "role": .string(args.option("role") ?? "agent")]
            if let handle = args.option("handle") { body["handle"] = .string(handle) }
            if let raw = args.option("capacity") {
                guard let capacity = Int(raw) else { throw CLIError("--capacity must be a whole number") }
                body["capacity"] = .number(Double(capacity))
            }
            if let skills = args.option("skills") { body["skills"] = .array(skills.split(separator: ",").map { .string(String($0)) }) }
            if args.flag("password-stdin") {
                // One line, as typed or piped; never an argument (it would show in ps and shell history).
                guard let password = readLine(strippingNewline: true), !password.isEmpty else { throw CLIError("--password-stdin: no password on standard input") }
                body["password"] = .string(password)
            }
            let agent = try client.call("POST", "/api/v1/agents", .object(body))
            print("agent \(agent["id"]?.stringValue ?? "?") (@\(agent["handle"]?.stringValue ?? "?"), \(agent["role"]?.stringValue ?? "?")) created")
        case "deactivate":
            let id = try args.word(2, "agent ID")
            _ = try client.call("DELETE", "/api/v1/agents/\(id)")
            print("agent \(id) deactivated")
        default:
            throw CLIError(Help.agents)
        }
    }

    static func pad(_ columns: [String]) -> String {
        let widths = [22, 12, 16, 22, 0]
        return zip(columns, widths).map { c, w in w == 0 || c.count >= w ? c + " " : c + String(repeating: " ", count: w - c.count) }.joined()
    }
}
