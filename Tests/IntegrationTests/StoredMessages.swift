import XCTest

extension HostProcess {
    /// provider message id → how many times it is stored, read through the REST API (the crash
    /// tests' check that nothing acknowledged is lost and nothing is stored twice).
    func storedProviderMessageIDs(maxConversations: Int) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        let conversations = try request("GET", "/api/v1/conversations?limit=500").json["conversations"]?.arrayValue ?? []
        XCTAssertLessThanOrEqual(conversations.count, maxConversations)
        for conversation in conversations {
            let id = try XCTUnwrap(conversation["id"]?.stringValue)
            var after = 0
            while true {
                let page = try request("GET", "/api/v1/conversations/\(id)/messages?after=\(after)&limit=1000")
                XCTAssertEqual(page.status, 200, page.text)
                let messages = page.json["messages"]?.arrayValue ?? []
                for message in messages {
                    if let providerID = message["provider_message_id"]?.stringValue { counts[providerID, default: 0] += 1 }
                }
                guard messages.count == 1000, let last = messages.last?["id"]?.intValue else { break }
                after = last
            }
        }
        return counts
    }
}

extension HostProcess {
    /// The crash tests' verdict on a host restarted after kill -9: every message acknowledged before
    /// the kill survived it; then the provider, pointed at this host, finishes retrying, and every
    /// message ("m-<index>") is stored exactly once.
    func checkNothingAcknowledgedIsLost(_ acknowledgedBeforeKill: Set<Int>, provider: RetryingProvider, total: Int,
                                        maxConversations: Int, finishWithin timeout: TimeInterval) throws {
        let survived = try storedProviderMessageIDs(maxConversations: maxConversations)
        let lost = acknowledgedBeforeKill.filter { survived["m-\($0)"] == nil }
        XCTAssertTrue(lost.isEmpty, "acknowledged before kill -9 but not stored: \(lost.sorted().prefix(20))")

        provider.baseURL.withLock { $0 = baseURL }
        _ = try eventually("every message acknowledged", timeout: timeout) { provider.isFinished ? true : nil }

        let stored = try storedProviderMessageIDs(maxConversations: maxConversations)
        XCTAssertEqual(stored.count, total, "every acknowledged message is stored")
        let doubled = stored.filter { $0.value != 1 }
        XCTAssertTrue(doubled.isEmpty, "stored more than once: \(doubled.prefix(20))")
        XCTAssertEqual(Set(stored.keys), Set((0..<total).map { "m-\($0)" }))
    }
}
