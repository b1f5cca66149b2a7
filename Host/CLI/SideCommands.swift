import SwitchboardSupport

extension Help {
    static let side = """
    usage: switchboard side <subcommand>

      list CONVERSATION                      the side conversations of a customer conversation
      start CONVERSATION --subject S --text T [--channel INSTANCE]
            (--to a@x.example,b@y.example [--cc c@z.example] [--cc-customer]    by email
             | --slack-users U123,bo@acme.example | --slack-channel C123)       over Slack (a DM, a group DM of up to 8, a channel)
      show SIDE                              its participants and every message, both ways
      reply SIDE --text T                    write in it (to its participants, never to the customer)
    """
}

/// `switchboard side …`: side conversations from the command line, through the same REST
/// endpoints (and the same `to`/`cc` or `slack` shapes) as the web app's panel.
enum SideCommands {
    static func side(_ args: Arguments) throws {
        if args.wantsHelp || args.positional.count < 2 { print(Help.side); return }
        let client = try AdminClient(args)
        switch args.positional[1] {
        case "list":
            let conversation = try args.word(2, "conversation ID")
            let list = try client.call("GET", "/api/v1/conversations/\(conversation)/side-conversations")["side_conversations"]?.arrayValue ?? []
            print(Commands.pad(["ID", "CHANNEL", "SUBJECT", "WITH"]))
            for s in list {
                print(Commands.pad([s["id"]?.stringValue ?? "", s["channel_instance_id"]?.stringValue ?? "", s["subject"]?.stringValue ?? "", with(s)]))
            }
        case "start":
            let conversation = try args.word(2, "conversation ID")
            let started = try client.call("POST", "/api/v1/conversations/\(conversation)/side-conversations", .object(try startBody(args)))
            print("started side conversation \(started["id"]?.stringValue ?? "?") via \(started["channel_instance_id"]?.stringValue ?? "?")")
        case "show":
            let side = try client.call("GET", "/api/v1/side-conversations/\(try args.word(2, "side conversation ID"))")
            print("\(side["subject"]?.stringValue ?? "") — with \(with(side)) via \(side["channel_instance_id"]?.stringValue ?? "")")
            for m in side["messages"]?.arrayValue ?? [] {
                let who = m["author_name"]?.stringValue ?? m["author_id"]?.stringValue ?? ""
                let state = m["direction"] == "outbound" ? " [\(m["delivery_status"]?.stringValue ?? "")\(m["delivery_detail"]?.stringValue.map { ": " + $0 } ?? "")]" : ""
                print("\(m["created_at"]?.stringValue ?? "") \(m["direction"]?.stringValue == "inbound" ? "<" : ">") \(who)\(state): \(m["text"]?.stringValue ?? "")")
            }
        case "reply":
            let id = try args.word(2, "side conversation ID")
            guard let text = args.option("text") else { throw CLIError("reply needs --text T") }
            let message = try client.call("POST", "/api/v1/side-conversations/\(id)/messages", ["text": .string(text)])
            print("queued message \(message["id"]?.intValue ?? 0)")
        case let other:
            throw CLIError("unknown side subcommand \(other)\n\n\(Help.side)")
        }
    }

    /// The REST body of a start: email participants, or a Slack target.
    static func startBody(_ args: Arguments) throws -> JSONObject {
        guard let subject = args.option("subject") else { throw CLIError("start needs --subject S") }
        guard let text = args.option("text") else { throw CLIError("start needs --text T") }
        var body: JSONObject = ["subject": .string(subject), "text": .string(text)]
        if let channel = args.option("channel") { body["channel_instance_id"] = .string(channel) }
        let list = { (name: String) in (args.option(name) ?? "").split(separator: ",").map { String($0).trimmingASCIIWhitespace() }.filter { !$0.isEmpty } }
        switch (args.option("to") != nil, args.option("slack-users") != nil, args.option("slack-channel")) {
        case (true, false, nil):
            body["to"] = .array(list("to").map { ["address": .string($0)] })
            if args.option("cc") != nil { body["cc"] = .array(list("cc").map { ["address": .string($0)] }) }
            if args.flag("cc-customer") { body["cc_customer"] = true }
        case (false, true, nil):
            body["slack"] = ["users": .array(list("slack-users").map(JSON.string))]
        case (false, false, let channel?):
            body["slack"] = ["channel": .string(channel)]
        default:
            throw CLIError("start needs one of --to (email), --slack-users or --slack-channel")
        }
        return body
    }

    private static func with(_ side: JSON) -> String {
        (side["participants"]?.arrayValue ?? []).map { $0["name"]?.stringValue ?? $0["address"]?.stringValue ?? "" }.joined(separator: ", ")
    }
}
