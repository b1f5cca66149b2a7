import SwitchboardSupport

extension Help {
    static let numbers = """
    usage: switchboard numbers <subcommand>

    Phone numbers of a Twilio account, through the sms plugin's admin operations (--plugin P for
    another plugin offering the same operations). The account is an existing instance's
    (--account-from ID) or given: --account-sid AC… --token-credential ID [--api-key-sid SK…
    --api-key-credential ID] [--api-base-url URL].

      search [--country US] [--type Local|Mobile|TollFree] [--area-code 415] [--contains 555]
             [--sms] [--mms] [--voice] [--limit N]
                        numbers Twilio has for sale
      list              the account's numbers, with the instance each one's SmsUrl points at
      buy NUMBER --instance ID [--stack S | --team T] [--name N] [--config JSON]
                        buys NUMBER and creates its channel instance, bound to the stack or team,
                        in one step (--config adds settings such as switch_intro)
      adopt NUMBER --instance ID [--stack S | --team T] [--name N] [--config JSON]
                        the same for a number the account owns: its SmsUrl is pointed here
      release ID        gives instance ID's number back to Twilio and removes the instance
                        (its conversations stay)
    """
}

/// `switchboard numbers …`: the plugin's number operations (ABI 1.3 admin operations) over the
/// admin REST API; buy and adopt create the instance with the operation as its setup.
enum NumberCommands {
    /// The configuration keys that name a Twilio account, as instances and operations spell them.
    static let accountKeys = ["account_sid", "auth_token_credential", "api_key_sid", "api_key_secret_credential", "api_base_url"]

    static func numbers(_ args: Arguments) throws {
        if args.wantsHelp || args.positional.count < 2 { print(Help.numbers); return }
        let client = try AdminClient(args)
        let plugin = args.option("plugin") ?? "sms"
        switch args.positional[1] {
        case "search":
            var body = try account(args, client)
            for (option, key) in [("country", "country"), ("type", "type"), ("area-code", "area_code"), ("contains", "contains")] {
                if let value = args.option(option) { body[key] = .string(value) }
            }
            for capability in ["sms", "mms", "voice"] where args.flag(capability) { body[capability] = true }
            if let raw = args.option("limit") {
                guard let limit = Int(raw) else { throw CLIError("--limit must be a whole number") }
                body["limit"] = .number(Double(limit))
            }
            let found = try client.call("POST", "/api/v1/plugins/\(plugin)/operations/numbers.search", .object(body))
            print(Commands.pad(["NUMBER", "COUNTRY", "CAPABILITIES", "REGION"]))
            for n in found["numbers"]?.arrayValue ?? [] {
                print(Commands.pad([n["phone_number"]?.stringValue ?? "", n["iso_country"]?.stringValue ?? "", capabilities(n),
                                    n["region"]?.stringValue ?? ""]))
            }
        case "list":
            let owned = try client.call("POST", "/api/v1/plugins/\(plugin)/operations/numbers.list", .object(try account(args, client)))
            print(Commands.pad(["NUMBER", "INSTANCE", "CAPABILITIES", "SID", "SMS URL"]))
            for n in owned["numbers"]?.arrayValue ?? [] {
                print(Commands.pad([n["phone_number"]?.stringValue ?? "", n["instance_id"]?.stringValue ?? "-", capabilities(n),
                                    n["sid"]?.stringValue ?? "", n["sms_url"]?.stringValue ?? "-"]))
            }
        case "buy", "adopt":
            let sub = args.positional[1]
            let number = try args.word(2, "phone number (E.164, such as +14155550100)")
            guard let id = args.option("instance") else { throw CLIError("\(sub) needs --instance ID: the channel instance the number gets") }
            var config = try account(args, client)
            if let extra = args.option("config") {
                guard let object = (try? JSON.parse(extra))?.objectValue else { throw CLIError("--config is not a JSON object") }
                for (key, value) in object { config[key] = value }
            }
            config["phone_number"] = .string(number)
            var body: JSONObject = ["id": .string(id), "plugin_id": .string(plugin), "config": .object(config),
                                    "setup": ["operation": .string("number.\(sub)")]]
            if let name = args.option("name") { body["name"] = .string(name) }
            if let stack = args.option("stack") { body["binding"] = ["kind": "stack", "ref": .string(stack)] }
            if let team = args.option("team") { body["binding"] = ["kind": "team", "ref": .string(team)] }
            let created = try client.call("POST", "/api/v1/channels", .object(body))
            let result = created["setup"]?["result"]?["number"]
            print("\(sub == "buy" ? "bought" : "adopted") \(number) (\(result?["sid"]?.stringValue ?? "?")): channel \(id) \(created["state"]?.stringValue ?? "?"), "
                + "messages post to \(result?["sms_url"]?.stringValue ?? "?")")
        case "release":
            let id = try args.word(2, "channel instance ID")
            let released = try client.call("POST", "/api/v1/channels/\(FormURLEncoding.encodeComponent(id))/operations/number.release", .object([:]))
            let already = released["already_released"]?.boolValue == true ? " (Twilio no longer had it)" : ""
            print("released \(released["released"]?.stringValue ?? "?")\(already); channel \(id) removed")
        default:
            throw CLIError("unknown numbers subcommand \(args.positional[1])\n\n\(Help.numbers)")
        }
    }

    /// The account's keys: copied from --account-from's configuration, or from the options.
    static func account(_ args: Arguments, _ client: AdminClient) throws -> JSONObject {
        var account = JSONObject()
        if let from = args.option("account-from") {
            let instance = try client.call("GET", "/api/v1/channels/\(FormURLEncoding.encodeComponent(from))")
            for key in accountKeys { if let value = instance["config"]?[key] { account[key] = value } }
        }
        for (option, key) in [("account-sid", "account_sid"), ("token-credential", "auth_token_credential"), ("api-key-sid", "api_key_sid"),
                              ("api-key-credential", "api_key_secret_credential"), ("api-base-url", "api_base_url")] {
            if let value = args.option(option) { account[key] = .string(value) }
        }
        guard account["account_sid"] != nil else { throw CLIError("name the Twilio account: --account-from ID, or --account-sid AC… --token-credential ID") }
        return account
    }

    static func capabilities(_ number: JSON) -> String {
        ["sms", "mms", "voice"].filter { number["capabilities"]?[$0]?.boolValue == true }.joined(separator: ",")
    }
}
