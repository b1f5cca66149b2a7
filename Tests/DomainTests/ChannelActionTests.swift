@testable import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Channel actions and output rules are pure: a manifest's declarations and a window state in,
/// checked arguments, offered actions and the rule's words out.
final class ChannelActionTests: XCTestCase {
    static let manifestActions: JSON = [
        ["name": "offer_quick_replies", "description": "Ask with tappable answers.",
         "arguments": ["type": "object", "additionalProperties": false, "required": ["text", "options"],
                       "properties": ["text": ["type": "string", "minLength": 1, "maxLength": 20],
                                      "options": ["type": "array", "minItems": 1, "maxItems": 3, "items": ["type": "string", "maxLength": 5]],
                                      "tone": ["type": "string", "enum": ["plain", "warm"], "default": "plain"]]]],
        ["name": "transfer_to_queue", "description": "Transfer the call.", "arguments": ["type": "object", "properties": [:]]],
    ]

    func action() throws -> ChannelAction { try XCTUnwrap(try ChannelAction.parseList(Self.manifestActions).first) }

    func refusal(_ arguments: JSONObject) throws -> String {
        let action = try action()
        do { _ = try action.check(arguments); return "accepted" } catch { return "\(error.field): \(error.message)" }
    }

    func testArgumentsAreCheckedAgainstTheSchemaNamingTheArgument() throws {
        let given: JSON = ["text": "Which one?", "options": ["A", "B"]]
        let checked = JSON.object(try action().check(given.objectValue ?? [:]))
        XCTAssertEqual(checked, ["text": "Which one?", "options": ["A", "B"], "tone": "plain"], "defaults filled in")
        XCTAssertEqual(try refusal(["options": ["A"]]), "arguments.text: is required")
        XCTAssertEqual(try refusal(["text": "", "options": ["A"]]), "arguments.text: must be at least 1 characters")
        XCTAssertEqual(try refusal(["text": .string(String(repeating: "x", count: 21)), "options": ["A"]]), "arguments.text: must be at most 20 characters")
        XCTAssertEqual(try refusal(["text": "Hi", "options": []]), "arguments.options: must have at least 1 items")
        XCTAssertEqual(try refusal(["text": "Hi", "options": ["A", "B", "C", "D"]]), "arguments.options: must have at most 3 items")
        XCTAssertEqual(try refusal(["text": "Hi", "options": ["toolong"]]), "arguments.options[0]: must be at most 5 characters")
        XCTAssertEqual(try refusal(["text": "Hi", "options": [1]]), "arguments.options[0]: must be a string")
        XCTAssertEqual(try refusal(["text": "Hi", "options": ["A"], "tone": "loud"]), "arguments.tone: must be one of [\"plain\",\"warm\"]")
        XCTAssertEqual(try refusal(["text": "Hi", "options": ["A"], "extra": true]), "arguments.extra: is not a known setting")
    }

    func testAManifestsActionsAreCheckedWhenItLoads() {
        func error(_ json: JSON) -> String {
            do { _ = try ChannelAction.parseList(json); return "accepted" } catch { return error.field }
        }
        XCTAssertEqual(error([["name": "Bad Name", "description": "x", "arguments": ["type": "object"]]]), "actions[0].name")
        XCTAssertEqual(error([["name": "ok", "arguments": ["type": "object"]]]), "actions[0].description")
        XCTAssertEqual(error([["name": "ok", "description": "x", "arguments": ["type": "string"]]]), "actions[0].arguments")
        XCTAssertEqual(error([["name": "ok", "description": "x", "arguments": ["type": "object"]],
                              ["name": "ok", "description": "y", "arguments": ["type": "object"]]]), "actions[1].name")
        XCTAssertEqual(error([["name": "ok", "description": "x", "arguments": ["type": "object"], "rich_type": ""]]), "actions[0].rich_type")
        XCTAssertEqual(error([["name": "ok", "description": "x", "arguments": ["type": "object"], "rich_type": 7]]), "actions[0].rich_type")
        XCTAssertEqual(error(.null), "accepted")
    }

    /// What an action sent, as the thread stores it: "text" is the text, the rest the rich content,
    /// typed by the manifest's "rich_type" when it gives one, and naming the action.
    func testTheMessageAnActionSentReadsLikeAReplyOfItsKind() throws {
        let quick = try action().sentMessage(["text": "Which one?", "options": ["A", "B"]])
        XCTAssertEqual(quick.text, "Which one?")
        XCTAssertEqual(try JSON.parse(quick.richJSON), ["options": ["A", "B"], "action": "offer_quick_replies"])
        let template = try XCTUnwrap(try ChannelAction.parseList([["name": "send_template", "description": "x", "rich_type": "whatsapp_template",
                                                                  "arguments": ["type": "object"]]]).first)
        let sent = template.sentMessage(["name": "order_update", "language": "en_US", "parameters": ["Ann"]])
        XCTAssertEqual(sent.text, "")
        XCTAssertEqual(try JSON.parse(sent.richJSON), ["type": "whatsapp_template", "name": "order_update", "language": "en_US",
                                                       "parameters": ["Ann"], "action": "send_template"])
    }

    func testAStackOffersOnlyTheActionsItsDefinitionAllows() throws {
        let actions = try ChannelAction.parseList(Self.manifestActions)
        XCTAssertEqual(ActionPolicy().offered(actions).map(\.name), ["offer_quick_replies", "transfer_to_queue"])
        XCTAssertEqual(ActionPolicy(forbid: ["transfer_to_queue"]).offered(actions).map(\.name), ["offer_quick_replies"])
        XCTAssertEqual(ActionPolicy(allow: ["transfer_to_queue", "send_template"]).offered(actions).map(\.name), ["transfer_to_queue"],
                       "an allowed action the channel does not offer is never shown")
    }

    // MARK: output rules

    let sms = OutputLimits(rich: false, files: false, images: false, format: .plain, maxTextLength: 160)

    func testTheRuleLineNamesKindRendersFormatLengthAndWindow() {
        let whatsapp = OutputRule(kind: "whatsapp", limits: OutputLimits(rich: true, files: true, images: true, format: .plain, maxTextLength: 4096),
                                  window: .closed(closedAt: 0))
        XCTAssertEqual(whatsapp.line, "Output rule: kind=whatsapp; renders=text,images,files,rich; format=plain; max_length=4096; reply_window=closed")
        XCTAssertFalse(whatsapp.freeTextAllowed)
        XCTAssertTrue(whatsapp.guidance.contains("a text reply will not be delivered"))
        let messenger = OutputRule(kind: "messenger", limits: sms, window: .humanOnly(closesAt: 0))
        XCTAssertFalse(messenger.freeTextAllowed, "open only for a person's reply: not for a stack")
        XCTAssertTrue(OutputRule(kind: "sms", limits: sms).freeTextAllowed)
        XCTAssertEqual(OutputRule(kind: "email", limits: OutputLimits(rich: false, files: true, images: true, format: .html, maxTextLength: 0)).line,
                       "Output rule: kind=email; renders=text,images,files; format=html; max_length=none; reply_window=none")
    }

    func testAVoiceManifestYieldsTheSpokenRule() {
        let voice = OutputRule(kind: "voice", limits: OutputLimits(rich: false, files: false, images: false, format: .markdown, maxTextLength: 600), spoken: true)
        XCTAssertEqual(voice.line, "Output rule: kind=voice; renders=speech; format=plain; max_length=600; reply_window=none; "
                                   + "spoken=short sentences, no formatting, no links")
        XCTAssertTrue(voice.guidance.hasPrefix("Your reply is spoken to the caller"))
    }

    func testTheBuiltInCompositionKeepsTheRule() throws {
        let passage = PassageHit(passageID: 1, articleID: "a", collectionID: "help", title: "Tracking", heading: "",
                                 text: "Every parcel gets a tracking link. Open https://acme.example/t to follow it. It arrives in 3 days. Call us if late.",
                                 score: 1)
        let spoken = try XCTUnwrap(AnswerComposer.compose(passage: passage, toolAnswers: [], rule: OutputRule(kind: "voice", limits: sms, spoken: true)))
        XCTAssertEqual(spoken.text, "Every parcel gets a tracking link. Open to follow it.")
        XCTAssertEqual(spoken.format, TextFormat.plain)
        let plain = try XCTUnwrap(AnswerComposer.compose(passage: passage, toolAnswers: [], rule: OutputRule(kind: "sms", limits: sms)))
        XCTAssertFalse(plain.text.contains("**"))
        XCTAssertLessThanOrEqual(plain.text.count, 160)
        XCTAssertTrue(plain.text.hasSuffix("."), "cut at a sentence, not mid-word: \(plain.text)")
        let markdown = OutputLimits(rich: false, files: false, images: false, format: .markdown, maxTextLength: 0)
        XCTAssertEqual(AnswerComposer.compose(passage: passage, toolAnswers: [], rule: OutputRule(kind: "webchat", limits: markdown))?.text,
                       AnswerComposer.compose(passage: passage, toolAnswers: []))
    }
}
