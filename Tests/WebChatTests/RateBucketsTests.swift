import WebChatLogic
import XCTest

final class RateBucketsTests: XCTestCase {
    func testABurstThenTheRateAndTheWaitIsSaid() {
        var buckets = RateBuckets(perMinute: 60, burst: 3)
        for _ in 0..<3 { XCTAssertNil(buckets.admit("v1", nowMs: 0)) }
        XCTAssertEqual(buckets.admit("v1", nowMs: 0), 1_000, "one token a second at 60 a minute")
        XCTAssertNil(buckets.admit("v2", nowMs: 0), "keys are apart")
        XCTAssertNil(buckets.admit("v1", nowMs: 1_000))
        XCTAssertNotNil(buckets.admit("v1", nowMs: 1_500))
        // A long pause refills only up to the burst.
        for _ in 0..<3 { XCTAssertNil(buckets.admit("v1", nowMs: 600_000)) }
        XCTAssertNotNil(buckets.admit("v1", nowMs: 600_000))
    }

    func testZeroMeansNoLimitAndKeysStayBounded() {
        var open = RateBuckets(perMinute: 0, burst: 1)
        for _ in 0..<1_000 { XCTAssertNil(open.admit("x", nowMs: 0)) }
        var bounded = RateBuckets(perMinute: 60, burst: 1, maxKeys: 10)
        for i in 0..<100 { XCTAssertNil(bounded.admit("k\(i)", nowMs: Int64(i) * 10_000)) }
    }
}
