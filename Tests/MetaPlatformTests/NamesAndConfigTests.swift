@testable import MetaPlatform
import PluginKit
import XCTest

/// Customer names never invent a person; an instance's asset and app are fixed.
final class NamesAndConfigTests: XCTestCase {
    func testTheProfileNameFallsBackInOrder() {
        XCTAssertEqual(ContactNames.displayName(profile: ["first_name": "Ada", "last_name": "Lovelace", "name": "Countess"]), "Ada Lovelace")
        XCTAssertEqual(ContactNames.displayName(profile: ["first_name": "Ada", "last_name": " "]), "Ada")
        XCTAssertEqual(ContactNames.displayName(profile: ["name": "Ada L."]), "Ada L.", "Chatwoot #15840: name was ignored")
        XCTAssertEqual(ContactNames.displayName(profile: ["username": "ada.codes"]), "ada.codes")
        XCTAssertNil(ContactNames.displayName(profile: ["id": "1"]))
    }

    func testTheFallbackIsALabelledAnonymousName() {
        let product = MetaProduct(pluginID: "instagram", version: "1", webhookObject: "instagram", assetKind: "instagram_account",
                                  assetConfigField: "instagram_account_id", identityKind: "instagram_igsid", maxTextLength: 1000,
                                  profileFields: "name,username", assetNameField: "username", statusNameKey: "instagram_username",
                                  displayWord: "Instagram")
        XCTAssertEqual(product.fallbackName(userID: "6543210987"), "Instagram user 0987")
        XCTAssertEqual(product.fallbackName(userID: "12"), "Instagram user 12")
        XCTAssertEqual(product.unsupportedPlaceholder("reel"), "[unsupported Instagram message type: reel]")
    }

    func testARunningInstanceKeepsItsAssetAndApp() {
        let product = MetaProduct(pluginID: "messenger", version: "1", webhookObject: "page", assetKind: "facebook_page",
                                  assetConfigField: "page_id", identityKind: "messenger_psid", maxTextLength: 2000, profileFields: "name",
                                  assetNameField: "name", statusNameKey: "page_name", displayWord: "Messenger")
        let connection = MetaConnection(key: "meta-app", appSecret: "s", accessTokenCredential: "tok", accessToken: "t", verifyToken: "v")
        let current = MetaInstanceConfig(assetID: "111", connection: connection)
        var newToken = current
        newToken.connection.accessToken = "t2"
        XCTAssertNoThrow(try current.checkReplacement(newToken, product: product))
        var otherPage = current
        otherPage.assetID = "222"
        XCTAssertThrowsError(try current.checkReplacement(otherPage, product: product)) { error in
            guard case PluginError.invalid(let field, let message) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "page_id")
            XCTAssertTrue(message.contains("create a new instance"))
        }
        var otherApp = current
        otherApp.connection.key = "other-app"
        XCTAssertThrowsError(try current.checkReplacement(otherApp, product: product))
    }

    func testAssetIDsAndRouteKeys() {
        XCTAssertTrue(MetaInstanceConfig.isAssetID("17841400000000000"))
        XCTAssertFalse(MetaInstanceConfig.isAssetID("me"))
        XCTAssertFalse(MetaInstanceConfig.isAssetID(""))
        XCTAssertTrue(MetaConnection.isValidRouteKey("meta_app.secret-1"))
        XCTAssertFalse(MetaConnection.isValidRouteKey("has space"))
        XCTAssertFalse(MetaConnection.isValidRouteKey(String(repeating: "a", count: 65)))
        XCTAssertEqual(MetaConnection(key: "k", appSecret: "", accessTokenCredential: "", accessToken: "", verifyToken: "s3cret").verifyTokenHint, "s3…")
    }
}
