/// How a caller may answer a prompt.
public enum IVRInputMode: String, Codable, Equatable, Sendable {
    case dtmf, speech
}

/// One choice of a menu: a key, spoken phrases, or both, leading to its own exit.
public struct IVRMenuOption: Equatable, Sendable {
    public let exit: String
    public let digits: String?
    public let phrases: [String]
}

/// A prompt with choices. Attempts count every time the menu prompts in a call (not only retries),
/// so any loop through a menu ends at its `max_attempts` exit.
public struct IVRMenu: Equatable, Sendable {
    public let prompt: String
    public let inputs: [IVRInputMode]
    public let timeoutSeconds: Int
    public let maxAttempts: Int
    public let options: [IVRMenuOption]

    /// The option a key press or phrase picks; phrases match case-insensitively anywhere in the speech.
    public func option(digits: String) -> IVRMenuOption? {
        inputs.contains(.dtmf) ? options.first { $0.digits == digits } : nil
    }

    public func option(speech: String) -> IVRMenuOption? {
        guard inputs.contains(.speech) else { return nil }
        let heard = speech.lowercased()
        return options.first { option in option.phrases.contains { heard.contains($0.lowercased()) } }
    }
}
