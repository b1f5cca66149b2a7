import PluginKit

/// "Continue on WhatsApp" from the web chat: the widget hands the visitor a wa.me link (and QR
/// code) whose prefilled text carries a single-use switch ticket the host issued ("Code: <ticket>").
/// When the customer's first WhatsApp message brings the code back, their WhatsApp identity joins
/// the same conversation; the code itself is not kept in the stored text. A forged, used or
/// expired code starts nothing but an ordinary conversation (the text is then kept as written).
enum WhatsAppSwitchCode {
    static let marker = "Code: "

    /// The link published as `switch_link` ({ticket} is the host's to fill in): the number's
    /// digits and the prefilled text.
    static func link(displayNumber: String) -> String? {
        let digits = String(displayNumber.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init))
        guard digits.count >= 6 else { return nil }
        // "Code:" and a space as %20: wa.me shows a "+" literally.
        return "https://wa.me/\(digits)?text=Code%3A%20{ticket}"
    }

    /// The ticket a text carries, and the text without it (trimmed).
    static func find(in text: String) -> (ticket: String, rest: String)? {
        guard let start = text.firstRange(of: marker) else { return nil }
        let ticket = text[start.upperBound...].prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard (8...64).contains(ticket.count) else { return nil }
        let rest = String(text[..<start.lowerBound]) + String(text[ticket.endIndex...])
        return (String(ticket), rest.trimmingASCIIWhitespace())
    }

    /// Redeems the code in `text` for this customer: the conversation to continue and the text to
    /// store, or nil (no code, or one the host would not redeem: the text stays as written).
    static func redeem(in text: String, customer: String, owner: PluginHost) -> (conversation: String, text: String)? {
        guard let found = find(in: text) else { return nil }
        do {
            guard let conversation = try owner.redeemSwitchTicket(found.ticket, identityKind: WhatsAppProduct.product.identityKind,
                                                                  identityValue: customer) else {
                owner.log(.info, "whatsapp: a switch code that is unknown, used or expired: an ordinary conversation")
                return nil
            }
            return (conversation, found.rest.isEmpty ? "Continued from the web chat" : found.rest)
        } catch {
            owner.log(.warn, "whatsapp: the switch code was refused: \(error)")
            return nil
        }
    }
}
