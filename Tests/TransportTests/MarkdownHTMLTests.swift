import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Markdown rendered for HTML channels (email), and HTML read back as text for their plain part.
final class MarkdownHTMLTests: XCTestCase {
    func testInlineMarkup() {
        XCTAssertEqual(MarkdownHTML.render("**Hi** *there* `a<b` [docs](https://d.example?a=1&b=2)"),
                       "<p><strong>Hi</strong> <em>there</em> <code>a&lt;b</code> <a href=\"https://d.example?a=1&amp;b=2\">docs</a></p>")
        XCTAssertEqual(MarkdownHTML.render("snake_case_name and 2 * 3"), "<p>snake_case_name and 2 * 3</p>")
        XCTAssertEqual(MarkdownHTML.render("an *unclosed marker"), "<p>an *unclosed marker</p>")
        XCTAssertEqual(MarkdownHTML.render("\\*not em\\*"), "<p>*not em*</p>")
    }

    func testUnsafeLinksStayText() {
        XCTAssertEqual(MarkdownHTML.render("[click](javascript:alert(1))"), "<p>click (javascript:alert(1))</p>")
        XCTAssertEqual(MarkdownHTML.render("<script>x</script>"), "<p>&lt;script&gt;x&lt;/script&gt;</p>")
    }

    func testBlocks() {
        let markdown = "# Title\n\nLine one\nline two\n\n- a\n- **b**\n\n1. first\n2. second\n\n> quoted\n\n```\nlet x = 1 < 2\n```"
        XCTAssertEqual(MarkdownHTML.render(markdown), """
            <h1>Title</h1>
            <p>Line one<br>
            line two</p>
            <ul><li>a</li><li><strong>b</strong></li></ul>
            <ol><li>first</li><li>second</li></ol>
            <blockquote><p>quoted</p></blockquote>
            <pre><code>let x = 1 &lt; 2</code></pre>
            """)
    }

    func testHTMLToPlainKeepsLinkAddressesAndSkipsStyles() {
        XCTAssertEqual(TextDowngrade.htmlToPlain("<p>See <a href=\"https://t.example/1\">tracking</a></p><style>p{color:red}</style><p>Bye</p>"),
                       "See tracking (https://t.example/1)\nBye")
        XCTAssertEqual(TextDowngrade.htmlToPlain("<a href='https://x.example'>https://x.example</a>"), "https://x.example")
    }

    func testAnHTMLChannelGetsMarkdownRendered() {
        let email = OutputLimits(rich: false, files: true, images: true, format: .html, maxTextLength: 0)
        let fitted = OutputFitting.fit(text: "**Yes**, see [hours](https://e.example/h)", format: .markdown, richJSON: nil, attachmentsJSON: nil,
                                       limits: email)
        XCTAssertEqual(fitted.format, .html)
        XCTAssertEqual(fitted.text, "<p><strong>Yes</strong>, see <a href=\"https://e.example/h\">hours</a></p>")
    }
}
