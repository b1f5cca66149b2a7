/// How a queue sounds to a caller on hold (from the queue's settings and the queue node).
public struct VoiceHoldSettings: Sendable, Equatable {
    public var holdPrompt: String?
    public var holdMusicURL: String?
    public var announcePosition: Bool
    public var maxWaitSeconds: Int
    public var offersCallback: Bool

    public init(holdPrompt: String?, holdMusicURL: String?, announcePosition: Bool, maxWaitSeconds: Int, offersCallback: Bool) {
        self.holdPrompt = holdPrompt
        self.holdMusicURL = holdMusicURL
        self.announcePosition = announcePosition
        self.maxWaitSeconds = maxWaitSeconds
        self.offersCallback = offersCallback
    }
}

/// What a caller on hold hears each time the provider's wait loop asks (Twilio's `waitUrl`), or why
/// they leave the queue. Never silence: every round speaks or plays, then comes back.
public enum VoiceHold {
    /// The key that asks for a callback while on hold.
    public static let callbackKey = "*"
    public static let defaultPrompt = "Thank you for waiting. An agent will be with you shortly."
    public static let callbackOffer = "To be called back without losing your place in line, press star."

    public enum Answer: Sendable, Equatable {
        /// Speak, play the music (if any), listen for the callback key when `listensForCallback`, then ask again.
        case hold(say: [String], musicURL: String?, listensForCallback: Bool)
        /// Leave the queue: `maxWait` or `callbackRequested` (the queue node's exits).
        case leave(IVRQueueResult, say: [String])
    }

    /// `position` is the caller's place (1 = next); `pressed` the keys heard in the last round.
    public static func answer(_ settings: VoiceHoldSettings, position: Int?, waitedSeconds: Int, pressed: String?) -> Answer {
        if settings.offersCallback, pressed == callbackKey {
            return .leave(.callbackRequested, say: ["We will call you back. You keep your place in line. Goodbye."])
        }
        if waitedSeconds >= settings.maxWaitSeconds { return .leave(.maxWait, say: []) }
        var say = [settings.holdPrompt ?? defaultPrompt]
        if settings.announcePosition, let position {
            say.append(position == 1 ? "You are next in line." : "You are number \(position) in line.")
        }
        if settings.offersCallback { say.append(callbackOffer) }
        return .hold(say: say, musicURL: settings.holdMusicURL, listensForCallback: settings.offersCallback)
    }
}
