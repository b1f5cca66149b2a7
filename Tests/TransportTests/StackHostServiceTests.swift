import Foundation
import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport
@testable import SwitchboardTransport
import XCTest

/// The stack_turn and sidekick_ask host services, called through the sb_host_api table exactly as a
/// plugin calls them (a voice IVR running a turn inside its call).
final class StackHostServiceTests: XCTestCase {
    var directory: String!
    var store: Store!
    var queue: ConversationQueue!
    var services: HostServices!
    var voice: InstanceContext!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "stack-abi-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try Store(location: try TestStoreLocation.at(directory))
        queue = ConversationQueue(threads: 2)
        let log = Logger("test", minimum: .error)
        let runtime = StackRuntime(store: store, queue: queue, log: log, metrics: Metrics(), outboxChanged: {})
        services = HostServices(store: store, log: log, metrics: Metrics(), timers: TimerService { _, _ in }, onInbound: { _, _ in },
                                onOutboxChange: {}, isInstanceRunning: { _ in true }, stacks: runtime)
        voice = InstanceContext(instanceID: "voice1", pluginID: "voice", services: services)
        _ = try store.importArticles([ArticleDraft(title: "Opening hours", body: "We are open 9 to 5, Monday to Friday.")], collectionID: "help")
        _ = try store.putStack(try StackDefinition.parse([
            "id": "ivr", "name": "Phone assistant", "collections": ["help"],
            "topics": [["name": "hours", "examples": ["when are you open", "opening hours", "what time do you close"]]]]))
        try store.write { db in
            try db.run("INSERT INTO channel_instances (id, plugin_id, name, config, binding_kind, binding_ref, created_at, updated_at) VALUES ('voice1', 'voice', 'Phone', '{}', 'stack', 'ivr', 0, 0)")
        }
    }

    override func tearDown() {
        queue.stop()
        store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func call(_ slot: KeyPath<sb_host_api, (@convention(c) (OpaquePointer?, sb_str, sb_str, UnsafeMutablePointer<UnsafeMutablePointer<sb_buffer>?>?, UnsafeMutablePointer<CChar>?, Int) -> sb_status)?>,
              _ context: InstanceContext, _ conversationID: String, _ text: String) -> (sb_status, JSON?, String) {
        var buffer: UnsafeMutablePointer<sb_buffer>?
        var err = [CChar](repeating: 0, count: 512)
        let status = withStr(conversationID) { c in
            withStr(text) { t in err.withUnsafeMutableBufferPointer { e in HostAPITable.pointer.pointee[keyPath: slot]!(context.opaque, c, t, &buffer, e.baseAddress, e.count) } }
        }
        defer { HostAPITable.pointer.pointee.buffer_free(buffer) }
        let json = buffer.flatMap { try? JSON.parse(String(cString: $0.pointee.data)) }
        return (status, json, String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    func conversation(_ customer: String, instance: String = "voice1") throws -> String {
        try store.ingest(InboundMessage(channelInstanceID: instance, identity: Identity(kind: "phone", value: customer),
                                        providerMessageID: UUID().uuidString, text: "hello")).conversationID
    }

    func testASynchronousTurnAnswersInsideTheCall() throws {
        let id = try conversation("+15550001")
        let (status, answer, err) = call(\.stack_turn, voice, id, "When are you open?")
        XCTAssertEqual(status, SB_OK, err)
        let reply = try XCTUnwrap(answer)
        XCTAssertEqual(reply["handover"], false)
        XCTAssertEqual(reply["topic"], "hours")
        XCTAssertTrue(reply["reply"]?.stringValue?.contains("We are open 9 to 5") ?? false, "\(reply)")
        let messages = try store.messages(conversationID: id)
        XCTAssertEqual(messages.map(\.text).dropLast(), ["hello", "When are you open?"], "the caller's words are on the transcript")
        XCTAssertEqual(messages.last?.deliveryStatus, .sent, "the plugin delivers it itself")
        XCTAssertEqual(try store.outboxEntries(state: "pending", limit: 10).count, 0, "nothing is queued for delivery")

        let handover = call(\.stack_turn, voice, id, "let me talk to a human")
        XCTAssertEqual(handover.0, SB_OK, handover.2)
        XCTAssertEqual(handover.1?["handover"], true)
        XCTAssertEqual(handover.1?["reason"], "customer_request")
        XCTAssertEqual(handover.1?["reply"]?.stringValue, StackDefinition.defaultHandoverMessage, "what the IVR says before transferring")
    }

    func testRefusals() throws {
        let id = try conversation("+15550002")
        let other = InstanceContext(instanceID: "sms1", pluginID: "sms", services: services)
        XCTAssertEqual(call(\.stack_turn, other, id, "hi").0, SB_ERR_NOT_FOUND, "another instance's conversation")
        XCTAssertEqual(call(\.sidekick_ask, other, id, "").0, SB_ERR_NOT_FOUND)
        XCTAssertEqual(call(\.stack_turn, voice, "", "hi").0, SB_ERR_INVALID)
        _ = try store.perform(.unassign, on: id, viewer: .everyone, actor: "test")
        let unassigned = call(\.stack_turn, voice, id, "hi")
        XCTAssertEqual(unassigned.0, SB_ERR_INVALID)
        XCTAssertTrue(unassigned.2.hasPrefix("conversation_id:"), unassigned.2)

        let bare = HostServices(store: store, log: Logger("test", minimum: .error), metrics: Metrics(), timers: TimerService { _, _ in },
                                onInbound: { _, _ in }, onOutboxChange: {}, isInstanceRunning: { _ in true })
        let plain = InstanceContext(instanceID: "voice1", pluginID: "voice", services: bare)
        XCTAssertEqual(call(\.stack_turn, plain, id, "hi").0, SB_ERR_UNSUPPORTED)
        XCTAssertEqual(call(\.sidekick_ask, plain, id, "hi").0, SB_ERR_UNSUPPORTED)
    }

    func testSidekickAnswersWithJSON() throws {
        let id = try conversation("+15550003")
        let (status, answer, err) = call(\.sidekick_ask, voice, id, "opening hours on Friday?")
        XCTAssertEqual(status, SB_OK, err)
        XCTAssertEqual(answer?["stack_id"], "ivr")
        XCTAssertEqual(answer?["topic"]?["name"], "hours")
        XCTAssertEqual(answer?["matches"]?.arrayValue?.first?["title"], "Opening hours")
        XCTAssertNotNil(answer?["suggested_reply"]?["text"]?.stringValue)
        XCTAssertEqual(try store.messages(conversationID: id).count, 1, "Sidekick records nothing")
    }
}
