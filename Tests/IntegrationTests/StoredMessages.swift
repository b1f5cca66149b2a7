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
