import Foundation
import SwitchboardSupport
import XCTest

/// A route a plugin declares non-blocking (route_add_nonblocking: the API channel's POST /messages)
/// runs on the HTTP event loop, not on a worker: with the host's only worker held by a long poll,
/// a pushed message is still stored and answered while the poll waits. With `--http-inline off`
/// the same message waits for the worker, as every handler did before.
final class LoopHandlerTests: XCTestCase {
    /// Holds the only worker with a 4 s long poll, then pushes a message. Returns when the push was
    /// answered and when the poll was, in seconds since the push was sent.
    private func pushWhileTheWorkerIsHeld(inline: Bool) throws -> (push: TimeInterval, poll: TimeInterval) {
        let host = try HostProcess(plugins: ["api"], extraArguments: ["--http-workers", "1", "--http-inline", inline ? "on" : "off"])
        defer { host.stop() }
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])

        let pollAnswered = Locked<Date?>(nil)
        let pollStatus = Locked<Int?>(nil)
        let poller = Thread { [base = host.baseURL] in
            let poll = HTTPClientRequest(method: "GET", url: base + "/hooks/api1/messages?wait=4",
                                         headers: [("Authorization", "Bearer integrator-secret")], body: [], timeoutMs: 15_000)
            let status = (try? HTTPClient.perform(poll))?.status
            pollStatus.withLock { $0 = status }
            pollAnswered.withLock { $0 = Date() }
        }
        poller.start()
        Thread.sleep(forTimeInterval: 1)  // the poll reaches the worker and waits there
        XCTAssertNil(pollAnswered.withLock { $0 }, "the long poll is still waiting")

        let sent = Date()
        let push = try host.request("POST", "/hooks/api1/messages", json: ["external_id": "ann", "message_id": "m-1", "text": "hi"],
                                    key: "integrator-secret", timeoutMs: 15_000)
        let pushTook = Date().timeIntervalSince(sent)
        XCTAssertEqual(push.status, 201, push.text)
        XCTAssertEqual(push.json["status"]?.stringValue, "stored")
        let pollDone = try host.eventually("the long poll answered", timeout: 15) { pollAnswered.withLock { $0 } }
        XCTAssertEqual(pollStatus.withLock { $0 }, 200)
        // The message is stored exactly once whichever thread ran its handler.
        let conversations = try host.request("GET", "/api/v1/conversations").json["conversations"]?.arrayValue ?? []
        XCTAssertEqual(conversations.count, 1)
        return (pushTook, pollDone.timeIntervalSince(sent))
    }

    func testANonBlockingRouteIsAnsweredWhileTheOnlyWorkerIsBusy() throws {
        let timing = try pushWhileTheWorkerIsHeld(inline: true)
        XCTAssertLessThan(timing.push, 2, "the push ran on the event loop, not behind the long poll")
        XCTAssertLessThan(timing.push, timing.poll, "answered before the poll that held the worker")
    }

    func testWithInlineHandlersOffTheSameRouteWaitsForTheWorker() throws {
        let timing = try pushWhileTheWorkerIsHeld(inline: false)
        XCTAssertGreaterThanOrEqual(timing.push, timing.poll, "the push waited for the worker the poll held")
        XCTAssertGreaterThan(timing.push, 1.5, "the poll held the worker for its 4 s wait")
    }
}
