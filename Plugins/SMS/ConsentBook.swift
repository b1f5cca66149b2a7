import PluginKit
import TwilioPlatform

/// Whether each customer agreed to texts from this instance's sender, kept in the instance's
/// key-value state (`consent/<customer number>` → JSON). One instance is one sender: a number,
/// or a Messaging Service, whose opt-outs Twilio applies to the whole service, as here.
///
/// A keyword (STOP…, START…) or Twilio's error 21610 on a send changes it; HELP and INFO are
/// recorded beside it. A reply to an opted-out customer is refused before Twilio is called.
struct ConsentBook {
    let host: PluginHost

    struct Entry: Equatable {
        /// false once they opted out (until they opt back in).
        var subscribed: Bool
        /// The word that set it ("STOP", "START") or "error 21610".
        var cause: String
        var atMs: Int64
        var lastHelpAtMs: Int64?

        var json: JSON {
            ["subscribed": .bool(subscribed), "cause": .string(cause), "at_ms": .from(atMs), "last_help_at_ms": .from(lastHelpAtMs)]
        }

        init(subscribed: Bool, cause: String, atMs: Int64, lastHelpAtMs: Int64? = nil) {
            self.subscribed = subscribed
            self.cause = cause
            self.atMs = atMs
            self.lastHelpAtMs = lastHelpAtMs
        }

        init?(_ json: JSON) {
            guard let subscribed = json["subscribed"]?.boolValue else { return nil }
            self.init(subscribed: subscribed, cause: json["cause"]?.stringValue ?? "", atMs: Int64(json["at_ms"]?.doubleValue ?? 0),
                      lastHelpAtMs: json["last_help_at_ms"]?.doubleValue.map { Int64($0) })
        }

        /// What the contact shows in the inbox (its `sms_consent` attribute).
        var summary: String {
            let state = subscribed ? "subscribed" : "opted out"
            let help = lastHelpAtMs.map { "; asked for HELP at \(Clock.iso8601($0))" } ?? ""
            return "\(state) (\(cause) at \(Clock.iso8601(atMs)))\(help)"
        }
    }

    static func key(_ customer: String) -> String { "consent/" + customer }

    func entry(_ customer: String) throws -> Entry? {
        try host.kvGetString(Self.key(customer)).flatMap { try? JSON.parse($0) }.flatMap(Entry.init)
    }

    /// Records a keyword message's effect and returns the new entry (nil: nothing was known and
    /// the message changed nothing).
    func record(_ keyword: ConsentKeyword, word: String, from customer: String, atMs: Int64) throws -> Entry? {
        var entry = try entry(customer)
        switch keyword {
        case .optOut: entry = Entry(subscribed: false, cause: word, atMs: atMs, lastHelpAtMs: entry?.lastHelpAtMs)
        case .optIn: entry = Entry(subscribed: true, cause: word, atMs: atMs, lastHelpAtMs: entry?.lastHelpAtMs)
        case .help:
            var helped = entry ?? Entry(subscribed: true, cause: "first message", atMs: atMs)
            helped.lastHelpAtMs = atMs
            entry = helped
        }
        if let entry { try host.kvSet(Self.key(customer), entry.json.serialized) }
        return entry
    }

    /// Twilio refused a send with 21610: the customer opted out where we did not see it (on
    /// another number of the service, or before this instance existed). Returns the new entry,
    /// nil when they were known to be opted out already.
    @discardableResult
    func recordProviderOptOut(_ customer: String, atMs: Int64) throws -> Entry? {
        let previous = try entry(customer)
        guard previous?.subscribed != false else { return nil }
        let entry = Entry(subscribed: false, cause: "Twilio error 21610", atMs: atMs, lastHelpAtMs: previous?.lastHelpAtMs)
        try host.kvSet(Self.key(customer), entry.json.serialized)
        return entry
    }

    /// What another instance serving the same Messaging Service learned (ConsentSpread).
    func store(_ entry: Entry, for customer: String) throws {
        try host.kvSet(Self.key(customer), entry.json.serialized)
    }

    /// The customer was erased (ABI 1.3 "contact.erased"): what they chose goes with them. Twilio
    /// keeps enforcing its own opt-out list, so a reply to a number that said STOP is still refused
    /// there (21610), and learned again here.
    func forget(_ customer: String) throws { try host.kvDelete(Self.key(customer)) }

    /// Why a reply to `customer` may not go, nil when it may.
    func refusal(_ customer: String) throws -> String? {
        guard let entry = try entry(customer), !entry.subscribed else { return nil }
        return "not sent: \(customer) opted out of texts from this number (\(entry.cause) at \(Clock.iso8601(entry.atMs))); they must text START to receive messages again"
    }
}
