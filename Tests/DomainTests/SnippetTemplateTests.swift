import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Snippet templates: parse, validate, render (pure; no store).
final class SnippetTemplateTests: XCTestCase {
    let values = SnippetValues(contactName: "Ann", contactAttributes: ["tier": "gold", "orders": 3, "vip": true, "ratio": 0.5],
                               agentName: "Sam", conversationID: "cnv_1", conversationFields: ["order_id": "A-17", "note": .null],
                               conversationPriority: "high")

    func render(_ body: String, _ values: SnippetValues? = nil) throws -> String {
        try SnippetTemplate.parse(body).render(values ?? self.values).text
    }

    func testEveryPlaceholderIsFilled() throws {
        XCTAssertEqual(try render("Hi {{contact.name}}, {{agent.name}} here about {{conversation.id}} ({{conversation.priority}})."),
                       "Hi Ann, Sam here about cnv_1 (high).")
        XCTAssertEqual(try render("{{contact.attributes.tier}}/{{contact.attributes.orders}}/{{contact.attributes.vip}}/{{contact.attributes.ratio}}"),
                       "gold/3/true/0.5")
        XCTAssertEqual(try render("Order {{ conversation.fields.order_id }}"), "Order A-17", "spaces inside the braces are fine")
        XCTAssertEqual(try render("no placeholders, {single} braces"), "no placeholders, {single} braces")
        XCTAssertEqual(try render(""), "")
    }

    func testFallbackAndEmptyValues() throws {
        let anonymous = SnippetValues(contactName: nil, contactAttributes: [:], agentName: nil, conversationID: "cnv_2",
                                      conversationFields: [:], conversationPriority: "normal")
        XCTAssertEqual(try render("Hi {{contact.name | there}}!", anonymous), "Hi there!")
        XCTAssertEqual(try render("Hi {{contact.name|there}}!"), "Hi Ann!", "a value wins over the fallback")
        XCTAssertEqual(try render("Tier: {{contact.attributes.tier}}.", anonymous), "Tier: .", "no value and no fallback renders empty")
        XCTAssertEqual(try render("Note: {{conversation.fields.note | none}}"), "Note: none", "null counts as no value")
        XCTAssertEqual(try render("{{contact.name | dear customer | really}}", anonymous), "dear customer | really",
                       "only the first bar separates the fallback")
        let rendered = try SnippetTemplate.parse("{{contact.name | there}} {{contact.attributes.tier}} {{agent.name}}").render(anonymous)
        XCTAssertEqual(rendered.missing, ["contact.name", "contact.attributes.tier", "agent.name"])
    }

    func testUnknownAndMalformedPlaceholdersAreRefused() {
        XCTAssertThrowsError(try SnippetTemplate.parse("Hi {{customer.name}}")) { error in
            XCTAssertEqual(error as? SnippetTemplateError, .unknownPlaceholder("customer.name"))
            XCTAssertTrue("\(error)".contains("{{customer.name}}"), "\(error)")
        }
        XCTAssertThrowsError(try SnippetTemplate.parse("{{contact.attributes.}}")) { XCTAssertEqual($0 as? SnippetTemplateError, .unknownPlaceholder("contact.attributes.")) }
        XCTAssertThrowsError(try SnippetTemplate.parse("{{contact.attributes.a.b}}"))
        XCTAssertThrowsError(try SnippetTemplate.parse("{{ | fallback }}"))
        XCTAssertThrowsError(try SnippetTemplate.parse("Hi {{contact.name")) { error in
            guard case .unclosed = error as? SnippetTemplateError else { return XCTFail("\(error)") }
        }
        // Validation names the body and the placeholder, for the 400.
        XCTAssertThrowsError(try Snippet.validate(name: "greeting", body: "Hi {{contact.nmae}}")) { error in
            guard case .invalidField(let field, let why) = error as? SnippetError else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "body")
            XCTAssertTrue(why.contains("contact.nmae"), why)
        }
        XCTAssertThrowsError(try Snippet.validate(name: " padded", body: "x"))
        XCTAssertNoThrow(try Snippet.validate(name: "Greeting", body: "Hi {{contact.name | there}}"))
    }
}
