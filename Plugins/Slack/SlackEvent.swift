import PluginKit

/// One Events API request, parsed: the envelope (`url_verification` or `event_callback`) and,
/// for a callback, the inner event's fields the plugin reads.
enum SlackEvent {
    case urlVerification(challenge: String)
    case callback(Callback)
    /// Another envelope type (`app_rate_limited`, …): acknowledged, nothing to do.
    case other(String)

    struct Callback {
        var eventID: String
        var teamID: String
        var event: JSON
        var type: String { event["type"]?.stringValue ?? "" }
        var subtype: String? { event["subtype"]?.stringValue }
        var channel: String { event["channel"]?.stringValue ?? "" }
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ body: [UInt8]) throws -> SlackEvent {
        guard let json = try? JSON.parse(body), json.objectValue != nil else { throw Malformed(description: "the body is not a JSON object") }
        guard let type = json["type"]?.stringValue else { throw Malformed(description: "type is missing") }
        switch type {
        case "url_verification":
            guard let challenge = json["challenge"]?.stringValue else { throw Malformed(description: "challenge is missing") }
            return .urlVerification(challenge: challenge)
        case "event_callback":
            guard let id = json["event_id"]?.stringValue, !id.isEmpty else { throw Malformed(description: "event_id is missing") }
            guard let event = json["event"], event.objectValue != nil else { throw Malformed(description: "event is missing") }
            let team = json["team_id"]?.stringValue ?? event["team"]?.stringValue ?? ""
            return .callback(Callback(eventID: id, teamID: team, event: event))
        default:
            return .other(type)
        }
    }
}
