import SwitchboardSupport
import SwitchboardTransport

/// `POST Messages.json`, checked as Twilio checks it, answered with the Message resource (201).
extension FakeTwilio {
    func createMessage(_ form: [(String, String)]) throws -> HTTPResponse {
        if let failure = state.withLock({ state -> Int? in
            guard let pending = state.failAfter, pending.successes == 0 else { return nil }
            state.failAfter = nil
            return pending.status
        }) {
            throw TwilioAPIError(status: failure, code: 20000 + failure, message: "Service Unavailable")
        }
        guard let to = form.first("To"), !to.isEmpty else { throw TwilioAPIError.toRequired }
        let service = form.first("MessagingServiceSid")
        let from = try sender(from: form.first("From"), service: service)
        let body = form.first("Body") ?? ""
        let media = form.all("MediaUrl")
        guard !body.isEmpty || !media.isEmpty else { throw TwilioAPIError.bodyRequired }
        guard Self.isE164(to) else { throw TwilioAPIError.invalidTo(to) }
        guard body.utf16.count <= 1_600 else { throw TwilioAPIError.tooLong }
        guard media.count <= 10 else { throw TwilioAPIError.tooManyMedia }
        for url in media where !Self.isHTTPURL(url) { throw TwilioAPIError.invalidURL("MediaUrl", url) }
        if let callback = form.first("StatusCallback"), !Self.isHTTPURL(callback) { throw TwilioAPIError.invalidURL("StatusCallback", callback) }
        let (disabled, optedOut) = state.withLock { state in
            // Twilio applies an opt-out to the whole Messaging Service the sending number belongs to.
            let scopes = [service ?? from] + state.services.filter { $0.value.contains(from) }.map(\.key)
            return (state.disabledPrefixes.contains { to.hasPrefix($0) }, scopes.contains { state.optedOut.contains("\($0)|\(to)") })
        }
        if disabled { throw TwilioAPIError.regionDisabled(to) }
        if optedOut { throw TwilioAPIError.optedOut }
        let message = SentMessage(sid: nextSID(media.isEmpty ? "SM" : "MM"), to: to, from: from, messagingServiceSID: service, body: body,
                                  mediaURLs: media, statusCallback: form.first("StatusCallback"), fields: form)
        state.withLock { state in
            state.sent.append(message)
            if let pending = state.failAfter { state.failAfter = (pending.successes - 1, pending.status) }
        }
        return .json(201, [
            "sid": .string(message.sid), "account_sid": .string(accountSID), "from": .string(from), "to": .string(to),
            "body": .string(body), "status": .string("queued"), "num_media": .string(String(media.count)),
            "num_segments": .string("1"), "direction": .string("outbound-api"), "messaging_service_sid": .from(service),
            "error_code": .null, "error_message": .null, "api_version": .string("2010-04-01"),
            "uri": .string("/2010-04-01/Accounts/\(accountSID)/Messages/\(message.sid).json"),
        ])
    }

    /// `From` must be an SMS-capable number of the account; a Messaging Service sends from its pool.
    private func sender(from: String?, service: String?) throws -> String {
        if let service, !service.isEmpty {
            guard let pool = state.withLock({ $0.services[service] }), let first = pool.first else { throw TwilioAPIError.invalidService(service) }
            return first
        }
        guard let from, !from.isEmpty else { throw TwilioAPIError.fromRequired }
        guard state.withLock({ $0.owned.contains { $0.phoneNumber == from && $0.sms } }) else { throw TwilioAPIError.notYourNumber(from) }
        return from
    }

    static func isE164(_ value: String) -> Bool {
        guard value.first == "+" else { return false }
        let digits = value.dropFirst()
        return (8...15).contains(digits.count) && digits.first != "0" && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func isHTTPURL(_ value: String) -> Bool { value.hasPrefix("https://") || value.hasPrefix("http://") }
}
