import SwitchboardDomain
import SwitchboardSupport
@testable import SwitchboardTransport
import XCTest

/// The chat-completions wire format: an answer outside the protocol is a failure with a reason
/// (the turn then hands over with it), never a silent empty reply.
final class ChatCompletionsProtocolTests: XCTestCase {
    func reason(_ body: String) -> String? {
        if case .failure(let f) = ChatCompletionsProtocol.parse(Array(body.utf8)) { return f.reason }
        return nil
    }

    func testAnswersOutsideTheProtocolAreFailures() {
        XCTAssertEqual(reason("<html>bad gateway</html>"), "the answer is not a JSON object")
        XCTAssertEqual(reason(#"{"choices": []}"#), "the answer has no choices[0].message")
        XCTAssertEqual(reason(#"{"choices": [{"message": {"tool_calls": [{"function": {"name": "x"}}]}}]}"#), "tool_calls[0] lacks id or function.name")
        XCTAssertEqual(reason(#"{"choices": [{"message": {"tool_calls": [{"id": "c1", "function": {"name": "x", "arguments": "{oops"}}]}}]}"#),
                       "tool_calls[0].function.arguments is not a JSON object")
        XCTAssertEqual(ChatCompletionsProtocol.errorReason(status: 429, body: Array(#"{"error": {"message": "Rate limit reached"}}"#.utf8)),
                       "HTTP 429: Rate limit reached")
    }

    func testToolCallsAndUsageAreRead() throws {
        let body = #"{"choices": [{"message": {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "lookup_order", "arguments": "{\"order_id\": \"A-1\"}"}}]}}], "usage": {"total_tokens": 120}}"#
        guard case .success(let reply) = ChatCompletionsProtocol.parse(Array(body.utf8)) else { return XCTFail("parse") }
        XCTAssertEqual(reply.toolCalls, [.init(id: "c1", name: "lookup_order", arguments: ["order_id": "A-1"])])
        XCTAssertEqual(reply.totalTokens, 120)
        XCTAssertNil(reply.content)
    }

    func testTheRequestCarriesNoCredential() throws {
        let stack = try StackDefinition.parse(["id": "s", "name": "S", "collections": ["help"],
                                               "tools": [["name": "lookup_order", "kind": "order_lookup", "url": "http://x/{order_id}", "credential": "shop"]]])
        let specs = ChatCompletionsProtocol.toolSpecs(stack)
        XCTAssertEqual(specs.compactMap { $0["function"]?["name"]?.stringValue }, ["lookup_order", "hand_over"])
        XCTAssertEqual(specs[0]["function"]?["parameters"]?["required"], ["order_id"])
        let body = ChatCompletionsProtocol.requestBody(settings: ChatCompletionsSettings(baseURL: "http://x/v1", model: "m", apiKeyCredential: "llm-key"),
                                                      messages: [["role": "user", "content": "hi"]], tools: specs).serialized
        XCTAssertFalse(body.contains("llm-key") || body.contains("\"shop\""), "credential IDs stay out of the prompt too")
    }
}
