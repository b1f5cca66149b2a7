import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Exclusive assets (ABI 1.3 claim_asset): one instance per asset, a take-over only when asked.
final class AssetClaimTests: StoreTestCase {
    private func addInstance(_ id: String) throws {
        let now = Clock.nowMillis()
        XCTAssertTrue(try store.insertChannelInstance(ChannelInstanceRecord(id: id, pluginID: "messenger", name: id, configJSON: "{}", enabled: true,
                                                                            bindingKind: .team, bindingRef: nil, createdAt: now, updatedAt: now)))
    }

    private func claim(_ instance: String, _ page: String = "111", takeOver: Bool = false) throws -> ClaimOutcome {
        try store.claimAsset(ClaimRequest(kind: "facebook_page", assetID: page, instanceID: instance, configField: "page_id",
                                          takeOver: takeOver, actor: "key:ops"))
    }

    func testASecondInstanceIsRefusedAndTheFirstKeepsItsAsset() throws {
        try addInstance("fb-a")
        try addInstance("fb-b")
        XCTAssertEqual(try claim("fb-a"), .claimed)
        XCTAssertEqual(try claim("fb-a"), .claimed, "claiming again is harmless")
        XCTAssertEqual(try claim("fb-b"), .conflict(holder: "fb-a"))
        XCTAssertEqual(try store.assetOwner(kind: "facebook_page", assetID: "111"), "fb-a")
        XCTAssertEqual(try claim("fb-b", "222"), .claimed, "another Page is free")
        XCTAssertNil(try store.channelInstance(id: "fb-a")?.disconnectedReason)
    }

    func testATakeOverMovesTheClaimDisconnectsThePreviousHolderAndRecordsWhoDidIt() throws {
        try addInstance("fb-a")
        try addInstance("fb-b")
        XCTAssertEqual(try claim("fb-a"), .claimed)
        XCTAssertEqual(try claim("fb-b", takeOver: true), .tookOver(from: "fb-a"))
        XCTAssertEqual(try store.assetOwner(kind: "facebook_page", assetID: "111"), "fb-b")
        let previous = try XCTUnwrap(try store.channelInstance(id: "fb-a"))
        XCTAssertFalse(previous.enabled)
        XCTAssertEqual(previous.disconnectedReason, "facebook_page 111 was taken over by channel instance fb-b")
        let moved = try store.read { db in
            try db.query("SELECT actor, data FROM events WHERE type = 'channel.asset_moved'", []) { ($0.text(0), $0.text(1)) }
        }
        XCTAssertEqual(moved.count, 1)
        XCTAssertEqual(moved.first?.0, "key:ops")
        XCTAssertEqual(try JSON.parse(moved.first?.1 ?? "")["from"], "fb-a")

        // Enabling the old instance clears its mark; its own claim would now conflict with fb-b.
        var again = previous
        again.enabled = true
        try store.updateChannelInstance(again)
        XCTAssertNil(try store.channelInstance(id: "fb-a")?.disconnectedReason)
        XCTAssertEqual(try claim("fb-a"), .conflict(holder: "fb-b"))
    }

    func testDeletingAnInstanceFreesItsAssets() throws {
        try addInstance("fb-a")
        try addInstance("fb-b")
        XCTAssertEqual(try claim("fb-a"), .claimed)
        try store.deleteChannelInstance(id: "fb-a")
        XCTAssertNil(try store.assetOwner(kind: "facebook_page", assetID: "111"))
        XCTAssertEqual(try claim("fb-b"), .claimed)
        XCTAssertEqual(try store.assetClaims(instanceID: "fb-b").map(\.assetID), ["111"])
    }
}
