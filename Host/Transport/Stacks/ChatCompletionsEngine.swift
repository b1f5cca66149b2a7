import SwitchboardDomain
import SwitchboardSupport

/// An OpenAI-compatible chat-completions endpoint as a reply engine, through the host HTTP client
/// (libcurl). The retrieved passages go in the system message; the stack's tools are offered as
/// functions, run when the model calls them, and their results sent back, for a few rounds. The
/// whole turn shares one deadline (`timeout_ms`): an endpoint that errors, times out or answers
/// outside the protocol fails the turn, which then hands over with the reason noted.
struct ChatCompletionsEngine: ReplyEngine {
    let settings: ChatCompletionsSettings
    let store: Store
    static let maxRounds = 4

    func answer(_ request: EngineRequest, tools: StackToolRunner) -> Result<EngineAnswer, EngineFailure> {
        guard let key = try? store.credentialSecret(id: settings.apiKeyCredential) else {
            return .failure(EngineFailure(reason: "credential \(settings.apiKeyCredential) is not stored"))
        }
        let deadline = Clock.monotonicMillis() + Int64(settings.timeoutMs)
        var messages = [ChatCompletionsProtocol.systemMessage(request)] + ChatCompletionsProtocol.conversationMessages(request.input)
        let specs = request.toolsAllowed ? ChatCompletionsProtocol.toolSpecs(request.stack, channel: request.channel) : []
        // An action whose arguments misfit its schema is refused with the error; the model may retry it once.
        var refusals: [String: Int] = [:]
        var calls: [ToolInvocation] = []
        var tokens = 0
        func fail(_ reason: String) -> Result<EngineAnswer, EngineFailure> {
            .failure(EngineFailure(reason: reason, toolCalls: calls, tokens: tokens))
        }

        for _ in 0..<Self.maxRounds {
            let remaining = Int(deadline - Clock.monotonicMillis())
            guard remaining > 0 else { return fail("timed out after \(settings.timeoutMs) ms") }
            let body = ChatCompletionsProtocol.requestBody(settings: settings, messages: messages, tools: specs)
            let reply: ChatCompletionsProtocol.Reply
            switch ChatCompletionsProtocol.post(body, settings: settings, key: key, timeoutMs: remaining) {
            case .success(let r): reply = r
            case .failure(let failure): return fail(failure.reason)
            }
            tokens += reply.totalTokens
            guard !reply.toolCalls.isEmpty else {
                let content = reply.content?.trimmedForReply ?? ""
                if content.isEmpty && calls.contains(where: { $0.channelAction && $0.ok }) {
                    return .success(EngineAnswer(text: nil, toolCalls: calls, tokens: tokens))
                }
                guard !content.isEmpty else { return fail("the answer is empty") }
                return .success(EngineAnswer(text: content, format: request.channel?.rule.format ?? .markdown, toolCalls: calls, tokens: tokens))
            }
            messages.append(reply.message)
            for call in reply.toolCalls {
                if call.name == ChatCompletionsProtocol.handOverTool {
                    let why = call.arguments["reason"]?.stringValue ?? "no reason given"
                    return .success(EngineAnswer(text: nil, toolCalls: calls, tokens: tokens, handoverRequest: String(why.prefix(500))))
                }
                let result: JSON
                if let tool = request.stack.tool(named: call.name) {
                    let invocation = tools.run(tool, arguments: call.arguments, request: request, deadline: deadline)
                    calls.append(invocation)
                    result = invocation.result
                } else if let action = request.channel?.action(named: call.name) {
                    let (invocation, refused) = tools.runAction(action, arguments: call.arguments, request: request)
                    calls.append(invocation)
                    result = invocation.result
                    if refused {
                        refusals[call.name, default: 0] += 1
                        if refusals[call.name]! > 1 { return fail("the arguments of channel action \(call.name) failed its schema twice: \(result["error"]?.stringValue ?? "")") }
                    }
                } else {
                    result = ["error": .string("no tool \(call.name)")]
                }
                messages.append(ChatCompletionsProtocol.toolResultMessage(callID: call.id, result: result))
            }
        }
        return fail("no answer after \(Self.maxRounds) rounds of tool calls")
    }
}

extension String {
    /// Without surrounding whitespace and newlines (an LLM's answer often ends in a newline).
    var trimmedForReply: String {
        var s = self[...]
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
