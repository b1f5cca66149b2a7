import PluginKit

/// A refusal from Twilio's REST API (its JSON error shape `{"code", "message", "more_info",
/// "status"}`), or a transport failure on the way there, with what it means for a send.
public struct TwilioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status, 0 when Twilio was not reached.
    public var httpStatus: Int
    /// Twilio's error code (21211, 21610, 30003…), 0 when none was given.
    public var code: Int
    public var message: String

    public init(httpStatus: Int, code: Int = 0, message: String) {
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
    }

    /// From an error answer: Twilio's JSON when it sent some, else the bare status.
    public init(httpStatus: Int, body: [UInt8]) {
        let json = try? JSON.parse(String(decoding: body, as: UTF8.self))
        self.init(httpStatus: httpStatus, code: json?["code"]?.intValue ?? 0,
                  message: json?["message"]?.stringValue ?? "Twilio answered HTTP \(httpStatus)")
    }

    static func transport(_ error: any Error) -> TwilioError {
        TwilioError(httpStatus: 0, message: "Twilio could not be reached: \(error)")
    }

    /// Worth trying again later: Twilio or the network failed, or Twilio asked us to slow down.
    public var isTemporary: Bool { httpStatus == 0 || httpStatus == 429 || httpStatus >= 500 }

    /// The customer's number opted out of messages from this sender (STOP).
    public var isOptOut: Bool { code == TwilioErrorCode.optedOut }

    /// "Twilio 21211 (invalid number): The 'To' number … is not a valid phone number."
    public var description: String {
        guard code != 0 else { return message }
        let meaning = TwilioErrorCode.meaning(code).map { " (\($0))" } ?? ""
        return "Twilio \(code)\(meaning): \(message)"
    }
}

/// The error codes a support channel meets, with what they mean in a sentence an agent reads
/// on a failed message (https://www.twilio.com/docs/api/errors).
public enum TwilioErrorCode {
    public static let optedOut = 21610

    public static func meaning(_ code: Int) -> String? {
        switch code {
        case 20003: "authentication failed: check account_sid and the credentials"
        case 20404: "not found on this account"
        case 21211: "invalid number"
        case 21408: "region not enabled for this account"
        case 21606: "the From number cannot send SMS for this account"
        case 21610: "the customer opted out (STOP)"
        case 21612: "the number cannot be reached by SMS from this sender"
        case 21614: "not a mobile number"
        case 21617: "the text is longer than 1,600 characters"
        case 21422: "number not available to buy"
        case 30003: "carrier: unreachable destination handset"
        case 30004: "carrier: message blocked"
        case 30005: "carrier: unknown destination handset"
        case 30006: "carrier: landline or unreachable carrier"
        case 30007: "carrier: filtered as spam"
        case 30008: "carrier: unknown error"
        default: nil
        }
    }

    /// "30003 (carrier: unreachable destination handset)" for a status callback's ErrorCode.
    public static func describe(_ code: String) -> String {
        guard let number = Int(code), let meaning = meaning(number) else { return code }
        return "\(code) (\(meaning))"
    }
}
