import TwilioFake
import XCTest

/// The fake Twilio Voice refuses TwiML as Twilio would, so a channel that renders it wrong fails its tests.
final class TwiMLDocumentTests: XCTestCase {
    func testWellFormedTwiMLIsRead() throws {
        let verbs = try TwiMLDocument.parse("""
        <?xml version="1.0" encoding="UTF-8"?><Response><Say>Tom &amp; Jerry</Say>\
        <Gather input="dtmf speech" action="https://x.test/step?seq=1&amp;wait=gather" method="POST" numDigits="1"><Say>Press 1</Say></Gather>\
        <Redirect method="POST">https://x.test/step?seq=1&amp;timeout=1</Redirect><Hangup/></Response>
        """)
        XCTAssertEqual(verbs.map(\.name), ["Say", "Gather", "Redirect", "Hangup"])
        XCTAssertEqual(verbs[0].text, "Tom & Jerry")
        XCTAssertEqual(verbs[1].attribute("action"), "https://x.test/step?seq=1&wait=gather")
        XCTAssertEqual(verbs[1].children.map(\.name), ["Say"])
    }

    func testWhatTwilioRefusesIsRefused() {
        let refused = [
            "<Response><Say>unclosed</Response>",                                  // not well formed
            "<Reply><Say>x</Say></Reply>",                                          // root other than Response
            "<Response><Speak>x</Speak></Response>",                                // unknown verb
            "<Response><Say colour=\"red\">x</Say></Response>",                     // unknown attribute
            "<Response><Gather><Record/></Gather></Response>",                      // Record nested in Gather
            "<Response><Say></Say></Response>",                                     // Say without text
            "<Response><Redirect method=\"PUT\">https://x.test</Redirect></Response>", // method other than GET/POST
            "<Response><Say>a & b</Say></Response>",                                // bare ampersand
            "<Response>loose text</Response>",                                      // text outside a verb
            "<Response><Number>+15550001111</Number></Response>",                   // a noun outside Dial
            "<Response><Say voice=\"robot\">x</Say></Response>",                    // 13511: no such voice
            "<Response><Say voice=\"Polly.joanna\">x</Say></Response>",             // Polly names are capitalized
            "<Response><Say voice=\"Polly.Joanna-Fast\">x</Say></Response>",        // no such Polly engine
            "<Response><Say language=\"english\">x</Say></Response>",               // not a locale
            "<Response><Gather input=\"speech\" language=\"en\"/></Response>",      // 13331: a bare language
        ]
        for document in refused {
            XCTAssertThrowsError(try TwiMLDocument.parse(document), document)
        }
    }

    func testTheVoicesAndLanguagesTwilioTakesAreRead() throws {
        let verbs = try TwiMLDocument.parse("""
        <Response><Say voice="Polly.Joanna-Neural" language="en-US">a</Say><Say voice="Google.en-GB-Standard-A">b</Say>\
        <Say voice="woman" language="fr-FR">c</Say><Gather input="speech" language="es-MX"><Say voice="Polly.Lucia">d</Say></Gather></Response>
        """)
        XCTAssertEqual(verbs.map(\.name), ["Say", "Say", "Say", "Gather"])
        XCTAssertEqual(verbs[3].attribute("language"), "es-MX")
    }
}
