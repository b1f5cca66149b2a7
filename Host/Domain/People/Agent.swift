import SwitchboardSupport

/// Whether an agent takes new conversations now. Routing assigns to online agents only.
public enum Availability: String, Sendable, CaseIterable {
    case online, away, offline
}

/// A person who answers conversations: an admin or an agent. Signs in with email and password
/// (browser session) or acts through a personal API token.
public struct Agent: Sendable, Equatable {
    public var id: String
    /// Stored lowercased; unique regardless of case.
    public var email: String
    public var name: String
    /// Unique, lowercased; what @mentions use.
    public var handle: String
    /// `.admin` or `.agent`, never `.integrator`.
    public var role: Role
    public var availability: Availability
    /// How many active conversations routing may assign at most.
    public var capacity: Int
    public var skills: [String]
    /// The channel instances whose conversations the agent takes (for the `channel` strategy).
    public var channelInstanceIDs: [String]
    public var teamIDs: [String]
    /// False until a password is set: such an agent cannot sign in, but personal tokens work.
    public var hasPassword: Bool
    public var createdAt: Int64
    public var updatedAt: Int64
    /// Set when deactivated: no sign-in, no sessions, no tokens, no teams.
    public var deactivatedAt: Int64?
    /// Signs in with a TOTP code after the password (`TwoFactorStatus` has the details).
    public var twoFactorEnabled = false

    public var isActive: Bool { deactivatedAt == nil }

    public static let capacityRange = 1...1000
    public static let defaultCapacity = 5
}

/// A new agent, before the rules are checked (`Store.createAgent`).
public struct AgentDraft: Sendable {
    public var email: String
    public var name: String
    /// Default: the email's local part, made a valid handle, with a number added when taken.
    public var handle: String?
    public var role: Role
    /// Optional: without one the agent cannot sign in until a password is set.
    public var password: String?
    public var skills: [String] = []
    public var capacity = Agent.defaultCapacity
    public var availability = Availability.offline
    public var channelInstanceIDs: [String] = []

    public init(email: String, name: String, handle: String? = nil, role: Role = .agent, password: String? = nil) {
        self.email = email
        self.name = name
        self.handle = handle
        self.role = role
        self.password = password
    }
}

/// Changes to an agent (`Store.updateAgent`); nil leaves a field as it is.
public struct AgentChanges: Sendable {
    public var email: String?
    public var name: String?
    public var handle: String?
    public var role: Role?
    public var password: String?
    public var skills: [String]?
    public var capacity: Int?
    public var availability: Availability?
    public var channelInstanceIDs: [String]?
    /// false deactivates, true reactivates.
    public var active: Bool?

    public init() {}
}

/// The field rules shared by create and update. Each returns the normalized value or throws
/// `PeopleError.invalid` naming the field.
enum AgentRules {
    static func email(_ raw: String) throws(PeopleError) -> String {
        let email = raw.trimmingASCIIWhitespace().lowercased()
        // By Unicode scalar, not Character: a combining mark or emoji modifier after "@" or "." must
        // not hide it (the rule is the OpenAPI document's pattern for `email`).
        let parts = email.unicodeScalars.split(separator: "@", omittingEmptySubsequences: false)
        let refused: Set<UInt32> = [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029, 0x3C, 0x3E, 0x2C]
        guard email.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              parts[1].first != ".", parts[1].last != ".",
              !email.unicodeScalars.contains(where: { refused.contains($0.value) })
        else { throw .invalid(field: "email", "must be an email address such as sam@example.com") }
        return email
    }

    static func name(_ raw: String) throws(PeopleError) -> String {
        let name = raw.trimmingASCIIWhitespace()
        guard !name.isEmpty, name.count <= 200 else { throw .invalid(field: "name", "is required: 1-200 characters") }
        return name
    }

    /// a-z, 0-9, '.', '_' or '-', starting with a letter or digit: what an @mention can end on.
    static func handle(_ raw: String) throws(PeopleError) -> String {
        let handle = raw.trimmingASCIIWhitespace().lowercased()
        guard (1...32).contains(handle.utf8.count), handle.utf8.allSatisfy(isHandleByte), let first = handle.utf8.first,
              isAlphanumeric(first)
        else { throw .invalid(field: "handle", "must be 1-32 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit") }
        return handle
    }

    /// The handle an email suggests: "Sam.Lee+support@x" → "sam.lee".
    static func defaultHandle(email: String) -> String {
        let local = email.prefix { $0 != "@" && $0 != "+" }.lowercased()
        var bytes = Array(local.utf8.filter(isHandleByte).prefix(28))
        while let first = bytes.first, !isAlphanumeric(first) { bytes.removeFirst() }
        return bytes.isEmpty ? "agent" : String(decoding: bytes, as: UTF8.self)
    }

    static func role(_ role: Role) throws(PeopleError) -> Role {
        guard role != .integrator else { throw .invalid(field: "role", "must be admin or agent") }
        return role
    }

    static func capacity(_ value: Int) throws(PeopleError) -> Int {
        guard Agent.capacityRange.contains(value) else {
            throw .invalid(field: "capacity", "must be a whole number from \(Agent.capacityRange.lowerBound) to \(Agent.capacityRange.upperBound)")
        }
        return value
    }

    /// Trimmed, lowercased like tags (skill routing matches them against tags and topics), without duplicates.
    static func skills(_ raw: [String]) throws(PeopleError) -> [String] {
        var seen = Set<String>(), skills: [String] = []
        for skill in raw.map({ $0.trimmingASCIIWhitespace().lowercased() }) {
            guard !skill.isEmpty, skill.count <= 64 else { throw .invalid(field: "skills", "each skill must be 1-64 characters") }
            if seen.insert(skill).inserted { skills.append(skill) }
        }
        guard skills.count <= 100 else { throw .invalid(field: "skills", "at most 100 skills") }
        return skills
    }

    static func password(_ raw: String) throws(PeopleError) -> String {
        if let problem = PasswordHash.problem(raw) { throw .invalid(field: "password", problem) }
        return raw
    }

    static func isHandleByte(_ b: UInt8) -> Bool { isAlphanumeric(b) || b == 0x2E || b == 0x5F || b == 0x2D }
    static func isAlphanumeric(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
}
