import SwitchboardDomain
import SwitchboardSupport

/// Runs a stack's tools. Every invocation comes back as a `ToolInvocation` (success or failure) for
/// the record; credentials are read by ID at call time and travel only in request headers, so they
/// never reach an argument, a result, a note or a log line.
struct StackToolRunner: Sendable {
    let store: Store
    /// Performs channel actions; set once the registry exists (it is built after the stacks).
    let channels: Locked<ChannelRegistry?>
    /// A tool's URL is the stack author's choice: it may reach only what the operator allows.
    var networkGuard = NetworkGuard()

    /// A channel action the model chose: its arguments checked against the action's schema first
    /// (a misfit is refused with the validation error and never reaches the plugin), then performed
    /// by the channel's plugin. `refused` tells the engine the arguments did not fit.
    func runAction(_ action: ChannelAction, arguments: JSONObject, request: EngineRequest) -> (call: ToolInvocation, refused: Bool) {
        let started = Clock.monotonicNanos()
        func done(_ ok: Bool, _ result: JSON) -> ToolInvocation {
            ToolInvocation(tool: action.name, arguments: arguments, ok: ok, result: result,
                           durationMs: Int((Clock.monotonicNanos() - started) / 1_000_000), channelAction: true)
        }
        let checked: JSONObject
        do { checked = try action.check(arguments) } catch {
            return (done(false, ["error": .string("\(error.field): \(error.message)"), "refused": true]), true)
        }
        guard let registry = channels.withLock({ $0 }) else { return (done(false, ["error": "channels are not available"]), false) }
        var (ok, result) = registry.perform(action, arguments: checked, conversation: request.conversation, stackName: request.stack.name,
                                            window: request.channel?.rule.window ?? .none)
        // What the action sent is part of the thread: agents see what the customer got and receipts find it.
        if ok, var answer = result.objectValue, let providerID = answer["provider_message_id"]?.stringValue, !providerID.isEmpty {
            let sent = action.sentMessage(checked)
            do {
                answer["message_id"] = .from(try store.recordActionMessage(conversationID: request.conversation.id, stackID: request.stack.id,
                                                                           text: sent.text, richJSON: sent.richJSON, providerMessageID: providerID))
            } catch {
                // Sent all the same, so still a success: the record says why the thread lacks it.
                answer["store_error"] = .string("the sent message could not be stored: \(error)")
            }
            result = .object(answer)
        }
        return (done(ok, result), false)
    }

    /// Run a tool; `deadline` (monotonic ms) bounds it by what is left of the turn's own deadline.
    func run(_ tool: StackTool, arguments: JSONObject, request: EngineRequest, deadline: Int64? = nil) -> ToolInvocation {
        let started = Clock.monotonicNanos()
        let timeoutMs = deadline.map { Int(max(1, min(Int64(tool.timeoutMs), $0 - Clock.monotonicMillis()))) } ?? tool.timeoutMs
        let (ok, result) = switch tool.kind {
        case .orderLookup: lookUpOrder(tool, arguments: arguments, request: request, timeoutMs: timeoutMs)
        }
        return ToolInvocation(tool: tool.name, arguments: arguments, ok: ok, result: result,
                              durationMs: Int((Clock.monotonicNanos() - started) / 1_000_000))
    }

    /// The order number the customer gave, else the one in the order the channel attached.
    static func orderID(_ request: EngineRequest) -> String? {
        OrderNumber.find(in: request.input.customerText)
            ?? orderContext(request).flatMap { $0["order_id"]?.stringValue ?? $0["id"]?.stringValue }
    }

    /// The order a channel attached to the conversation. The newest customer message's rich
    /// content of type "order" (an Amazon-style channel attaches the whole order with the message)
    /// keeps priority over the conversation's flat order fields when it is about the same order:
    /// it has the items and dates the fields only summarise. The fields win when they name another
    /// order (a person linked one by hand) or when the message's order was still pending and the
    /// channel has since set the fetched facts (`order_status` no longer "pending").
    static func orderContext(_ request: EngineRequest) -> JSON? {
        let fields = (try? JSON.parse(request.conversation.fieldsJSON))?.objectValue ?? JSONObject()
        if let order = fields["order"], order.objectValue != nil { return order }
        let attached = request.input.history.reversed().lazy.filter { $0.direction == .inbound }
            .compactMap { $0.richJSON.flatMap { try? JSON.parse($0) } }.first { $0["type"]?.stringValue == "order" }
        guard let fromFields = fieldsContext(fields) else { return attached }
        guard let attached else { return fromFields }
        let sameOrder = (attached["order_id"] ?? attached["id"]).flatMap(text) == fromFields["order_id"]?.stringValue
        let fetchedSince = attached["state"]?.stringValue == "pending" && fromFields["status"].flatMap(text).map { $0 != "pending" } == true
        return sameOrder && !fetchedSince ? attached : fromFields
    }

    /// The conversation's order fields as an order: `order_id`, and each `order_<fact>` field as
    /// `<fact>` (`order_status` → `status`), so the tool's answer reads alike from either source.
    static func fieldsContext(_ fields: JSONObject) -> JSON? {
        guard let id = fields["order_id"].flatMap(text), !id.isEmpty else { return nil }
        var order: JSONObject = ["order_id": .string(id)]
        for (key, value) in fields where key.hasPrefix("order_") && key != "order_id" { order[String(key.dropFirst("order_".count))] = value }
        return .object(order)
    }

    static func text(_ json: JSON) -> String? {
        switch json {
        case .string(let s): s
        case .number(let n): n == n.rounded() ? String(Int64(n)) : String(n)
        default: nil
        }
    }

    private func lookUpOrder(_ tool: StackTool, arguments: JSONObject, request: EngineRequest, timeoutMs: Int) -> (Bool, JSON) {
        let orderID = arguments["order_id"].flatMap(Self.text)
        guard let template = tool.url else {
            guard let context = Self.orderContext(request) else { return (false, ["error": "no order is attached to this conversation"]) }
            return (true, context)
        }
        guard let orderID, !orderID.isEmpty else { return (false, ["error": "order_id is required"]) }
        var headers = [("Accept", "application/json")]
        if let credential = tool.credential {
            guard let secret = try? store.credentialSecret(id: credential) else {
                return (false, ["error": .string("credential \(credential) is not stored")])
            }
            headers.append(("Authorization", "Bearer \(secret)"))
        }
        // Path-escaped: the form encoder's "+" for a space becomes %20 (a literal "+" was already %2B).
        let url = template.replacing("{order_id}", with: FormURLEncoding.encodeComponent(orderID).replacing("+", with: "%20"))
        do {
            let response = try HTTPClient.perform(HTTPClientRequest(method: "GET", url: url, headers: headers, timeoutMs: timeoutMs,
                                                                    connectTimeoutMs: min(3000, timeoutMs), addressGuard: networkGuard))
            switch response.status {
            case 200..<300:
                return (true, (try? JSON.parse(response.body)) ?? ["body": .string(String(response.text.prefix(2000)))])
            case 404:
                return (true, ["order_id": .string(orderID), "found": false])
            default:
                return (false, ["error": .string("the order service answered HTTP \(response.status)")])
            }
        } catch {
            return (false, ["error": .string("the order service could not be reached: \(error)")])
        }
    }
}
