import Foundation
import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport
@testable import SwitchboardTransport
import XCTest

/// The conversation_fields_update host service (ABI 1.3), called through the sb_host_api table as a
/// plugin calls it: a channel sets custom fields of its own conversations, as a person's edit would.
final class ConversationFieldsServiceTests: XCTestCase {
    var directory: String!
    var store: Store!
    var services: HostServices!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "fields-abi-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try Store(location: try TestStoreLocation.at(directory))
        services = HostServices(store: store, log: Logger("test", minimum: .error), metrics: Metrics(), timers: TimerService { _, _ in },
                                onInbound: { _, _ in }, onOutboxChange: {}, isInstanceRunning: { _ in true }, stacks: nil)
        try store.write { db in
            for id in ["shop1", "shop2"] {
                try db.run("INSERT INTO channel_instances (id, plugin_id, name, config, created_at, updated_at) VALUES (?, 'shop', ?, '{}', 0, 0)",
                           [.text(id), .text(id)])
            }
        }
    }

    override func tearDown() {
        store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func update(_ context: InstanceContext, _ conversationID: String, _ fieldsJSON: String) -> (sb_status, String) {
        var err = [CChar](repeating: 0, count: 512)
        let status = withStr(conversationID) { c in
            withStr(fieldsJSON) { f in
                err.withUnsafeMutableBufferPointer { e in HostAPITable.pointer.pointee.conversation_fields_update!(context.opaque, c, f, e.baseAddress, e.count) }
            }
        }
        return (status, String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    func fields(_ id: String) throws -> JSON { try JSON.parse(try XCTUnwrap(try store.conversation(id: id)).fieldsJSON) }

    func changes(_ id: String) throws -> [Event] { try store.events(conversationID: id).filter { $0.type == "conversation.fields_changed" } }

    func testAChannelSetsFieldsOfItsOwnConversationsAsAPersonsEditWould() throws {
        let shop = InstanceContext(instanceID: "shop1", pluginID: "shop", services: services)
        let other = InstanceContext(instanceID: "shop2", pluginID: "shop", services: services)
        let id = try store.ingest(InboundMessage(channelInstanceID: "shop1", identity: Identity(kind: "phone", value: "+15550001"),
                                                 providerMessageID: "m1", text: "where is my order")).conversationID

        XCTAssertEqual(update(shop, id, #"{"order_id": "A-1", "order_status": "pending", "order_note": "why"}"#).0, SB_OK)
        XCTAssertEqual(try fields(id), ["order_id": "A-1", "order_status": "pending", "order_note": "why"])
        XCTAssertEqual(try changes(id).map(\.actor), ["channel:shop1"])
        // The same values again change nothing and record nothing; a change and a removal record one event.
        XCTAssertEqual(update(shop, id, #"{"order_id": "A-1", "order_status": "pending", "gone": null}"#).0, SB_OK)
        XCTAssertEqual(try changes(id).count, 1)
        XCTAssertEqual(update(shop, id, #"{"order_id": "A-1", "order_status": "Shipped", "order_note": null}"#).0, SB_OK)
        XCTAssertEqual(try fields(id), ["order_id": "A-1", "order_status": "Shipped"])
        let last = try XCTUnwrap(try changes(id).last)
        XCTAssertEqual(try JSON.parse(last.dataJSON), ["set": ["order_status": "Shipped"], "removed": ["order_note"]])

        // Only the instance carrying the conversation may write it; bad fields are named; archived is read-only.
        let (foreign, why) = update(other, id, #"{"order_status": "Lost"}"#)
        XCTAssertEqual(foreign, SB_ERR_NOT_FOUND, why)
        XCTAssertEqual(update(shop, "cnv_nope", #"{"a": 1}"#).0, SB_ERR_NOT_FOUND)
        let (badKey, badKeyWhy) = update(shop, id, #"{"order status": "x"}"#)
        XCTAssertEqual(badKey, SB_ERR_INVALID)
        XCTAssertTrue(badKeyWhy.hasPrefix("fields.order status:"), badKeyWhy)
        let (nested, nestedWhy) = update(shop, id, #"{"order": {"id": "A-1"}}"#)
        XCTAssertEqual(nested, SB_ERR_INVALID)
        XCTAssertTrue(nestedWhy.contains("fields.order"), nestedWhy)
        XCTAssertEqual(update(shop, id, "[1]").0, SB_ERR_INVALID)
        XCTAssertEqual(try fields(id), ["order_id": "A-1", "order_status": "Shipped"], "nothing refused was written")
        _ = try store.perform(.archive, on: id, viewer: .everyone, actor: "test")
        XCTAssertEqual(update(shop, id, #"{"order_status": "Delivered"}"#).0, SB_ERR_CONFLICT)
    }
}
