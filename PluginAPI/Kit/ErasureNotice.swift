import SwitchboardCommon

/// The data of ABI 1.3's durable signal "contact.erased": what an instance must forget. Sent when
/// an operator erases a customer, and by retention (contact nil, no identities) for the
/// conversations and attachments it removed. Parsed once here so every plugin reads it alike.
public struct ErasureNotice: Sendable, Equatable {
    public static let signal = "contact.erased"

    public struct Identity: Sendable, Equatable {
        public var kind: String
        public var value: String
    }

    public var contactID: String?
    /// Every identity the erased contact had (any channel's): a plugin keeps the kinds it owns.
    public var identities: [Identity]
    /// The conversations and side conversations this instance carried for them.
    public var conversationIDs: [String]
    public var sideConversationIDs: [String]
    public var attachmentURLs: [String]

    /// nil for another signal type or data that is not the notice's object.
    public init?(type: String, dataJSON: String) {
        guard type == Self.signal, let data = try? JSON.parse(dataJSON), data.objectValue != nil else { return nil }
        func strings(_ field: String) -> [String] { (data[field]?.arrayValue ?? []).compactMap(\.stringValue) }
        contactID = data["contact_id"]?.stringValue
        identities = (data["identities"]?.arrayValue ?? []).compactMap { item in
            guard let kind = item["kind"]?.stringValue, let value = item["value"]?.stringValue else { return nil }
            return Identity(kind: kind, value: value)
        }
        conversationIDs = strings("conversation_ids")
        sideConversationIDs = strings("side_conversation_ids")
        attachmentURLs = strings("attachment_urls")
    }

    /// The values of the identities of these kinds (a channel's own).
    public func values(ofKinds kinds: Set<String>) -> [String] { identities.filter { kinds.contains($0.kind) }.map(\.value) }
}

extension PluginHost {
    /// Deletes every entry under `prefix` whose value `matches` (an index pointing at erased
    /// conversations), page by page; returns how many went.
    @discardableResult
    public func kvDeleteAll(prefix: String, where matches: (_ key: String, _ value: [UInt8]) -> Bool) throws -> Int {
        var after = "", deleted = 0
        while true {
            let page = try kvScan(prefix: prefix, after: after, limit: 500)
            for entry in page where matches(entry.key, entry.value) {
                try kvDelete(entry.key)
                deleted += 1
            }
            guard page.count == 500, let last = page.last else { return deleted }
            after = last.key
        }
    }
}
