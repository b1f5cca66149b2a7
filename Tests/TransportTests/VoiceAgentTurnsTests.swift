import Foundation
import SwitchboardDomain
import SwitchboardSupport
@testable import SwitchboardTransport
import XCTest

/// A caller talking to an Agent Stack at a "send to AI agent" node: turns through the same runtime
/// as every channel, written to the conversation, handing over by the stack's rules, and never
/// keeping the caller waiting past the hold time (a slow turn holds, then gives up).
final class VoiceAgentTurnsTests: XCTestCase {
    var directory: String!
    var store: Store!
    var queue: ConversationQueue!
    var runtime: StackRuntime!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "voice-turns-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try Store(location: try TestStoreLocation.at(directory))
        queue = ConversationQueue(threads: 2)
        runtime = StackRuntime(store: store, queue: queue, log: Logger("test", minimum: .error), metrics: Metrics(), outboxChanged: {})
        _ = try store.importArticles([ArticleDraft(title: "Opening hours", body: "We are open 9 to 5, Monday to Friday.")], collectionID: "help")
        _ = try store.putStack(try StackDefinition.parse([
            "id": "phone", "name": "Phone assistant", "collections": ["help"],
            "topics": [["name": "hours", "examples": ["when are you open", "opening hours", "what time do you close"]]]]))
        try store.write { db in
            try db.run("INSERT INTO channel_instances (id, plugin_id, name, config, created_at, updated_at) VALUES ('voice1', 'voice', 'Phone', '{}', 0, 0)")
        }
    }

    override func tearDown() {
        queue.stop()
        store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func callerConversation() throws -> String {
        let id = try store.ingest(InboundMessage(channelInstanceID: "voice1", identity: Identity(kind: "phone", value: "+15550001"),
                                                 providerMessageID: UUID().uuidString, text: "hello")).conversationID
        XCTAssertNil(try store.conversation(id: id)?.agentStack, "the number binds no stack: the flow's node does")
        return id
    }

    func testTwoTurnsAnsweredThenTheCallerAsksForAPerson() throws {
        let id = try callerConversation()
        let turns = VoiceAgentTurns(runtime: runtime)
        try turns.begin(callSid: "CA", conversationID: id, stackID: "phone")
        XCTAssertEqual(try store.conversation(id: id)?.agentStack, "phone")

        let answer = turns.ask(callSid: "CA1", conversationID: id, said: "When are you open?")
        guard case .speak(let first) = answer else { return XCTFail("no reply: \(answer)") }
        XCTAssertTrue(first.contains("We are open 9 to 5"), first)
        guard case .speak = turns.ask(callSid: "CA1", conversationID: id, said: "What time do you close on Friday?") else { return XCTFail("no reply") }
        guard case .handover(let message, let reason) = turns.ask(callSid: "CA1", conversationID: id, said: "let me talk to a human") else {
            return XCTFail("the stack's rules hand over")
        }
        XCTAssertEqual(reason, "customer_request")
        XCTAssertEqual(message, StackDefinition.defaultHandoverMessage)
        let texts = try store.messages(conversationID: id).map(\.text)
        XCTAssertEqual(texts.filter { ["When are you open?", "What time do you close on Friday?", "let me talk to a human"].contains($0) }.count, 3,
                       "the caller's words are the transcript: \(texts)")
        XCTAssertTrue(texts.contains(first), "so are the replies")
        XCTAssertEqual(turns.poll(callSid: "CA1"), .failed("no turn is in flight for this call"), "a late poll")
    }

    func testASlowTurnHoldsWithinTheBudgetThenAnswersOnAPoll() throws {
        let id = try callerConversation()
        let turns = VoiceAgentTurns(runtime: runtime, budget: VoiceTurnBudget(holdAfterMillis: 150, maxPolls: 2))
        try turns.begin(callSid: "CA", conversationID: id, stackID: "phone")
        let release = Signal(), released = Locked(false)
        // Something else holds the conversation's lane (a slow engine would too).
        queue.submit(conversationID: id) {
            while !released.withLock({ $0 }) { _ = release.wait(after: release.current, timeoutMs: 50) }
        }
        let started = Clock.monotonicMillis()
        XCTAssertEqual(turns.ask(callSid: "CA2", conversationID: id, said: "When are you open?"), .hold)
        XCTAssertLessThan(Clock.monotonicMillis() - started, 1_000, "answered at the hold time, not when the turn ends")
        XCTAssertEqual(turns.poll(callSid: "CA2"), .hold)
        released.withLock { $0 = true }
        release.notifyAll()
        guard case .speak(let reply) = turns.poll(callSid: "CA2") else { return XCTFail("the turn ended: its reply") }
        XCTAssertTrue(reply.contains("We are open"), reply)
    }

    func testATurnThatNeverComesBackGivesUpAfterItsHolds() throws {
        let id = try callerConversation()
        let turns = VoiceAgentTurns(runtime: runtime, budget: VoiceTurnBudget(holdAfterMillis: 100, maxPolls: 2))
        try turns.begin(callSid: "CA", conversationID: id, stackID: "phone")
        let released = Locked(false)
        queue.submit(conversationID: id) { while !released.withLock({ $0 }) { usleep(20_000) } }
        defer { released.withLock { $0 = true } }
        XCTAssertEqual(turns.ask(callSid: "CA3", conversationID: id, said: "When are you open?"), .hold)
        XCTAssertEqual(turns.poll(callSid: "CA3"), .hold)
        XCTAssertEqual(turns.poll(callSid: "CA3"), .failed("the stack did not answer within 2 holds"))
    }
}
