#if canImport(Glibc)
import Glibc
#endif
import SwitchboardSupport
import SwitchboardTransport

/// Programmable Voice's Calls API (`POST Calls.json`), checked as Twilio checks it: To (a number or
/// a SIP address), From (one of the account's numbers), Url (TwiML for when the call is answered),
/// StatusCallback. Answered with the Call resource (201); the outbound call is then played on its
/// own thread like any other call: the callee answers (or not, per `setAnswer`), Twilio fetches
/// Url and follows the TwiML — `<Dial><Queue>` takes the first caller waiting in that queue — and
/// the status callback is posted, signed.
extension FakeTwilio {
    /// A call placed through the Calls API.
    public struct OutboundCall: Sendable {
        public var sid: String
        public var to: String
        public var from: String
        public var url: String
        public var statusCallback: String?
        /// How it ended: "completed" (answered), "no-answer", "busy", or "failed: …".
        public var status = "queued"
        public var said: [String] = []
        /// The verbs played once answered ("Dial:Queue:<queue>", "Dial:<number>" …).
        public var verbs: [String] = []
    }

    /// How the phone at `to` (an agent's or a customer's) answers calls: "answer" (the default),
    /// "no-answer" or "busy"; for a `<Dial>` to it, the DialCallStatus.
    public func setAnswer(_ to: String, _ behaviour: String) { state.withLock { $0.answering[to] = behaviour } }

    public var outboundCalls: [OutboundCall] { state.withLock { $0.outbound } }

    /// The DialCallStatus of a `<Dial>` to `number` as `setAnswer` set it (nil: the caller's script decides).
    func dialStatus(_ number: String) -> String? {
        state.withLock { $0.answering[number] }.map { $0 == "answer" ? "completed" : $0 }
    }

    func createCall(_ form: [(String, String)]) throws -> HTTPResponse {
        guard let to = form.first("To"), !to.isEmpty else { throw TwilioAPIError(status: 400, code: 21201, message: "No 'To' number is specified") }
        guard let from = form.first("From"), !from.isEmpty else { throw TwilioAPIError(status: 400, code: 21213, message: "No 'From' number is specified") }
        guard Self.isE164(to) || (to.hasPrefix("sip:") && to.contains("@")) else { throw TwilioAPIError.invalidTo(to) }
        guard state.withLock({ $0.owned.contains { $0.phoneNumber == from } }) else {
            throw TwilioAPIError(status: 400, code: 21210, message: "The source phone number provided, \(from), is not yet verified for your account.")
        }
        guard let url = form.first("Url") else { throw TwilioAPIError(status: 400, code: 21205, message: "Url parameter is required.") }
        guard Self.isHTTPURL(url) else { throw TwilioAPIError(status: 400, code: 21205, message: "Url is not a valid URL: \(url)") }
        let callback = form.first("StatusCallback")
        if let callback, !Self.isHTTPURL(callback) { throw TwilioAPIError.invalidURL("StatusCallback", callback) }
        if let method = form.first("Method"), method != "POST" && method != "GET" {
            throw TwilioAPIError(status: 400, code: 21209, message: "Method must be GET or POST")
        }
        let call = OutboundCall(sid: nextSID("CA"), to: to, from: from, url: url, statusCallback: callback)
        state.withLock { $0.outbound.append(call) }
        startThread(name: "fake-outbound-call") { [self] in play(call) }
        return .json(201, ["sid": .string(call.sid), "account_sid": .string(accountSID), "to": .string(to), "from": .string(from),
                           "status": "queued", "direction": "outbound-api", "api_version": "2010-04-01",
                           "uri": .string("/2010-04-01/Accounts/\(accountSID)/Calls/\(call.sid).json")])
    }

    /// Rings, then plays the answered call; its outcome is kept in `outboundCalls`.
    private func play(_ call: OutboundCall) {
        usleep(50_000)   // the API answered first, as Twilio's does
        let behaviour = state.withLock { $0.answering[call.to] } ?? "answer"
        var status = behaviour, said: [String] = [], verbs: [String] = []
        do {
            if behaviour == "answer" {
                var script = CallScript(from: call.from, to: call.to, dialStatus: "completed", callSID: call.sid)
                script.direction = "outbound-api"
                let played = try placeCall(script, voiceURL: call.url, statusCallback: call.statusCallback)
                status = played.status
                said = played.said
                verbs = played.verbs
            } else if let callback = call.statusCallback {
                let params = [("CallSid", call.sid), ("AccountSid", accountSID), ("From", call.from), ("To", call.to),
                              ("CallStatus", behaviour), ("Direction", "outbound-api"), ("ApiVersion", "2010-04-01")]
                _ = try TwilioRequestSigner.post(params, to: reachable(callback), signedURL: callback, authToken: authToken)
            }
        } catch {
            status = "failed: \(error)"
        }
        state.withLock { state in
            guard let index = state.outbound.firstIndex(where: { $0.sid == call.sid }) else { return }
            state.outbound[index].status = status
            state.outbound[index].said = said
            state.outbound[index].verbs = verbs
        }
    }

    // MARK: queues: callers waiting for a `<Dial><Queue>`

    func joinQueue(_ queue: String, callSID: String) { state.withLock { $0.queues[queue, default: []].append(callSID) } }

    /// The caller is still waiting (not bridged); taken out of the queue when `leave`.
    func stillWaiting(_ queue: String, callSID: String, leave: Bool = false) -> Bool {
        state.withLock { state in
            let waiting = state.queues[queue]?.contains(callSID) ?? false
            if leave { state.queues[queue]?.removeAll { $0 == callSID } }
            return waiting
        }
    }

    /// `<Dial><Queue>`: the first caller waiting is bridged (nil: nobody waits).
    func bridgeFirst(_ queue: String) -> String? {
        state.withLock { state in
            guard var waiting = state.queues[queue], !waiting.isEmpty else { return nil }
            let first = waiting.removeFirst()
            state.queues[queue] = waiting
            return first
        }
    }
}
