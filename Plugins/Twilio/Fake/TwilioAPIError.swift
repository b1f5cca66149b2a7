import SwitchboardSupport
import SwitchboardTransport

/// An error answer in Twilio's REST shape:
/// `{"code": 21211, "message": "…", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}`.
struct TwilioAPIError: Error {
    var status: Int
    var code: Int
    var message: String

    func response() -> HTTPResponse {
        .json(status, ["code": .number(Double(code)), "message": .string(message),
                       "more_info": .string("https://www.twilio.com/docs/errors/\(code)"), "status": .number(Double(status))])
    }

    static let authenticate = TwilioAPIError(status: 401, code: 20003, message: "Authenticate")
    static func notFound(_ path: String) -> TwilioAPIError {
        TwilioAPIError(status: 404, code: 20404, message: "The requested resource \(path) was not found")
    }
    static func invalidTo(_ to: String) -> TwilioAPIError {
        TwilioAPIError(status: 400, code: 21211, message: "The 'To' number \(to) is not a valid phone number.")
    }
    static func regionDisabled(_ to: String) -> TwilioAPIError {
        TwilioAPIError(status: 400, code: 21408, message: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: \(to).")
    }
    static let optedOut = TwilioAPIError(status: 400, code: 21610, message: "Attempt to send to unsubscribed recipient")
    static let bodyRequired = TwilioAPIError(status: 400, code: 21602, message: "Message body is required.")
    static let fromRequired = TwilioAPIError(status: 400, code: 21603, message: "A 'From' phone number is required.")
    static let toRequired = TwilioAPIError(status: 400, code: 21604, message: "A 'To' phone number is required.")
    static func notYourNumber(_ from: String) -> TwilioAPIError {
        TwilioAPIError(status: 400, code: 21606, message: "The From phone number \(from) is not a valid, SMS-capable inbound phone number or short code for your account.")
    }
    static let tooLong = TwilioAPIError(status: 400, code: 21617, message: "The concatenated message body exceeds the 1600 character limit.")
    static let tooManyMedia = TwilioAPIError(status: 400, code: 21623, message: "Number of media files exceeds allowed limit.")
    static func invalidService(_ sid: String) -> TwilioAPIError {
        TwilioAPIError(status: 400, code: 21701, message: "The Messaging Service Sid \(sid) is invalid.")
    }
    static func invalidURL(_ name: String, _ url: String) -> TwilioAPIError {
        TwilioAPIError(status: 400, code: 21609, message: "The \(name) URL \(url) is not a valid URL.")
    }
    static func numberUnavailable(_ number: String) -> TwilioAPIError {
        TwilioAPIError(status: 400, code: 21422, message: "Phone number \(number) is not available.")
    }
    static let numberRequired = TwilioAPIError(status: 400, code: 21421, message: "PhoneNumber or AreaCode is required.")
    static let unsupportedMediaType = TwilioAPIError(status: 400, code: 20001, message: "Content-Type must be application/x-www-form-urlencoded")
    static func methodNotAllowed(_ method: String) -> TwilioAPIError {
        TwilioAPIError(status: 405, code: 20004, message: "Method \(method) not allowed")
    }
}
