import SwitchboardSupport

/// What an Agent Stack's reply may look like on the channel that delivered the customer's message,
/// derived from the channel plugin's manifest (kind, capabilities, reply window) and the
/// conversation's window state. Every turn carries one: the chat-completions engine states it in
/// the system message, the built-in engine composes within it. The outbox's fitting still
/// guarantees the result (`OutputFitting`); this rule only spares the customer a cut answer.
public struct OutputRule: Sendable, Equatable {
    /// The channel's kind (`manifest.channel_kind`: sms, email, whatsapp, voice, …).
    public var kind: String
    public var limits: OutputLimits
    /// The channel speaks the reply (a voice line): short sentences, no formatting, no links.
    public var spoken: Bool
    /// Where the conversation's reply window stands (`.none`: the channel has no window).
    public var window: ReplyWindowState

    public init(kind: String, limits: OutputLimits, spoken: Bool = false, window: ReplyWindowState = .none) {
        self.kind = kind
        self.limits = limits
        self.spoken = spoken
        self.window = window
    }

    public static let spokenRule = "short sentences, no formatting, no links"

    /// Whether a stack's free-text reply can reach the customer now: not once the window is
    /// closed, nor when it is open only for a person's reply.
    public var freeTextAllowed: Bool { window.refusal(authorKind: .stack, channel: kind) == nil }

    /// The format a stack should write in: never richer than the channel's, plain when spoken.
    public var format: TextFormat { spoken ? .plain : limits.format }

    /// The content the channel renders, in the manifest's words.
    public var renders: [String] {
        [("text", true), ("images", limits.images), ("files", limits.files), ("rich", limits.rich)].filter { $0.1 && !spoken }.map(\.0)
            .ifEmpty(["speech"])
    }

    /// The window's state in one word: open, human_only, closed, or none.
    public var windowWord: String {
        switch window {
        case .none: "none"
        case .open: "open"
        case .humanOnly: "human_only"
        case .closed: "closed"
        }
    }

    /// One machine-readable line (`key=value; …`), then what it means in words. The chat-completions
    /// engine puts both in its system message.
    public var line: String {
        var parts = ["kind=\(kind)", "renders=\(renders.joined(separator: ","))", "format=\(format.rawValue)",
                     "max_length=\(limits.maxTextLength == 0 ? "none" : String(limits.maxTextLength))", "reply_window=\(windowWord)"]
        if spoken { parts.append("spoken=\(Self.spokenRule)") }
        return "Output rule: " + parts.joined(separator: "; ")
    }

    /// The rule in words, for a model.
    public var guidance: String {
        var sentences: [String] = []
        if spoken {
            sentences.append("Your reply is spoken to the caller: \(Self.spokenRule); one or two sentences.")
        } else {
            switch format {
            case .plain: sentences.append("Write plain text: no Markdown, no HTML.")
            case .markdown: sentences.append("You may use Markdown.")
            case .html: sentences.append("You may use simple HTML.")
            }
        }
        if limits.maxTextLength > 0 { sentences.append("Keep the reply under \(limits.maxTextLength) characters.") }
        if !freeTextAllowed {
            sentences.append("The channel's reply window is \(windowWord == "closed" ? "closed" : "open only for a person's reply"): "
                             + "a text reply will not be delivered. Use one of the channel actions, or call hand_over.")
        }
        return sentences.joined(separator: " ")
    }
}

extension Array {
    fileprivate func ifEmpty(_ fallback: [Element]) -> [Element] { isEmpty ? fallback : self }
}
