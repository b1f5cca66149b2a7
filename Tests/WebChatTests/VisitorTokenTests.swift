import SwitchboardCommon
import WebChatLogic
import XCTest

/// Visitor tokens and the site's identity hash: what stands between a browser and a conversation.
final class VisitorTokenTests: XCTestCase {
    let secret = "widget-secret-0123456789"
    let day: Int64 = 86_400

    func testASignedTokenVerifiesAndNamesItsVisitor() throws {
        let token = VisitorToken(visitorID: "vabc123", issuedAt: 1_700_000_000)
        let text = token.signed(secret: secret)
        XCTAssertTrue(text.hasPrefix("v1.vabc123.1700000000."))
        XCTAssertEqual(text, "v1.vabc123.1700000000." + Crypto.hmacSHA256Hex(key: secret, message: "v1.vabc123.1700000000"))
        XCTAssertEqual(VisitorToken.verify(text, secret: secret, now: 1_700_000_100, lifetimeSeconds: day), .success(token))
    }

    func testForgedTamperedAndMalformedTokensAreRefused() {
        let good = VisitorToken(visitorID: "vabc123", issuedAt: 1_700_000_000).signed(secret: secret)
        let now: Int64 = 1_700_000_100
        XCTAssertEqual(VisitorToken.verify(VisitorToken(visitorID: "vabc123", issuedAt: 1_700_000_000).signed(secret: "another-secret-xyz"),
                                           secret: secret, now: now, lifetimeSeconds: day), .failure(.badSignature))
        // Someone else's visitor id with the first one's signature.
        let swapped = good.replacingFirst("vabc123", with: "vabc124")
        XCTAssertEqual(VisitorToken.verify(swapped, secret: secret, now: now, lifetimeSeconds: day), .failure(.badSignature))
        // A later issue time to outlive the expiry.
        let extended = good.replacingFirst("1700000000", with: "1700000050")
        XCTAssertEqual(VisitorToken.verify(extended, secret: secret, now: now, lifetimeSeconds: day), .failure(.badSignature))
        for junk in ["", "v1", "v1.a.b.c", "v2.vabc123.1700000000." + String(repeating: "0", count: 64),
                     "v1.v.abc.1700000000." + String(repeating: "0", count: 64), "v1.vabc123.-5." + String(repeating: "0", count: 64)] {
            XCTAssertEqual(VisitorToken.verify(junk, secret: secret, now: now, lifetimeSeconds: day), .failure(.malformed), junk)
        }
    }

    func testTokensExpireAfterTheirLifetimeAndMayNotComeFromTheFuture() {
        let issued: Int64 = 1_700_000_000
        let text = VisitorToken(visitorID: "vabc123", issuedAt: issued).signed(secret: secret)
        XCTAssertEqual(VisitorToken.verify(text, secret: secret, now: issued + 30 * day, lifetimeSeconds: 30 * day).map(\.visitorID), .success("vabc123"))
        XCTAssertEqual(VisitorToken.verify(text, secret: secret, now: issued + 30 * day + 1, lifetimeSeconds: 30 * day), .failure(.expired))
        XCTAssertEqual(VisitorToken.verify(text, secret: secret, now: issued - 60, lifetimeSeconds: day).map(\.visitorID), .success("vabc123"),
                       "a clock a minute behind still accepts it")
        XCTAssertEqual(VisitorToken.verify(text, secret: secret, now: issued - 3600, lifetimeSeconds: day), .failure(.expired))
    }

    func testNewVisitorIDsAreRandomAndFitInATokenPart() {
        let a = VisitorToken.newVisitorID(), b = VisitorToken.newVisitorID()
        XCTAssertNotEqual(a, b)
        XCTAssertTrue(VisitorToken.isVisitorID(a))
        XCTAssertFalse(a.contains("."))
        XCTAssertFalse(VisitorToken.isVisitorID("has.dot"))
    }

    func testTheSitesUserHashIsAnHMACOfTheUserID() {
        let hash = Crypto.hmacSHA256Hex(key: secret, message: "user-42")
        XCTAssertEqual(UserHash.compute(userID: "user-42", secret: secret), hash)
        XCTAssertTrue(UserHash.verify(userID: "user-42", userHash: hash, secret: secret))
        XCTAssertTrue(UserHash.verify(userID: "user-42", userHash: hash.uppercased(), secret: secret), "hex case does not matter")
        XCTAssertFalse(UserHash.verify(userID: "user-43", userHash: hash, secret: secret))
        XCTAssertFalse(UserHash.verify(userID: "user-42", userHash: "", secret: secret))
        XCTAssertFalse(UserHash.verify(userID: "user-42", userHash: Crypto.hmacSHA256Hex(key: "other", message: "user-42"), secret: secret))
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
