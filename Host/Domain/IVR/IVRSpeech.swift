/// How a text is spoken: the language (a locale, "en-US") and the voice ("Polly.Joanna"); nil leaves
/// the provider's default. A flow's `settings.language`/`settings.voice` are the defaults, a node's
/// `params.language`/`params.voice` override them for what that node says or listens for.
public struct IVRSpeechSettings: Codable, Equatable, Sendable {
    public var language: String?
    public var voice: String?

    public init(language: String? = nil, voice: String? = nil) {
        self.language = language
        self.voice = voice
    }

    /// These settings where given, else the fallback's (a node's over its flow's).
    public func over(_ fallback: IVRSpeechSettings) -> IVRSpeechSettings {
        IVRSpeechSettings(language: language ?? fallback.language, voice: voice ?? fallback.voice)
    }

    /// The locales Twilio speaks (`<Say language>`, with Amazon Polly and Google voices) and
    /// recognizes (`<Gather language>`): https://www.twilio.com/docs/voice/twiml/say/text-speech .
    public static let languages: Set<String> = [
        "af-ZA", "ar-AE", "ar-XA", "bg-BG", "bn-IN", "ca-ES", "cmn-CN", "cmn-TW", "cs-CZ", "cy-GB", "da-DK", "de-AT", "de-CH",
        "de-DE", "el-GR", "en-AU", "en-CA", "en-GB", "en-IE", "en-IN", "en-NZ", "en-US", "en-ZA", "es-ES", "es-MX", "es-US",
        "eu-ES", "fi-FI", "fil-PH", "fr-BE", "fr-CA", "fr-FR", "gl-ES", "gu-IN", "he-IL", "hi-IN", "hu-HU", "id-ID", "is-IS",
        "it-IT", "ja-JP", "kn-IN", "ko-KR", "lt-LT", "lv-LV", "ml-IN", "mr-IN", "ms-MY", "nb-NO", "nl-BE", "nl-NL", "pa-IN",
        "pl-PL", "pt-BR", "pt-PT", "ro-RO", "ru-RU", "sk-SK", "sr-RS", "sv-SE", "ta-IN", "te-IN", "th-TH", "tr-TR", "uk-UA",
        "vi-VN", "yue-HK", "zh-CN", "zh-HK", "zh-TW",
    ]

    public static let voiceRule = "man, woman, alice, Polly.<Voice>[-Neural|-Generative|-LongForm] or Google.<locale>-<Model>-<Variant>"

    /// Twilio's voice names: the basic man/woman/alice, Amazon Polly's `Polly.<Name>` (optionally
    /// `-Neural`, `-Generative` or `-LongForm`), Google's `Google.<locale>-<model>-<variant>`.
    public static func isVoice(_ name: String) -> Bool {
        if ["man", "woman", "alice"].contains(name) { return true }
        func letters(_ s: Substring) -> Bool { !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isLetter } }
        func word(_ s: Substring) -> Bool { !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
        guard name.utf8.count <= 64 else { return false }
        if name.hasPrefix("Polly.") {
            let parts = name.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false)
            guard let first = parts.first, letters(first), first.first!.isUppercase, parts.count <= 2 else { return false }
            return parts.count == 1 || ["Neural", "Generative", "LongForm"].contains(String(parts[1]))
        }
        if name.hasPrefix("Google.") {
            let parts = name.dropFirst(7).split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count >= 4, languages.contains("\(parts[0])-\(parts[1])") else { return false }
            return parts.dropFirst(2).allSatisfy(word)
        }
        return false
    }
}

/// One text to speak, with how to speak it.
public struct IVRSpeech: Codable, Equatable, Sendable, ExpressibleByStringLiteral {
    public let text: String
    public let settings: IVRSpeechSettings

    public init(_ text: String, _ settings: IVRSpeechSettings = IVRSpeechSettings()) {
        self.text = text
        self.settings = settings
    }

    public init(stringLiteral text: String) { self.init(text) }
}
