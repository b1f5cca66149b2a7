#if canImport(Glibc)
import Glibc
#endif
import SwitchboardSupport

/// Twilio Voice playing a call the way Twilio does: it posts the call to the number's Voice URL,
/// follows the TwiML it gets back verb by verb (Say, Play, Pause, Gather, Redirect, Record, Enqueue
/// with its waitUrl, Dial, Leave, Hangup), posts each action with Twilio's parameters, signed as
/// Twilio signs them, and ends with the status callback. TwiML Twilio would refuse fails the call
/// (`TwiMLError`). What the caller does is scripted.
extension FakeTwilio {
    /// What the caller (and the world around the call) does.
    public struct CallScript: Sendable {
        public var from: String
        public var to: String
        /// One answer per `<Gather>`, in order: digits ("2"), "speech:billing", or "" (silence: the gather times out).
        public var answers: [String] = []
        /// How a queue wait ends: "bridged" (an agent answered), "hangup", or "leave" (the wait loop's maximum);
        /// "star": the caller presses * on hold (a callback); "agent": the caller waits until an agent's call bridges them with `<Dial><Queue>` (bounded: then "hangup").
        public var queueResult = "bridged"
        /// DialCallStatus of a `<Dial>`.
        public var dialStatus = "completed"
        /// A recording the caller leaves at `<Record>` (seconds, audio bytes); nil: silence.
        public var recording: (seconds: Int, bytes: [UInt8])?
        /// What Twilio's transcription of that recording reads (for `<Record transcribe="true">`).
        public var transcript = ""
        /// The caller hangs up after this many documents (nil: when the TwiML ends the call).
        public var hangUpAfter: Int?
        /// Fixed by a test that continues a call by hand; a fresh CallSid otherwise.
        public var callSID: String?
        /// "inbound", or "outbound-api" for a call placed with the Calls API.
        public var direction = "inbound"

        public init(from: String, to: String, answers: [String] = [], queueResult: String = "bridged", dialStatus: String = "completed",
                    recording: (seconds: Int, bytes: [UInt8])? = nil, hangUpAfter: Int? = nil, callSID: String? = nil) {
            self.from = from
            self.to = to
            self.answers = answers
            self.queueResult = queueResult
            self.dialStatus = dialStatus
            self.recording = recording
            self.hangUpAfter = hangUpAfter
            self.callSID = callSID
        }
    }

    /// What happened in a call.
    public struct PlayedCall: Sendable {
        public var callSID: String
        /// Every TwiML document received, as text.
        public var documents: [String] = []
        /// What the caller heard, in order.
        public var said: [String] = []
        /// The verbs played ("Gather", "Enqueue:general" …).
        public var verbs: [String] = []
        /// Every request Twilio made: (url, status answered).
        public var requests: [(url: String, status: Int)] = []
        /// How the call ended: completed, or the error that ended it.
        public var status = "completed"
        public var recordingSID: String?
        public var transcriptionSID: String?
    }

    static let maxDocuments = 40
    /// Twilio transcribes recordings of at most two minutes.
    static let maxTranscribedSeconds = 120

    /// Plays a call to `voiceURL`; the status callback goes to `statusCallback` when given.
    public func placeCall(_ script: CallScript, voiceURL: String, statusCallback: String? = nil) throws -> PlayedCall {
        var call = PlayedCall(callSID: script.callSID ?? nextSID("CA"))
        var player = CallPlayer(fake: self, script: script, call: call)
        do {
            try player.run(voiceURL)
        } catch let error as TwiMLError {
            player.call.status = "failed: \(error.description)"
        }
        call = player.call
        if let statusCallback {
            let answer = try postCallStatus(statusCallback, callSID: call.callSID, from: script.from, to: script.to,
                                            direction: script.direction, duration: player.elapsedSeconds)
            call.requests.append((statusCallback, answer.status))
        }
        return call
    }

    /// The call's status callback as Twilio posts it when the call is over (again, for a test of a repeated one).
    public func postCallStatus(_ url: String, callSID: String, from: String, to: String, status: String = "completed",
                               direction: String = "inbound", duration: Int = 1) throws -> (status: Int, contentType: String, text: String) {
        let params = [("CallSid", callSID), ("AccountSid", accountSID), ("From", from), ("To", to), ("CallStatus", status),
                      ("Direction", direction), ("ApiVersion", "2010-04-01"), ("CallDuration", String(duration))]
        return try TwilioRequestSigner.post(params, to: reachable(url), signedURL: url, authToken: authToken)
    }

    /// A signed request for one call, as Twilio would post it (for tests that drive a call by hand).
    public func postCallRequest(_ url: String, callSID: String, from: String, to: String, extra: [(String, String)] = [],
                                signature: String? = nil) throws -> (status: Int, contentType: String, text: String) {
        let params = [("CallSid", callSID), ("AccountSid", accountSID), ("From", from), ("To", to), ("CallStatus", "in-progress"),
                      ("Direction", "inbound"), ("ApiVersion", "2010-04-01")] + extra
        return try TwilioRequestSigner.post(params, to: reachable(url), signedURL: url, authToken: authToken, signature: signature)
    }

    /// A recording of a call, served behind the account's credentials at `<RecordingUrl>.mp3`. Returns (sid, RecordingUrl).
    public func hostRecording(_ bytes: [UInt8]) -> (sid: String, url: String) {
        state.withLock { state in
            let sid = Self.sid("RE", &state.sequence)
            let path = "/2010-04-01/Accounts/\(accountSID)/Recordings/\(sid)"
            state.media[path + ".mp3"] = HostedMedia(bytes: bytes, contentType: "audio/mpeg")
            return (sid, baseURL + path)
        }
    }
}

/// One call being played.
struct CallPlayer {
    let fake: FakeTwilio
    let script: FakeTwilio.CallScript
    var call: FakeTwilio.PlayedCall
    var answers: [String]
    var elapsedSeconds = 1

    init(fake: FakeTwilio, script: FakeTwilio.CallScript, call: FakeTwilio.PlayedCall) {
        self.fake = fake
        self.script = script
        self.call = call
        answers = script.answers
    }

    var base: [(String, String)] {
        [("CallSid", call.callSID), ("AccountSid", fake.accountSID), ("From", script.from), ("To", script.to),
         ("CallStatus", "in-progress"), ("Direction", script.direction), ("ApiVersion", "2010-04-01")]
    }

    /// Fetches and plays documents until the call ends.
    mutating func run(_ firstURL: String) throws {
        var next: (url: String, params: [(String, String)])? = (firstURL, [])
        while let (url, params) = next {
            if call.documents.count >= FakeTwilio.maxDocuments { throw TwiMLError("the call went on for \(FakeTwilio.maxDocuments) documents") }
            if let limit = script.hangUpAfter, call.documents.count >= limit { call.status = "completed"; return }
            let verbs = try fetch(url, params)
            next = try play(verbs)
        }
    }

    /// One signed request; its answer must be TwiML.
    mutating func fetch(_ url: String, _ params: [(String, String)]) throws -> [TwiMLNode] {
        let answer = try TwilioRequestSigner.post(base + params, to: fake.reachable(url), signedURL: url, authToken: fake.authToken)
        call.requests.append((url, answer.status))
        guard answer.status == 200 else { throw TwiMLError("11200: \(url) answered \(answer.status): \(answer.text)") }
        guard answer.contentType.hasPrefix("text/xml") || answer.contentType.hasPrefix("application/xml") else {
            throw TwiMLError("12300: invalid Content-Type \(answer.contentType)")
        }
        call.documents.append(answer.text)
        return try TwiMLDocument.parse(answer.text)
    }

    /// Plays verbs in order; the next request, or nil when the call ends.
    mutating func play(_ verbs: [TwiMLNode]) throws -> (url: String, params: [(String, String)])? {
        for verb in verbs {
            call.verbs.append(verb.name)
            switch verb.name {
            case "Say": call.said.append(verb.text)
            case "Play", "Pause": elapsedSeconds += 1
            case "Gather":
                for child in verb.children where child.name == "Say" { call.said.append(child.text) }
                let answer = answers.isEmpty ? "" : answers.removeFirst()
                elapsedSeconds += 3
                guard !answer.isEmpty, let action = verb.attribute("action") else { continue }  // silence: on to the next verb
                let field = answer.hasPrefix("speech:") ? [("SpeechResult", String(answer.dropFirst(7))), ("Confidence", "0.92")] : [("Digits", answer)]
                return (action, field)
            case "Redirect": return (verb.text.trimmingASCIIWhitespace(), [])
            case "Record":
                guard let recording = script.recording, let action = verb.attribute("action") else { continue }
                let hosted = fake.hostRecording(recording.bytes)
                call.recordingSID = hosted.sid
                elapsedSeconds += recording.seconds
                let params = [("RecordingSid", hosted.sid), ("RecordingUrl", hosted.url), ("RecordingDuration", String(recording.seconds)),
                              ("Digits", "hangup")]
                let document = try fetch(action, params)
                if let callback = verb.attribute("recordingStatusCallback") {
                    let status: [(String, String)] = [("AccountSid", fake.accountSID), ("CallSid", call.callSID), ("RecordingSid", hosted.sid),
                                                      ("RecordingUrl", hosted.url), ("RecordingStatus", "completed"),
                                                      ("RecordingDuration", String(recording.seconds)), ("RecordingChannels", "1"),
                                                      ("RecordingSource", "RecordVerb")]
                    let answer = try TwilioRequestSigner.post(status, to: fake.reachable(callback), signedURL: callback, authToken: fake.authToken)
                    call.requests.append((callback, answer.status))
                }
                try transcribe(verb, recording: hosted, seconds: recording.seconds)
                return try play(document)
            case "Enqueue":
                call.verbs[call.verbs.count - 1] = "Enqueue:" + verb.text
                let (queueTime, result) = try waitInQueue(verb)
                guard let action = verb.attribute("action") else { return nil }
                return (action, [("QueueResult", result), ("QueueSid", "QU" + String(repeating: "0", count: 32)),
                                 ("QueueTime", String(queueTime))])
            case "Dial" where verb.children.contains { $0.name == "Queue" }:
                // The agent's side: bridged to the first caller waiting in the queue, talks, and the call goes on.
                let queue = verb.children.first { $0.name == "Queue" }?.text.trimmingASCIIWhitespace() ?? ""
                call.verbs[call.verbs.count - 1] = "Dial:Queue:" + queue + (fake.bridgeFirst(queue) == nil ? ":empty" : "")
                elapsedSeconds += 5
            case "Dial":
                let number = verb.text.trimmingASCIIWhitespace()
                call.verbs[call.verbs.count - 1] = "Dial:" + number
                guard let action = verb.attribute("action") else { continue }
                return (action, [("DialCallStatus", fake.dialStatus(number) ?? script.dialStatus), ("DialCallDuration", "5")])
            case "Hangup", "Leave", "Reject": return nil
            default: throw TwiMLError("12200: <\(verb.name)> cannot be played here")
            }
        }
        return nil   // the document ended: Twilio hangs up
    }

    /// `<Record transcribe="true" transcribeCallback>` (a callback alone implies transcribe): Twilio posts
    /// the transcription, signed, with the call's parameters; recordings over two minutes fail.
    mutating func transcribe(_ verb: TwiMLNode, recording: (sid: String, url: String), seconds: Int) throws {
        guard let callback = verb.attribute("transcribeCallback"), verb.attribute("transcribe") != "false" else { return }
        let completed = seconds <= FakeTwilio.maxTranscribedSeconds && !script.transcript.isEmpty
        let sid = fake.nextSID("TR")
        let params = base + [("TranscriptionSid", sid), ("TranscriptionText", completed ? script.transcript : ""),
                             ("TranscriptionStatus", completed ? "completed" : "failed"),
                             ("TranscriptionUrl", fake.baseURL + "/2010-04-01/Accounts/\(fake.accountSID)/Transcriptions/\(sid)"),
                             ("TranscriptionType", "fast"), ("RecordingSid", recording.sid), ("RecordingUrl", recording.url)]
        let answer = try TwilioRequestSigner.post(params, to: fake.reachable(callback), signedURL: callback, authToken: fake.authToken)
        call.requests.append((callback, answer.status))
        call.transcriptionSID = sid
    }

    /// Plays the waitUrl once (it must be wait TwiML), and again past the maximum when the script leaves.
    mutating func waitInQueue(_ verb: TwiMLNode) throws -> (seconds: Int, result: String) {
        guard let waitURL = verb.attribute("waitUrl") else { return (0, script.queueResult) }
        let allowed: Set<String> = ["Say", "Play", "Pause", "Gather", "Redirect", "Leave", "Hangup"]
        func wait(_ seconds: Int) throws -> [TwiMLNode] {
            let verbs = try fetch(waitURL, [("QueuePosition", "1"), ("QueueTime", String(seconds)), ("AvgQueueTime", "30"),
                                            ("CurrentQueueSize", "1"), ("QueueSid", "QU" + String(repeating: "0", count: 32))])
            for v in verbs where !allowed.contains(v.name) { throw TwiMLError("12200: <\(v.name)> is not allowed in a waitUrl document") }
            for v in verbs where v.name == "Say" { call.said.append(v.text) }
            for v in verbs where v.name == "Gather" { call.said += v.children.filter { $0.name == "Say" }.map(\.text) }
            return verbs
        }
        if script.queueResult == "star" {
            // The caller presses * during the hold's Gather: its action answers the wait loop (it must leave).
            guard let gather = try wait(0).first(where: { $0.name == "Gather" }), let action = gather.attribute("action") else {
                throw TwiMLError("the wait document does not listen for *")
            }
            let verbs = try fetch(action, [("Digits", "*"), ("QueueTime", "20"), ("QueueSid", "QU" + String(repeating: "0", count: 32))])
            for v in verbs where v.name == "Say" { call.said.append(v.text) }
            guard verbs.contains(where: { $0.name == "Leave" }) else { throw TwiMLError("* on hold did not leave the queue") }
            return (20, "leave")
        }
        if script.queueResult == "agent" {
            let queue = verb.text.trimmingASCIIWhitespace()
            fake.joinQueue(queue, callSID: call.callSID)
            _ = try wait(0)
            // Until an agent's `<Dial><Queue>` takes the caller (polled every 50 ms, at most 20 s).
            for _ in 0..<400 {
                if !fake.stillWaiting(queue, callSID: call.callSID) { return (30, "bridged") }
                usleep(50_000)
            }
            return fake.stillWaiting(queue, callSID: call.callSID, leave: true) ? (20, "hangup") : (30, "bridged")
        }
        _ = try wait(0)
        guard script.queueResult == "leave" else { return (30, script.queueResult) }
        let late = 100_000
        guard try wait(late).contains(where: { $0.name == "Leave" }) else { throw TwiMLError("the wait document never left the queue") }
        return (late, "leave")
    }
}
