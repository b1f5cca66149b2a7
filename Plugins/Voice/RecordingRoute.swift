import PluginKit
import TwilioPlatform

/// POST /voice/recording: Twilio's recordingStatusCallback. A completed recording (a voicemail) is
/// downloaded with the account's credentials into the host's file store and added to the call's
/// conversation as the caller's message; the same RecordingSid twice is stored once.
struct RecordingRoute {
    let context: VoiceContext

    static let downloadTimeoutMs: UInt32 = 10_000

    func handle(_ request: PluginHTTPRequest) throws(TwilioWebhook.Refusal) -> PluginHTTPResponse {
        let webhook = try context.webhook(request)
        let callSID = try webhook.required("CallSid")
        let recordingSID = try webhook.required("RecordingSid")
        let url = try webhook.required("RecordingUrl")
        guard webhook["RecordingStatus"] == "completed" else { return TwilioWebhook.emptyResponse }
        guard let call = context.call(callSID) else {
            context.host.log(.warn, "voice: recording \(recordingSID) of an unknown call \(callSID) ignored")
            return TwilioWebhook.emptyResponse
        }
        let seconds = webhook["RecordingDuration"].flatMap(Int.init) ?? 0
        let name = "\(recordingSID).mp3"
        let attachment: JSON
        switch context.client.downloadMedia(url + ".mp3", timeoutMs: Self.downloadTimeoutMs) {
        case .success(let media):
            do {
                attachment = try JSON.parse(try context.host.storeFile(name: name, contentType: "audio/mpeg", data: media.bytes))
            } catch {
                context.host.log(.warn, "voice: could not store recording \(recordingSID): \(error)")
                attachment = ["name": .string(name), "content_type": "audio/mpeg", "url": .string(url + ".mp3"), "error": .string("\(error)")]
            }
        case .failure(let error):
            context.host.log(.warn, "voice: could not download recording \(recordingSID): \(error)")
            attachment = ["name": .string(name), "content_type": "audio/mpeg", "url": .string(url + ".mp3"), "error": .string(error.description)]
        }
        let message = InboundMessage(identityKind: "phone", identityValue: call.caller, providerMessageID: recordingSID,
                                     text: "Voicemail (\(seconds) s)", attachmentsJSON: JSON.array([attachment]).serialized,
                                     conversationID: call.conversationID)
        do { _ = try context.host.ingest(message) } catch {
            context.host.log(.error, "voice: could not store recording \(recordingSID) of \(callSID): \(error)")
            throw TwilioWebhook.Refusal(500, "could not store the recording")
        }
        return TwilioWebhook.emptyResponse
    }
}
