import SwitchboardSupport

/// The text rules voice names and prompts share.
enum VoiceText {
    /// 1 to `max` characters (Unicode scalars, as JSON Schema counts), without leading or trailing spaces.
    static func check(_ text: String, field: String, max: Int) throws(VoiceError) {
        guard !text.isEmpty, text.unicodeScalars.count <= max, text.trimmingASCIIWhitespace() == text else {
            throw .invalidField(field, "must be 1 to \(max) characters, without leading or trailing spaces")
        }
    }
}
