@testable import MetaPlatform
import PluginKit
import XCTest

/// Only token and permission errors ask for a reconnect; rate limits and Meta's failures retry;
/// the window and unreachable users are this message's rejection.
final class GraphErrorTests: XCTestCase {
    func error(_ status: Int, code: Int, subcode: Int = 0) -> GraphError {
        GraphError(httpStatus: status, body: Array(#"{"error":{"message":"M","type":"OAuthException","code":\#(code),"error_subcode":\#(subcode)}}"#.utf8))
    }

    func isReconnect(_ e: GraphError) -> Bool { if case .needsReconnect = e.meaning { true } else { false } }
    func isRetry(_ e: GraphError) -> Bool { if case .retry = e.meaning { true } else { false } }

    func testTheMappingTable() {
        XCTAssertTrue(isReconnect(error(400, code: 190)), "expired or revoked token")
        XCTAssertTrue(isReconnect(error(403, code: 10)), "permission")
        XCTAssertTrue(isReconnect(error(403, code: 200)))
        XCTAssertTrue(isReconnect(error(403, code: 299)))
        XCTAssertEqual(error(400, code: 10, subcode: 2018278).meaning, .rejected("outside the messaging window: M"))
        for code in [4, 17, 32, 613] { XCTAssertTrue(isRetry(error(400, code: code)), "rate limit \(code)") }
        XCTAssertTrue(isRetry(error(429, code: 0)))
        XCTAssertEqual(error(400, code: 551).meaning, .rejected("M"))
        XCTAssertEqual(error(400, code: 100, subcode: 1545041).meaning, .rejected("M"))
        XCTAssertTrue(isRetry(error(500, code: 1)))
        XCTAssertTrue(isRetry(error(503, code: 2)))
        XCTAssertTrue(isRetry(.transport(PluginError.timeout("slow"))))
        XCTAssertEqual(error(400, code: 100).meaning, .rejected("M"), "anything else: Meta's own message")
        XCTAssertFalse(isReconnect(error(400, code: 100)), "an invalid parameter is no reason to reconnect")
    }

    func testAReconnectIsARejectionOfTheMessageNotARetry() {
        guard case .rejected(let detail, let status) = error(400, code: 190).deliveryResult else { return XCTFail("\(error(400, code: 190).deliveryResult)") }
        XCTAssertTrue(detail.contains("reconnect"), detail)
        XCTAssertEqual(status, 400)
        guard case .retry = error(400, code: 613).deliveryResult else { return XCTFail() }
    }

    func testABodyWithoutAnErrorStillNamesTheStatus() {
        let e = GraphError(httpStatus: 502, body: Array("<html>bad gateway</html>".utf8))
        XCTAssertEqual(e.code, 0)
        XCTAssertTrue(e.message.contains("502"))
        XCTAssertTrue(isRetry(e))
    }
}
