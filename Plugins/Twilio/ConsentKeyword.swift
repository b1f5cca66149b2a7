import SwitchboardCommon

/// The keywords with which a customer manages SMS consent, as Twilio handles them on long codes
/// by default (channels.md §3): the whole message, trimmed, in any case. With Advanced Opt-Out a
/// Messaging Service may use its own words and then says which kind it saw in `OptOutType`,
/// which wins over the text.
public enum ConsentKeyword: String, Sendable, Equatable {
    case optOut = "STOP"
    case optIn = "START"
    case help = "HELP"

    static let optOutWords: Set<String> = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"]
    static let optInWords: Set<String> = ["START", "UNSTOP", "YES"]
    static let helpWords: Set<String> = ["HELP", "INFO"]

    /// The keyword in an inbound message, nil for an ordinary one.
    public static func classify(body: String, optOutType: String?) -> ConsentKeyword? {
        if let type = optOutType?.uppercased(), let kind = ConsentKeyword(rawValue: type) { return kind }
        let word = body.trimmingASCIIWhitespace().uppercased()
        if optOutWords.contains(word) { return .optOut }
        if optInWords.contains(word) { return .optIn }
        if helpWords.contains(word) { return .help }
        return nil
    }
}
