import Foundation
import SwitchboardSupport
import XCTest

/// The webhook parsers of the API channel, Relay and the web chat widget under WebhookFuzzer, through the real host:
/// no 5xx, no hang, no crash. A few seconds here; `scripts/fuzz` runs it longer
/// (SWITCHBOARD_FUZZ_SECONDS, SWITCHBOARD_FUZZ_SEED).
final class WebhookFuzzTests: XCTestCase {
    func testMalformedWebhooksNeverGetA5xxOrBringTheHostDown() throws {
        let environment = ProcessInfo.processInfo.environment
        let seconds = environment["SWITCHBOARD_FUZZ_SECONDS"].flatMap(Double.init) ?? 6
        let seed = environment["SWITCHBOARD_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_121
        let senders = 4

        let gateway = try SMSGateway()
        defer { gateway.stop() }
        let host = try HostProcess(plugins: ["api", "relay", "webchat"], extraArguments: ["--log-level", "error"])
        defer { host.stop() }
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
        try host.addRelay(gatewayURL: gateway.url)
        try host.putCredential("widget-secret", "a widget secret of some length")
        try host.addChannel("chat1", plugin: "webchat", config: ["secret_credential": "widget-secret", "allowed_origins": ["https://shop.example"],
                                                                "heartbeat_seconds": 1])
        let session = try host.request("POST", "/hooks/chat1/session", json: ["name": "Ann"])
        let widgetToken = try XCTUnwrap(session.json["visitor_token"]?.stringValue, session.text)

        let failures = Locked<[String]>([])
        let sent = Locked(0)
        let statuses = Locked<[Int: Int]>([:])
        let deadline = Date().addingTimeInterval(seconds)
        let done = DispatchGroup()
        for sender in 0..<senders {
            done.enter()
            Thread { [base = host.baseURL] in
                defer { done.leave() }
                var fuzzer = WebhookFuzzer(seed: seed &+ UInt64(sender) &* 0x1000_0000_01B3, widgetToken: widgetToken)
                while Date() < deadline && failures.withLock({ $0.count }) < 5 {
                    let fuzzCase = fuzzer.next()
                    let request = HTTPClientRequest(method: fuzzCase.method, url: base + fuzzCase.path, headers: fuzzCase.headers,
                                                    body: fuzzCase.body, timeoutMs: 10_000, connectTimeoutMs: 2_000)
                    do {
                        let response = try HTTPClient.perform(request)
                        sent.withLock { $0 += 1 }
                        statuses.withLock { $0[response.status, default: 0] += 1 }
                        if response.status >= 500 {
                            failures.withLock { $0.append("\(response.status) \(response.text.prefix(200)) for \(fuzzCase)") }
                        }
                    } catch HTTPClientError.timeout(let what) {
                        failures.withLock { $0.append("no answer (\(what)) for \(fuzzCase)") }
                    } catch HTTPClientError.connect(let what) {
                        failures.withLock { $0.append("the host went away (\(what)) after \(fuzzCase)") }
                    } catch {
                        // libcurl refused to send it (a header it will not write): not a request the host saw.
                    }
                }
            }.start()
        }
        done.wait()

        let found = failures.withLock { $0 }
        XCTAssertTrue(found.isEmpty, "seed \(seed):\n" + found.joined(separator: "\n") + "\n" + host.log.suffix(3000))
        XCTAssertEqual(try host.request("GET", "/api/v1/health", key: "").status, 200, "the host is still up")
        let count = sent.withLock { $0 }
        XCTAssertGreaterThan(count, 100)
        print("webhook fuzz: \(count) requests in \(Int(seconds)) s, seed \(seed), answers \(statuses.withLock { $0 }.sorted { $0.key < $1.key })")
    }
}
