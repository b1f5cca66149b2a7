import PluginKit

/// The form of `POST Calls.json` (Programmable Voice's Calls API): an outbound call from one of the
/// account's numbers; when it is answered Twilio fetches `url` for its TwiML, and posts the call's
/// progress to `statusCallback` (the events named, `completed` always).
public struct CallRequest: Sendable, Equatable {
    public var to: String
    public var from: String
    public var url: String
    public var statusCallback: String?
    /// Seconds to let the phone ring (Twilio allows 5 to 600; 60 by default).
    public var timeoutSeconds: Int

    public init(to: String, from: String, url: String, statusCallback: String? = nil, timeoutSeconds: Int = 30) {
        self.to = to
        self.from = from
        self.url = url
        self.statusCallback = statusCallback
        self.timeoutSeconds = timeoutSeconds
    }

    public var fields: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [("To", to), ("From", from), ("Url", url), ("Method", "POST"),
                                                       ("Timeout", String(timeoutSeconds))]
        if let statusCallback {
            fields += [("StatusCallback", statusCallback), ("StatusCallbackMethod", "POST"), ("StatusCallbackEvent", "completed")]
        }
        return fields
    }
}

extension TwilioClient {
    /// `POST /Calls.json`: the call's sid once Twilio queued it (201 with the Call resource).
    public func placeCall(_ request: CallRequest, timeoutMs: UInt32) -> Result<String, TwilioError> {
        call("POST", "/Calls.json", form: request.fields, timeoutMs: timeoutMs).flatMap { json in
            guard let sid = json["sid"]?.stringValue, !sid.isEmpty else {
                return .failure(TwilioError(httpStatus: 201, message: "Twilio queued the call without a sid"))
            }
            return .success(sid)
        }
    }
}
