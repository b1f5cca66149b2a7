import PluginKit

/// Messaging Services (the Messaging API, messaging.twilio.com/v1): which numbers send for a
/// service. Twilio applies an opt-out to the whole service the number belongs to, so a channel
/// that learns one passes it on to whoever serves the service's other numbers.
extension TwilioClient {
    /// `GET /v1/Services/{MG…}/PhoneNumbers`: the service's numbers (one page of up to 1,000).
    public func serviceNumbers(_ serviceSID: String, timeoutMs: UInt32) -> Result<[String], TwilioError> {
        guard TwilioSID.isValid(serviceSID, prefix: "MG") else {
            return .failure(TwilioError(httpStatus: 400, message: "not a Messaging Service SID: \(serviceSID)"))
        }
        return call("GET", url: account.messagingBaseURL + "/v1/Services/\(serviceSID)/PhoneNumbers", form: [("PageSize", "1000")],
                    timeoutMs: timeoutMs)
            .map { ($0["phone_numbers"]?.arrayValue ?? []).compactMap { $0["phone_number"]?.stringValue } }
    }
}
