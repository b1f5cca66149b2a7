import PluginKit
import TwilioPlatform

/// POST /voice/transcription: Twilio's `<Record transcribeCallback>`. A completed transcription joins
/// the call's conversation as the caller's message "Transcript: <TranscriptionText>" (its provider
/// id the TranscriptionSid, so a repeated callback is stored once), beside the voicemail it transcribes
/// (whose provider id is the RecordingSid). A failed one is logged and stores nothing.
struct TranscriptionRoute {
    let context: VoiceContext

    static let prefix = "Transcript: "

    func handle(_ request: PluginHTTPRequest) throws(TwilioWebhook.Refusal) -> PluginHTTPResponse {
        let webhook = try context.webhook(request)
        let callSID = try webhook.required("CallSid")
        let transcriptionSID = try webhook.required("TranscriptionSid")
        let recordingSID = try webhook.required("RecordingSid")
        let status = try webhook.required("TranscriptionStatus")
        guard status == "completed" else {
            context.host.log(.warn, "voice: transcription \(transcriptionSID) of recording \(recordingSID) (call \(callSID)) \(status)")
            return TwilioWebhook.emptyResponse
        }
        let text = (webhook["TranscriptionText"] ?? "").trimmingASCIIWhitespace()
        guard !text.isEmpty else {
            context.host.log(.info, "voice: transcription \(transcriptionSID) of recording \(recordingSID) is empty")
            return TwilioWebhook.emptyResponse
        }
        guard let call = context.call(callSID) else {
            context.host.log(.warn, "voice: transcription \(transcriptionSID) of an unknown call \(callSID) ignored")
            return TwilioWebhook.emptyResponse
        }
        let message = InboundMessage(identityKind: "phone", identityValue: call.caller, providerMessageID: transcriptionSID,
                                     text: Self.prefix + text, conversationID: call.conversationID)
        do { _ = try context.host.ingest(message) } catch {
            context.host.log(.error, "voice: could not store transcription \(transcriptionSID) of \(callSID): \(error)")
            throw TwilioWebhook.Refusal(500, "could not store the transcription")
        }
        return TwilioWebhook.emptyResponse
    }
}
