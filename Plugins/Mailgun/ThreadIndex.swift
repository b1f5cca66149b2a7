import PluginKit

/// A thread the instance knows: a customer conversation, or a side conversation.
public enum ThreadTarget: Equatable, Sendable {
    case conversation(String)
    case side(String)

    /// "c:<id>" / "s:<id>": how targets are stored.
    public var key: String {
        switch self {
        case .conversation(let id): "c:" + id
        case .side(let id): "s:" + id
        }
    }

    public init?(key: String) {
        let id = String(key.dropFirst(2))
        guard !id.isEmpty else { return nil }
        if key.hasPrefix("c:") { self = .conversation(id) } else if key.hasPrefix("s:") { self = .side(id) } else { return nil }
    }
}

/// How mail finds its thread, kept in the instance's key-value state:
///
///     tok/<token>        → target     a reply address reply+<token>@<domain> (per thread, made on first send)
///     rt/<target>        → token      the thread's reply token
///     mid/<message-id>   → target     every Message-Id sent or received in the thread (In-Reply-To, References)
///     thr/<target>       → {"subject", "refs": [message ids, oldest first, at most 20]}
///
/// Message ids are stored without angle brackets, lowercased on the key (ids compare case-sensitively
/// in theory, but clients rewrite them in practice), as Mailgun reports them in events.
public struct ThreadIndex {
    public let host: PluginHost
    /// `thr/` records are read, changed and written back: one at a time, so a mail arriving while
    /// a reply goes out does not drop the other's reference. (Two builds of one instance during an
    /// upgrade do not share it; the worst then is a reference missing from the header list.)
    private let lock = PluginLock()

    public init(host: PluginHost) { self.host = host }

    /// References kept per thread: enough for any client; older ones are dropped from the header.
    public static let maxReferences = 20

    public struct Thread: Sendable, Equatable {
        public var subject: String?
        public var references: [String] = []
    }

    /// The target a reply token names, nil when unknown.
    public func target(token: String) throws -> ThreadTarget? {
        guard Self.isToken(token) else { return nil }
        return try host.kvGetString("tok/" + token).flatMap(ThreadTarget.init(key:))
    }

    /// The target a Message-Id belongs to, nil when unknown.
    public func target(messageID: String) throws -> ThreadTarget? {
        let id = Self.bare(messageID)
        guard !id.isEmpty else { return nil }
        return try host.kvGetString("mid/" + id.lowercased()).flatMap(ThreadTarget.init(key:))
    }

    /// The thread's reply token, made (and recorded both ways) on first use.
    public func replyToken(for target: ThreadTarget) throws -> String {
        if let existing = try host.kvGetString("rt/" + target.key), Self.isToken(existing) { return existing }
        let token = Crypto.randomHex(bytes: 12)
        // The token → target record first: a token handed out is always resolvable.
        try host.kvSet("tok/" + token, target.key)
        try host.kvSet("rt/" + target.key, token)
        return token
    }

    public func thread(_ target: ThreadTarget) throws -> Thread {
        guard let json = try host.kvGetString("thr/" + target.key).flatMap({ try? JSON.parse($0) }) else { return Thread() }
        return Thread(subject: json["subject"]?.stringValue, references: json["refs"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    /// Records a message of the thread: its id finds the thread again; it becomes the newest
    /// reference; the subject is kept when the thread had none.
    public func record(messageID: String, in target: ThreadTarget, subject: String?) throws {
        let id = Self.bare(messageID)
        try lock.withLock {
            var thread = try self.thread(target)
            if !id.isEmpty {
                try host.kvSet("mid/" + id.lowercased(), target.key)
                if !thread.references.contains(id) { thread.references.append(id) }
                if thread.references.count > Self.maxReferences { thread.references.removeFirst(thread.references.count - Self.maxReferences) }
            }
            if thread.subject == nil, let subject, !subject.isEmpty { thread.subject = subject }
            let json: JSON = ["subject": .from(thread.subject), "refs": .array(thread.references.map(JSON.string))]
            try host.kvSet("thr/" + target.key, json.serialized)
        }
    }

    /// Forget threads whose customer was erased (ABI 1.3 signal "contact.erased"): their reply
    /// tokens, references and every Message-Id that led to them. Mail that still arrives for them
    /// then starts a new conversation, as from anyone new.
    public func forget(_ targets: [ThreadTarget]) throws {
        guard !targets.isEmpty else { return }
        let keys = Set(targets.map(\.key))
        try lock.withLock {
            for target in targets {
                if let token = try host.kvGetString("rt/" + target.key) { try host.kvDelete("tok/" + token) }
                try host.kvDelete("rt/" + target.key)
                try host.kvDelete("thr/" + target.key)
            }
            var after = ""
            while true {
                let page = try host.kvScan(prefix: "mid/", after: after, limit: 500)
                for entry in page where keys.contains(String(decoding: entry.value, as: UTF8.self)) { try host.kvDelete(entry.key) }
                guard page.count == 500, let last = page.last else { break }
                after = last.key
            }
        }
    }

    /// "<abc@host>" → "abc@host".
    public static func bare(_ messageID: String) -> String {
        var id = messageID.trimmingASCIIWhitespace()
        if id.hasPrefix("<") { id.removeFirst() }
        if id.hasSuffix(">") { id.removeLast() }
        return id.trimmingASCIIWhitespace()
    }

    /// Every Message-Id in a References / In-Reply-To header value, in order.
    public static func messageIDs(in header: String) -> [String] {
        var ids: [String] = []
        var rest = header[...]
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let id = String(rest[rest.index(after: open)..<close]).trimmingASCIIWhitespace()
            if !id.isEmpty { ids.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        if ids.isEmpty {
            // Some clients send ids without brackets.
            ids = header.split { $0 == " " || $0 == "\t" || $0 == "," }.map(String.init).filter { $0.contains("@") }
        }
        return ids
    }

    /// The reply address of a token: reply+<token>@<domain>.
    public static func replyAddress(token: String, domain: String) -> String { "reply+\(token)@\(domain)" }

    /// The token in a reply address on `domain`, nil for any other address.
    public static func token(in address: EmailAddress, domain: String) -> String? {
        guard address.domainPart.lowercased() == domain else { return nil }
        let local = address.localPart.lowercased()
        guard local.hasPrefix("reply+") else { return nil }
        let token = String(local.dropFirst("reply+".count))
        return isToken(token) ? token : nil
    }

    /// 24 lowercase hex digits, as `replyToken` makes them.
    public static func isToken(_ text: String) -> Bool {
        text.utf8.count == 24 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
