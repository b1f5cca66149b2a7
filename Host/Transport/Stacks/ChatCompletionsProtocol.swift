import SwitchboardDomain
import SwitchboardSupport

/// The OpenAI chat-completions wire format (POST {base}/chat/completions), as far as a stack uses it:
/// system + conversation messages, function tools, tool calls and their results, token usage.
enum ChatCompletionsProtocol {
    /// A tool call the model asked for.
    struct ToolCall: Equatable {
        var id: String
        var name: String
        /// The arguments object; the model sends it as a JSON string.
        var arguments: JSONObject
    }

    /// One parsed response.
    struct Reply: Equatable {
        /// The assistant message exactly as received, to send back before the tool results.
        var message: JSON
        var content: String?
        var toolCalls: [ToolCall]
        var totalTokens: Int
    }

    static let handOverTool = "hand_over"

    static func requestBody(settings: ChatCompletionsSettings, messages: [JSON], tools: [JSON]) -> JSON {
        var body: JSONObject = ["model": .string(settings.model), "messages": .array(messages)]
        if !tools.isEmpty {
            body["tools"] = .array(tools)
            body["tool_choice"] = "auto"
        }
        if let t = settings.temperature { body["temperature"] = .number(t) }
        if let m = settings.maxTokens { body["max_tokens"] = .from(m) }
        return .object(body)
    }

    /// The system message: who the stack is, how to behave, and the passages to answer from.
    /// It never carries a credential: those go only in the Authorization header.
    static func systemMessage(_ request: EngineRequest) -> JSON {
        var text = """
            You are \(request.stack.name), a customer-support assistant. Answer the customer's latest messages briefly, \
            using only the knowledge passages below and what your tools return. If they do not answer the question, \
            or the customer needs a person, call the \(handOverTool) function instead of guessing.
            """
        if let channel = request.channel {
            text += "\n" + channel.rule.line + "\n" + channel.rule.guidance
            if !channel.actions.isEmpty {
                text += "\nChannel actions you may take here: " + channel.actions.map(\.name).joined(separator: ", ") + "."
            }
        }
        if let topic = request.guess.topic {
            text += "\nDetected topic: \(topic) (confidence \(HandoverReason.format(request.guess.confidence)))."
        }
        if request.passages.isEmpty {
            text += "\nKnowledge passages: none matched."
        } else {
            text += "\nKnowledge passages:"
            for (i, p) in request.passages.enumerated() {
                text += "\n[\(i + 1)] \(p.title)\(p.heading.isEmpty || p.heading == p.title ? "" : " — \(p.heading)")\n\(p.text)"
            }
        }
        return ["role": "system", "content": .string(text)]
    }

    /// The conversation as chat messages: the customer is the user, the stack and agents the assistant.
    static func conversationMessages(_ input: TurnInput) -> [JSON] {
        input.history.compactMap { m in
            let text = m.text.isEmpty ? (m.attachmentsJSON == nil ? "" : "[attachment]") : m.text
            guard !text.isEmpty else { return nil }
            return ["role": .string(m.direction == .inbound ? "user" : "assistant"), "content": .string(text)]
        }
    }

    /// The stack's tools, then the delivering channel's actions (their own schemas; a name the
    /// stack's tools already use is left out), then hand_over.
    static func toolSpecs(_ stack: StackDefinition, channel: TurnChannel?) -> [JSON] {
        var specs = Array(toolSpecs(stack).dropLast())
        for action in channel?.actions ?? [] where stack.tool(named: action.name) == nil && action.name != handOverTool {
            specs.append(["type": "function", "function": ["name": .string(action.name), "description": .string(action.description),
                                                           "parameters": action.arguments.schema]])
        }
        specs.append(handOverSpec)
        return specs
    }

    static let handOverSpec = function(handOverTool, "Pass the conversation to a human agent, with the reason.",
                                       ["reason": ["type": "string", "description": "Why a person should take over"]], required: ["reason"])

    static func toolSpecs(_ stack: StackDefinition) -> [JSON] {
        var specs: [JSON] = stack.tools.map { tool in
            switch tool.kind {
            case .orderLookup:
                function(tool.name, "Look up one of the customer's orders by its order number: status, shipping, delivery.",
                         ["order_id": ["type": "string", "description": "The order number, e.g. A-1001"]],
                         required: tool.url == nil ? [] : ["order_id"])
            }
        }
        specs.append(handOverSpec)
        return specs
    }

    static func function(_ name: String, _ description: String, _ properties: JSONObject, required: [String]) -> JSON {
        ["type": "function", "function": ["name": .string(name), "description": .string(description),
                                          "parameters": ["type": "object", "properties": .object(properties),
                                                         "required": .array(required.map(JSON.string))]]]
    }

    static func toolResultMessage(callID: String, result: JSON) -> JSON {
        ["role": "tool", "tool_call_id": .string(callID), "content": .string(result.serialized)]
    }

    /// POST one request to {base}/chat/completions within `timeoutMs`, the key only in the
    /// Authorization header; the parsed reply, or why there is none.
    static func post(_ body: JSON, settings: ChatCompletionsSettings, key: String, timeoutMs: Int) -> Result<Reply, EngineFailure> {
        let response: HTTPClientResponse
        do {
            response = try HTTPClient.perform(HTTPClientRequest(
                method: "POST", url: settings.baseURL + "/chat/completions",
                headers: [("Authorization", "Bearer \(key)"), ("Content-Type", "application/json"), ("Accept", "application/json")],
                body: Array(body.serialized.utf8), timeoutMs: timeoutMs, connectTimeoutMs: min(3000, timeoutMs)))
        } catch {
            if case .timeout = error { return .failure(EngineFailure(reason: "timed out after \(settings.timeoutMs) ms")) }
            return .failure(EngineFailure(reason: "the endpoint could not be reached: \(error)"))
        }
        guard (200..<300).contains(response.status) else {
            return .failure(EngineFailure(reason: errorReason(status: response.status, body: response.body)))
        }
        return parse(response.body)
    }

    /// Parse a 2xx response body; a failure names what is wrong with it.
    static func parse(_ body: [UInt8]) -> Result<Reply, EngineFailure> {
        guard let root = try? JSON.parse(body), root.objectValue != nil else { return .failure(EngineFailure(reason: "the answer is not a JSON object")) }
        guard let message = root["choices"]?.arrayValue?.first?["message"], message.objectValue != nil else {
            return .failure(EngineFailure(reason: "the answer has no choices[0].message"))
        }
        var calls: [ToolCall] = []
        for (i, call) in (message["tool_calls"]?.arrayValue ?? []).enumerated() {
            guard let id = call["id"]?.stringValue, let name = call["function"]?["name"]?.stringValue else {
                return .failure(EngineFailure(reason: "tool_calls[\(i)] lacks id or function.name"))
            }
            let raw = call["function"]?["arguments"]?.stringValue ?? "{}"
            guard let arguments = (try? JSON.parse(raw))?.objectValue else {
                return .failure(EngineFailure(reason: "tool_calls[\(i)].function.arguments is not a JSON object"))
            }
            calls.append(ToolCall(id: id, name: name, arguments: arguments))
        }
        return .success(Reply(message: message, content: message["content"]?.stringValue, toolCalls: calls,
                              totalTokens: root["usage"]?["total_tokens"]?.intValue ?? 0))
    }

    /// A short reason from an error response: `{"error": {"message": ...}}` or the start of the body.
    static func errorReason(status: Int, body: [UInt8]) -> String {
        let parsed = try? JSON.parse(body)
        let message = parsed?["error"]?["message"]?.stringValue ?? parsed?["error"]?.stringValue
            ?? String(String(decoding: body, as: UTF8.self).prefix(200))
        return "HTTP \(status)" + (message.isEmpty ? "" : ": \(message.prefix(200))")
    }
}
