import Foundation
import SwitchboardSupport
import SwitchboardTransport

/// A loopback OpenAI-compatible chat-completions server that enforces the real contract, so a
/// host that drifts from the protocol fails here rather than against the real endpoint:
/// POST /v1/chat/completions, `Authorization: Bearer <key>`, JSON; a known `model`; `messages`
/// with valid roles, where an assistant message with `tool_calls` is followed by one `tool`
/// message per call id (and tool messages answer only calls made); `tools` as function specs
/// with JSON-schema parameters; `tool_choice` one of auto/none/required. Errors use OpenAI's shape.
/// A script decides each answer from the validated request.
final class FakeChatCompletions: @unchecked Sendable {
    struct Request {
        var messages: [JSON]
        var tools: [JSON]
        var body: JSON
        var lastUserText: String { messages.last { $0["role"] == "user" }?["content"]?.stringValue ?? "" }
        var system: String { messages.first { $0["role"] == "system" }?["content"]?.stringValue ?? "" }
        var toolResults: [JSON] { messages.filter { $0["role"] == "tool" } }
        var toolNames: [String] { tools.compactMap { $0["function"]?["name"]?.stringValue } }
        /// The channel's output rule the host states in the system message (`Output rule: key=value; …`).
        var outputRule: [String: String] { FakeChatCompletions.outputRule(in: system) ?? [:] }
    }

    /// Every turn states the delivering channel's output rule: kind, what it renders, format, maximum length, reply window.
    static let ruleKeys = ["kind", "renders", "format", "max_length", "reply_window"]

    static func outputRule(in system: String) -> [String: String]? {
        guard let line = system.split(separator: "\n").first(where: { $0.hasPrefix("Output rule: ") }) else { return nil }
        var rule: [String: String] = [:]
        for part in line.dropFirst("Output rule: ".count).split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2 { rule[pair[0]] = pair[1] }
        }
        return rule
    }

    enum Answer {
        case content(String)
        case toolCalls([(name: String, arguments: JSON)])
        case status(Int, String)
        /// Sleep, then answer.
        indirect case delayed(milliseconds: Int, Answer)
    }

    let key: String
    let model: String
    /// Whether requests must state the channel's output rule (every stack turn does; triage's classification is no turn).
    let outputRuleRequired: Bool
    private var provider: FakeProvider!
    /// Requests that passed validation, in order.
    let requests = Locked<[Request]>([])
    /// Requests refused for breaking the contract (a test asserts there are none).
    let violations = Locked<[String]>([])
    var baseURL: String { provider.baseURL + "/v1" }

    init(key: String = "sk-test-key", model: String = "gpt-test", outputRuleRequired: Bool = true,
         script: @escaping @Sendable (Request) -> Answer) throws {
        self.key = key
        self.model = model
        self.outputRuleRequired = outputRuleRequired
        provider = try FakeProvider { [unowned self] received in self.handle(received, script: script) }
    }

    func stop() { provider.stop() }

    private func handle(_ r: FakeProvider.Received, script: (Request) -> Answer) -> HTTPResponse {
        switch validate(r) {
        case .failure(let refusal):
            violations.withLock { $0.append(refusal.message) }
            return refusal.response
        case .success(let request):
            requests.withLock { $0.append(request) }
            return respond(script(request))
        }
    }

    struct Refusal: Error {
        var status: Int
        var message: String
        var code: String?
        var response: HTTPResponse {
            .json(status, ["error": ["message": .string(message), "type": "invalid_request_error", "param": .null, "code": .from(code)]])
        }
    }

    private func validate(_ r: FakeProvider.Received) -> Result<Request, Refusal> {
        func refuse(_ status: Int, _ message: String, _ code: String? = nil) -> Result<Request, Refusal> {
            .failure(Refusal(status: status, message: message, code: code))
        }
        guard r.path == "/v1/chat/completions" else { return refuse(404, "Unknown request URL: \(r.method) \(r.path)", "unknown_url") }
        guard r.method == "POST" else { return refuse(405, "Method \(r.method) not allowed") }
        guard r.header("Authorization") == "Bearer \(key)" else { return refuse(401, "Incorrect API key provided", "invalid_api_key") }
        guard r.header("Content-Type")?.lowercased().hasPrefix("application/json") == true else { return refuse(400, "Content-Type must be application/json") }
        guard let body = try? JSON.parse(r.body), body.objectValue != nil else { return refuse(400, "We could not parse the JSON body of your request.") }
        guard let model = body["model"]?.stringValue else { return refuse(400, "you must provide a model parameter") }
        guard model == self.model else { return refuse(404, "The model `\(model)` does not exist", "model_not_found") }
        guard let messages = body["messages"]?.arrayValue, !messages.isEmpty else { return refuse(400, "'messages' must be a non-empty array") }
        var pending: [String] = []   // tool call ids awaiting their tool message
        for (i, m) in messages.enumerated() {
            guard let role = m["role"]?.stringValue else { return refuse(400, "messages[\(i)].role is required") }
            if !pending.isEmpty && role != "tool" {
                return refuse(400, "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. Missing: \(pending)")
            }
            switch role {
            case "system", "user":
                guard m["content"]?.stringValue != nil else { return refuse(400, "messages[\(i)].content must be a string") }
            case "assistant":
                let calls = m["tool_calls"]?.arrayValue ?? []
                guard m["content"]?.stringValue != nil || !calls.isEmpty else { return refuse(400, "messages[\(i)]: content or tool_calls is required") }
                for (j, call) in calls.enumerated() {
                    guard let id = call["id"]?.stringValue, call["type"] == "function", call["function"]?["name"]?.stringValue != nil,
                          let arguments = call["function"]?["arguments"]?.stringValue, (try? JSON.parse(arguments))?.objectValue != nil
                    else { return refuse(400, "messages[\(i)].tool_calls[\(j)] is malformed") }
                    pending.append(id)
                }
            case "tool":
                guard let id = m["tool_call_id"]?.stringValue, let at = pending.firstIndex(of: id) else {
                    return refuse(400, "messages[\(i)]: messages with role 'tool' must be a response to a preceding message with 'tool_calls'")
                }
                guard m["content"]?.stringValue != nil else { return refuse(400, "messages[\(i)].content must be a string") }
                pending.remove(at: at)
            default:
                return refuse(400, "messages[\(i)].role: '\(role)' is not one of system, user, assistant, tool")
            }
        }
        guard pending.isEmpty else { return refuse(400, "tool_call_ids did not have response messages: \(pending)") }
        // Not OpenAI's rule but the host's: every stack turn states the channel's output rule.
        let system = messages.first { $0["role"] == "system" }?["content"]?.stringValue ?? ""
        guard !outputRuleRequired || Self.outputRule(in: system).map({ rule in Self.ruleKeys.allSatisfy { rule[$0] != nil } }) == true else {
            return refuse(400, "the system message states no complete output rule (\(Self.ruleKeys.joined(separator: ", ")))")
        }
        if let format = body["response_format"] {
            guard let type = format["type"]?.stringValue, ["text", "json_object", "json_schema"].contains(type) else {
                return refuse(400, "Invalid value for 'response_format.type': expected one of 'text', 'json_object' or 'json_schema'")
            }
            let mentionsJSON = messages.contains { $0["content"]?.stringValue?.lowercased().contains("json") == true }
            if type == "json_object", !mentionsJSON {
                return refuse(400, "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.")
            }
        }
        let tools = body["tools"]?.arrayValue ?? []
        if body["tools"] != nil && tools.isEmpty { return refuse(400, "'tools' must not be empty when given") }
        for (i, tool) in tools.enumerated() {
            guard tool["type"] == "function", let name = tool["function"]?["name"]?.stringValue,
                  !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }),
                  tool["function"]?["parameters"]?["type"] == "object"
            else { return refuse(400, "tools[\(i)] is not a valid function tool") }
        }
        if let choice = body["tool_choice"], choice.objectValue == nil, !["auto", "none", "required"].contains(choice.stringValue ?? "") {
            return refuse(400, "tool_choice must be auto, none, required or an object")
        }
        return .success(Request(messages: messages, tools: tools, body: body))
    }

    private func respond(_ answer: Answer) -> HTTPResponse {
        switch answer {
        case .delayed(let ms, let then):
            usleep(useconds_t(ms * 1000))
            return respond(then)
        case .status(let code, let message):
            return .json(code, ["error": ["message": .string(message), "type": "server_error", "param": .null, "code": .null]])
        case .content(let text):
            return completion(["role": "assistant", "content": .string(text)], finish: "stop")
        case .toolCalls(let calls):
            let items: [JSON] = calls.enumerated().map { i, call in
                ["id": .string("call_\(UUID().uuidString.prefix(8))_\(i)"), "type": "function",
                 "function": ["name": .string(call.name), "arguments": .string(call.arguments.serialized)]]
            }
            return completion(["role": "assistant", "content": .null, "tool_calls": .array(items)], finish: "tool_calls")
        }
    }

    private func completion(_ message: JSON, finish: String) -> HTTPResponse {
        .json(200, ["id": .string("chatcmpl-\(UUID().uuidString.prefix(12))"), "object": "chat.completion",
                    "created": .number(Double(Int(Date().timeIntervalSince1970))), "model": .string(model),
                    "choices": [["index": 0, "message": message, "finish_reason": .string(finish)]],
                    "usage": ["prompt_tokens": 812, "completion_tokens": 40, "total_tokens": 852]])
    }
}

/// The order service a stack's lookup tool calls: GET /orders/{id} with a Bearer token.
func makeOrderService(token: String, orders: [String: JSON]) throws -> FakeProvider {
    try FakeProvider { r in
        guard r.method == "GET", r.path.hasPrefix("/orders/") else { return .error(404, "not_found", "no route") }
        guard r.header("Authorization") == "Bearer \(token)" else { return .error(401, "unauthorized", "bad token") }
        let id = String(r.path.dropFirst("/orders/".count)).removingPercentEncoding ?? ""
        guard let order = orders[id] else { return .error(404, "not_found", "no order \(id)") }
        return .json(200, order)
    }
}
