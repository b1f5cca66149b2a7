import SwitchboardDomain
import SwitchboardSupport

/// The offline engine: the turn's topic (from the classifier) and knowledge retrieval are already
/// done; it answers with the best passage, and for a topic that lists an order tool it looks the
/// order up and adds what it found. Nothing found → no answer, and the turn hands over.
struct BuiltinEngine: ReplyEngine {
    func answer(_ request: EngineRequest, tools: StackToolRunner) -> Result<EngineAnswer, EngineFailure> {
        var calls: [ToolInvocation] = []
        var toolAnswers: [String] = []
        if request.toolsAllowed, let topicName = request.guess.topic,
           let topic = request.stack.topics.first(where: { $0.name == topicName }) {
            for name in topic.tools {
                guard let tool = request.stack.tool(named: name) else { continue }
                switch tool.kind {
                case .orderLookup:
                    let orderID = StackToolRunner.orderID(request)
                    if tool.url != nil && orderID == nil {
                        toolAnswers.append("If you send me your order number, I can look the order up for you.")
                        continue
                    }
                    let call = tools.run(tool, arguments: orderID.map { ["order_id": .string($0)] } ?? [:], request: request)
                    calls.append(call)
                    if call.ok { toolAnswers.append(AnswerComposer.orderSummary(orderID: orderID, result: call.result)) }
                }
            }
        }
        // Composed within the channel's output rule; the outbox's fitting still guarantees the result.
        guard let rule = request.channel?.rule else {
            let text = AnswerComposer.compose(passage: request.passages.first, toolAnswers: toolAnswers)
            return .success(EngineAnswer(text: text, format: .markdown, toolCalls: calls))
        }
        let written = AnswerComposer.compose(passage: request.passages.first, toolAnswers: toolAnswers, rule: rule)
        return .success(EngineAnswer(text: written?.text, format: written?.format ?? .plain, toolCalls: calls))
    }
}
