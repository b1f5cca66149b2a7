import SwitchboardSupport

extension Help {
    static let contacts = """
    usage: switchboard contacts <subcommand>

      export ID [--wait] [--out FILE]   export a customer's data (a zip); --wait follows the job and prints the link,
                                        --out also downloads it (the link works without a key for 7 days)
      export-status EXPORT              an export's progress and link
      erase ID [--reason TEXT] --yes    erase the customer's personal data: irreversible (the anonymous record stays)
    """

    static let security = """
    usage: switchboard security <subcommand>

      two-factor                        who must sign in with a second factor
      require-two-factor ROLES          admin,agent (everyone), admin, agent, or none
      reset-two-factor AGENT            take an agent's second factor away (a lost phone); recorded in the audit trail
      audit [--subject S] [--limit N]   the audit trail, newest first
      retention                         the retention policy and the last pass's report
      set-retention FILE.json           replace the policy ({"rules": [...]}, see the operator guide)
      run-retention                     ask for a retention pass now
    """
}

/// `switchboard contacts …` and `switchboard security …`: data requests, two-factor policy, audit trail
/// and retention, through the same REST endpoints as the web app.
enum PrivacyCommands {
    static func contacts(_ args: Arguments) throws {
        if args.wantsHelp || args.positional.count < 2 { print(Help.contacts); return }
        let client = try AdminClient(args)
        switch args.positional[1] {
        case "export":
            let id = try args.word(2, "contact ID")
            var export = try client.call("POST", "/api/v1/contacts/\(id)/export")
            let exportID = export["id"]?.stringValue ?? ""
            print("export \(exportID) queued")
            guard args.flag("wait") || args.option("out") != nil else { return }
            for _ in 0..<600 where !["ready", "failed", "expired"].contains(export["status"]?.stringValue ?? "") {
                Clock.sleep(milliseconds: 500)
                export = try client.call("GET", "/api/v1/exports/\(exportID)")
            }
            try show(export, client)
            if let out = args.option("out"), let link = export["download_url"]?.stringValue {
                let response = try HTTPClient.perform(HTTPClientRequest(url: client.baseURL + link, timeoutMs: 120_000))
                guard response.status == 200 else { throw CLIError("download: HTTP \(response.status)") }
                try FileSystem.writeAtomically(response.body, to: out, mode: 0o600)
                print("saved \(out) (\(response.body.count) bytes)")
            }
        case "export-status":
            try show(try client.call("GET", "/api/v1/exports/\(try args.word(2, "export ID"))"), client)
        case "erase":
            let id = try args.word(2, "contact ID")
            guard args.flag("yes") else { throw CLIError("erasure cannot be undone: add --yes to erase contact \(id)") }
            var body: JSONObject = [:]
            if let reason = args.option("reason") { body["reason"] = .string(reason) }
            let report = try client.call("POST", "/api/v1/contacts/\(id)/erase", .object(body))
            print("erased contact \(id): \(report.serialized)")
        case let other:
            throw CLIError("unknown contacts subcommand \(other)\n\n\(Help.contacts)")
        }
    }

    static func security(_ args: Arguments) throws {
        if args.wantsHelp || args.positional.count < 2 { print(Help.security); return }
        let client = try AdminClient(args)
        switch args.positional[1] {
        case "two-factor":
            print(try client.call("GET", "/api/v1/settings/two-factor").serialized)
        case "require-two-factor":
            let word = try args.word(2, "roles (admin,agent | admin | agent | none)")
            let roles = word == "none" ? [] : word.split(separator: ",").map { JSON.string(String($0)) }
            print(try client.call("PUT", "/api/v1/settings/two-factor", ["required_roles": .array(roles)]).serialized)
        case "reset-two-factor":
            let agent = try args.word(2, "agent ID")
            let reset = try client.call("DELETE", "/api/v1/agents/\(agent)/two-factor")
            print(reset["had_second_factor"]?.boolValue == true ? "reset: \(agent) enrols again at the next sign-in" : "\(agent) had no second factor")
        case "audit":
            var path = "/api/v1/audit?limit=\(args.option("limit") ?? "50")"
            if let subject = args.option("subject") { path += "&subject=\(FormURLEncoding.encodeComponent(subject))" }
            print(Commands.pad(["WHEN", "ACTOR", "ACTION", "SUBJECT", "DETAIL"]))
            for e in try client.call("GET", path)["entries"]?.arrayValue ?? [] {
                print(Commands.pad([e["created_at"]?.stringValue ?? "", e["actor"]?.stringValue ?? "", e["action"]?.stringValue ?? "",
                                    e["subject"]?.stringValue ?? "", e["detail"]?.serialized ?? ""]))
            }
        case "retention":
            print(try client.call("GET", "/api/v1/settings/retention").serialized)
        case "set-retention":
            let file = try args.word(2, "policy file (JSON)")
            guard let text = FileSystem.readText(file), let policy = try? JSON.parse(text) else { throw CLIError("\(file) is not readable JSON") }
            print(try client.call("PUT", "/api/v1/settings/retention", policy).serialized)
        case "run-retention":
            _ = try client.call("POST", "/api/v1/settings/retention/run")
            print("retention pass scheduled: `switchboard security retention` shows its report")
        case let other:
            throw CLIError("unknown security subcommand \(other)\n\n\(Help.security)")
        }
    }

    private static func show(_ export: JSON, _ client: AdminClient) throws {
        let status = export["status"]?.stringValue ?? "?"
        var line = "export \(export["id"]?.stringValue ?? "?"): \(status) \(export["progress"]?.intValue ?? 0)%"
        if let link = export["download_url"]?.stringValue { line += "\n  \(client.baseURL + link)\n  expires \(export["expires_at"]?.stringValue ?? "")" }
        if let error = export["error"]?.stringValue { line += "\n  \(error)" }
        print(line)
    }
}
