import Foundation
@testable import SwitchboardTransport
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Signed file links (what an MMS's MediaUrl carries): the link names the file by its alias, is
/// valid until it expires, and any change to it is refused.
final class SignedFileLinksTests: XCTestCase {
    var directory: String!
    var store: Store!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "signed-links-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try Store(location: try TestStoreLocation.at(directory))
    }

    override func tearDown() {
        store?.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func testALinkIsValidUntilItExpiresAndRefusedWhenChanged() throws {
        let id = try store.storeFile(instanceID: "sms1", name: "receipt.png", contentType: "image/png", data: [1, 2, 3])
        let base = "https://support.example.test"
        let links = SignedFileLinks(store: store)
        let now: Int64 = 1_800_000_000_000
        let signed = try XCTUnwrap(links.sign("\(base)/files/\(id)/receipt.png", publicBaseURL: base, nowMs: now))
        XCTAssertFalse(signed.url.contains(id), "the link never shows the file's own id")
        XCTAssertEqual(signed.expiresAtMs, now + 3_600_000)
        let parts = try XCTUnwrap(URLComponents(string: signed.url))
        let linkID = String(parts.path.dropFirst(SignedFileLinks.pathPrefix.count).prefix { $0 != "/" })
        let expires = parts.queryItems?.first { $0.name == "expires" }?.value
        let signature = parts.queryItems?.first { $0.name == "signature" }?.value
        XCTAssertEqual(try store.storedFile(linkID: linkID)?.id, id)
        XCTAssertEqual(try store.fileLinkID(fileID: id), linkID, "one alias per file")

        XCTAssertEqual(links.check(linkID: linkID, expires: expires, signature: signature, nowMs: now), .valid)
        XCTAssertEqual(links.check(linkID: linkID, expires: expires, signature: signature, nowMs: now + 3_600_000), .valid)
        XCTAssertEqual(links.check(linkID: linkID, expires: expires, signature: signature, nowMs: now + 3_601_000), .expired)
        let later = String((Int64(expires ?? "0") ?? 0) + 86_400)
        XCTAssertEqual(links.check(linkID: linkID, expires: later, signature: signature, nowMs: now), .invalid, "a longer life is not ours")
        XCTAssertEqual(links.check(linkID: "l" + String(repeating: "0", count: 32), expires: expires, signature: signature, nowMs: now), .invalid)
        XCTAssertEqual(links.check(linkID: linkID, expires: expires, signature: nil, nowMs: now), .invalid)
        XCTAssertEqual(links.check(linkID: linkID, expires: nil, signature: signature, nowMs: now), .invalid)
        // Another host's key (a restart keeps it: it is stored).
        XCTAssertEqual(SignedFileLinks(store: store).check(linkID: linkID, expires: expires, signature: signature, nowMs: now), .valid)

        // Only the host's own files are signed; attachments keep their url.
        XCTAssertNil(links.sign("https://elsewhere.example/files/\(id)/receipt.png", publicBaseURL: base, nowMs: now))
        let attachments = #"[{"name":"receipt.png","url":"\#(base)/files/\#(id)/receipt.png"},{"name":"x","url":"https://cdn.example/x.png"}]"#
        let signedAttachments = try JSON.parse(try XCTUnwrap(links.withSignedURLs(attachments, publicBaseURL: base, nowMs: now)))
        XCTAssertEqual(signedAttachments.arrayValue?.first?["url"]?.stringValue, "\(base)/files/\(id)/receipt.png")
        XCTAssertTrue(signedAttachments.arrayValue?.first?["signed_url"]?.stringValue?.hasPrefix("\(base)/files/l/") == true)
        XCTAssertNil(signedAttachments.arrayValue?.last?["signed_url"])
    }
}
