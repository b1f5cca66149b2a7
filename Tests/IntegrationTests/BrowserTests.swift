import Foundation
import AmazonFake
import MetaFake
import SlackFake
import SwitchboardSupport
import TwilioFake
import XCTest

/// The agents' web app and the web chat widget in a real browser: runs the scripts in
/// Tests/Browser (Selenium driving headless Chromium against the real host binary), so their
/// results count in the suite's totals. Screenshots and figures land in artifacts/browser/ (the
/// widget's in artifacts/browser/widget/). Needs Debian's chromium, chromium-driver and
/// python3-selenium (scripts/setup installs them); without them the tests are skipped, unless
/// SWITCHBOARD_REQUIRE_BROWSER=1 (scripts/test sets it), which makes their absence a failure.
final class BrowserTests: XCTestCase {
    /// Debian's interpreter: python3-selenium is installed for it, whatever python3 comes first on PATH.
    static let python = "/usr/bin/python3"
    static let scripts = HostProcess.packageRoot + "/Tests/Browser/"

    /// The inbox end to end: sign-in, live arrival, replies and notes, actions, 5,000 conversations, settings.
    func testInboxInChromium() throws {
        try runScript("inbox_test.py", log: "artifacts/browser/test.log", budgetSeconds: 300)
    }

    /// Live channels in the thread: attachments shown inline, the typing signal, moving to another channel.
    func testLiveChannelsInChromium() throws {
        try runScript("channels_test.py", log: "artifacts/browser/channels/test.log", budgetSeconds: 180)
    }

    /// The web chat widget embedded in a shop page: pre-chat, send, a live reply, an inline image,
    /// the unread badge and the keyboard, coming back later, a switch to email.
    func testWebChatWidgetInChromium() throws {
        try runScript("widget_test.py", log: "artifacts/browser/widget/test.log", budgetSeconds: 180)
    }

    /// A Messenger conversation in the inbox: the reply window in the composer (a person's reply only,
    /// closed, open), a reply typed in Meta's inbox and a message the customer unsent.
    func testMessengerConversationInChromium() throws {
        try runScript("meta_test.py", log: "artifacts/browser/meta/test.log", budgetSeconds: 150)
    }

    /// An SMS conversation: the composer's live segment count (GSM-7, two parts, UCS-2 with the
    /// character that forces it marked), held to the same cases as the Swift counter.
    func testSMSSegmentCounterInChromium() throws {
        try runScript("sms_test.py", log: "artifacts/browser/sms/test.log", budgetSeconds: 150)
    }

    /// Settings → Numbers: the account's numbers with the channel each feeds, a search, a purchase
    /// that creates its channel bound to a team, an adoption and a release, against the loopback Twilio.
    func testSMSNumbersPageInChromium() throws {
        let twilio = try FakeTwilio()
        defer { twilio.stop() }
        twilio.addOwnedNumber("+14155550100")
        twilio.addOwnedNumber("+14155550133")
        twilio.addAvailableNumber("+14155550111")
        twilio.addAvailableNumber("+12125550122")
        try runScript("numbers_test.py", log: "artifacts/browser/numbers/test.log", budgetSeconds: 150,
                      environment: ["TWILIO_FAKE_URL": twilio.baseURL, "TWILIO_FAKE_ACCOUNT": twilio.accountSID, "TWILIO_FAKE_TOKEN": twilio.authToken])
        let bought = try XCTUnwrap(twilio.ownedNumbers.first { $0.phoneNumber == "+14155550111" })
        XCTAssertTrue(bought.smsURL?.hasSuffix("/hooks/billing-sms/sms") == true, "\(bought)")
        XCTAssertNil(twilio.ownedNumbers.first { $0.phoneNumber == "+14155550133" }, "released")
        XCTAssertTrue(twilio.ownedNumbers.first { $0.phoneNumber == "+14155550100" }?.smsURL?.hasSuffix("/hooks/orders-sms/sms") == true)
    }

    /// A Slack side conversation from the right rail: the picker finds a person in the workspace's
    /// directory, the first message opens a thread in the loopback Slack, and the person's reply,
    /// signed as Slack signs it, shows up in the panel.
    func testSlackSideConversationInChromium() throws {
        let slack = try FakeSlack()
        defer { slack.stop() }
        slack.addUser(id: "U0BOPARK", name: "bo", realName: "Bo Park", email: "bo@courier.example")
        slack.addUser(id: "U0CYDIAZ", name: "cy", realName: "Cy Diaz", email: "cy@acme.example")
        slack.addChannel(id: "C0VENDORS", name: "vendors")
        try runScript("slack_test.py", log: "artifacts/browser/slack/test.log", budgetSeconds: 150,
                      environment: ["SLACK_FAKE_URL": slack.baseURL, "SLACK_FAKE_TOKEN": slack.botToken])
    }

    /// A WhatsApp conversation whose reply window closed: the composer says only a template may go,
    /// the Template dialog lists the approved ones with a preview and a field per parameter (a link
    /// for an image header), and the templates reach the loopback Graph API with their parameters.
    func testWhatsAppTemplateInChromium() throws {
        let graph = try FakeGraphAPI()
        defer { graph.stop() }
        graph.addWhatsAppNumber(id: WhatsAppWorld.numberA, displayNumber: WhatsAppWorld.displayA, verifiedName: "Acme Shoes", wabaID: WhatsAppWorld.waba)
        graph.addTemplate(wabaID: WhatsAppWorld.waba, name: "order_update", language: "en_US", components: [
            ["type": "BODY", "text": "Hi {{1}}, your order {{2}} has shipped."],
            ["type": "BUTTONS", "buttons": [["type": "URL", "text": "Track", "url": "https://acme.example/track/{{1}}"]]],
        ])
        graph.addTemplate(wabaID: WhatsAppWorld.waba, name: "welcome_back", language: "de", components: [["type": "BODY", "text": "Willkommen zurück!"]])
        graph.addTemplate(wabaID: WhatsAppWorld.waba, name: "promo", language: "en_US", category: "MARKETING", status: "PENDING",
                          components: [["type": "BODY", "text": "20% off this week"]])
        graph.addTemplate(wabaID: WhatsAppWorld.waba, name: "shipping_label", language: "en_US", components: [
            ["type": "HEADER", "format": "IMAGE"], ["type": "BODY", "text": "Here is your return label, {{1}}."]])
        try runScript("whatsapp_test.py", log: "artifacts/browser/whatsapp/test.log", budgetSeconds: 150,
                      environment: ["GRAPH_FAKE_URL": graph.baseURL, "GRAPH_FAKE_VERSION": graph.version, "GRAPH_FAKE_TOKEN": "EAAG-test-token",
                                    "WHATSAPP_WABA": WhatsAppWorld.waba, "WHATSAPP_NUMBER": WhatsAppWorld.numberA])
        let sent = graph.whatsAppSent
        XCTAssertEqual(sent.count, 2, "only the templates went: \(sent.map(\.body))")
        let image = try XCTUnwrap(sent.last)
        XCTAssertEqual(image.body["template"]?["name"], "shipping_label")
        let header = image.body["template"]?["components"]?.arrayValue?.first { $0["type"] == "header" }
        XCTAssertEqual(header?["parameters"]?.arrayValue?.first?["image"]?["link"], "https://acme.example/labels/1042.png")
        let call = try XCTUnwrap(sent.first)
        XCTAssertEqual(call.type, "template")
        XCTAssertEqual(call.body["template"]?["name"], "order_update")
        XCTAssertEqual(call.body["template"]?["language"]?["code"], "en_US")
        let components = call.body["template"]?["components"]?.arrayValue ?? []
        XCTAssertEqual(components.first?["parameters"]?.arrayValue?.compactMap { $0["text"]?.stringValue }, ["Bea", "#1042"])
        XCTAssertEqual(components.last?["sub_type"], "url")
        XCTAssertEqual(components.last?["parameters"]?.arrayValue?.first?["text"], "A1042")
    }

    /// "Continue on WhatsApp" in the widget: on a computer the QR code the host drew of the number's
    /// wa.me link (the code prefilled), on a phone the link; the code brings the WhatsApp customer
    /// into the same conversation.
    func testWebChatContinuesOnWhatsAppInChromium() throws {
        let graph = try FakeGraphAPI()
        defer { graph.stop() }
        graph.addWhatsAppNumber(id: WhatsAppWorld.numberA, displayNumber: WhatsAppWorld.displayA, verifiedName: "Acme Shoes", wabaID: WhatsAppWorld.waba)
        try runScript("widget_whatsapp_test.py", log: "artifacts/browser/widget-whatsapp/test.log", budgetSeconds: 150,
                      environment: ["GRAPH_FAKE_URL": graph.baseURL, "GRAPH_FAKE_VERSION": graph.version, "GRAPH_FAKE_TOKEN": "EAAG-test-token",
                                    "WHATSAPP_WABA": WhatsAppWorld.waba, "WHATSAPP_NUMBER": WhatsAppWorld.numberA])
    }

    /// Amazon buyer messaging: the order Amazon's SP-API gave in the thread, the 24-hour due time in
    /// the composer and the inbox (sorted and filtered by it), an Amazon Messaging API message the
    /// order allows, and "No response needed" stopping the clock.
    func testAmazonOrderAndDueTimeInChromium() throws {
        let amazon = try FakeSellingPartnerAPI()
        defer { amazon.stop() }
        amazon.addOrder(FakeSellingPartnerAPI.Order(id: "111-2223334-5556667", actions: ["confirmDeliveryDetails"]))
        amazon.addOrder(FakeSellingPartnerAPI.Order(id: "222-3334445-6667778", status: "Unshipped"))
        try runScript("amazon_test.py", log: "artifacts/browser/amazon/test.log", budgetSeconds: 150,
                      environment: ["AMAZON_FAKE_URL": amazon.baseURL, "AMAZON_LWA_ID": amazon.clientID,
                                    "AMAZON_LWA_SECRET": amazon.clientSecret, "AMAZON_REFRESH": amazon.refreshToken])
        let sent = amazon.sentActions
        XCTAssertEqual(sent.map(\.action), ["confirmDeliveryDetails"])
        XCTAssertEqual(sent.first?.body["text"], "Please confirm the gate code for delivery.")
    }

    /// The notification centre: the bell's unread count, live arrival, opening a conversation from it
    /// (read, with the sidebar's unread badges counting down), mark all read.
    func testNotificationCentreInChromium() throws {
        try runScript("notifications_test.py", log: "artifacts/browser/notifications/test.log", budgetSeconds: 120)
    }

    /// Service-level due times and triage topics in the inbox (and its topic filter); on a 390 px
    /// phone, a conversation answered from the composer and its topic corrected in the details sheet.
    func testDueTimesTopicsAndPhoneLayoutInChromium() throws {
        try runScript("sla_test.py", log: "artifacts/browser/sla/test.log", budgetSeconds: 150)
    }

    /// axe-core (axe-selenium-python's bundled engine) on sign-in, inbox, conversation, settings and the notification centre at
    /// desktop and phone sizes: no serious or critical violation.
    func testAccessibilityOfTheAppWithAxeInChromium() throws {
        try runScript("a11y_test.py", log: "artifacts/browser/a11y/test.log", budgetSeconds: 200)
    }

    /// axe-core on the web chat widget (closed, pre-chat, conversation) on a computer and a phone;
    /// on the phone the open panel fills the visual viewport and the launcher hides.
    func testWidgetAccessibilityAndPhoneLayoutInChromium() throws {
        try runScript("widget_a11y_test.py", log: "artifacts/browser/widget-a11y/test.log", budgetSeconds: 200)
    }

    /// Draft mode: an Agent Stack's drafts in the composer, approved as is and edited then sent.
    func testAgentStackDraftsInChromium() throws {
        try runScript("drafts_test.py", log: "artifacts/browser/drafts/test.log", budgetSeconds: 150)
    }

    /// Settings › Voice flows: build a flow on the canvas (exits wired by dragging), see a validation
    /// error on the node and in the list, fix it, publish, walk it in the simulator and save the walk as a test.
    func testVoiceFlowBuilderInChromium() throws {
        try runScript("voice_flows_test.py", log: "artifacts/browser/voice/test.log", budgetSeconds: 150)
    }

    /// Phone calls for agents, against the loopback Twilio: the phone queues above the list count a
    /// caller on hold live; "Take next call" asks for a phone number first, then rings it and opens the
    /// conversation, where the call is one card (path, queue time, who answered, duration, outcome); a
    /// voicemail plays in the thread (its recording hosted here, downloaded by the host) with its
    /// transcript; the language and voice in the builder's inspector; axe at desktop and phone sizes.
    func testVoiceCallsForAgentsInChromium() throws {
        let twilio = try FakeTwilio()
        defer { twilio.stop() }
        twilio.addOwnedNumber("+14155550100")
        let recording = twilio.hostRecording(Array("ID3-fake-mp3-voicemail".utf8))
        try runScript("voice_calls_test.py", log: "artifacts/browser/voice-calls/test.log", budgetSeconds: 200,
                      environment: ["TWILIO_FAKE_URL": twilio.baseURL, "TWILIO_FAKE_ACCOUNT": twilio.accountSID, "TWILIO_FAKE_TOKEN": twilio.authToken,
                                    "TWILIO_FAKE_RECORDING_SID": recording.sid, "TWILIO_FAKE_RECORDING_URL": recording.url])
        let agentLeg = try XCTUnwrap(twilio.outboundCalls.first, "the agent's phone was rung")
        XCTAssertEqual(agentLeg.to, "+14155550301")
        XCTAssertEqual(agentLeg.from, "+14155550100")
    }

    /// Two-factor sign-in: led to enrolment by the admins' policy, a QR code and a first code from
    /// pyotp, recovery codes shown once, then the password and the next code sign in.
    func testTwoFactorSignInInChromium() throws {
        try runScript("two_factor_test.py", log: "artifacts/browser/two-factor/test.log", budgetSeconds: 150)
    }

    /// Settings › Audit trail: admin changes with who made them, secrets redacted, a filter by kind.
    func testAuditTrailInChromium() throws {
        try runScript("audit_test.py", log: "artifacts/browser/audit/test.log", budgetSeconds: 120)
    }

    private func runScript(_ script: String, log relativeLog: String, budgetSeconds: TimeInterval,
                           environment extra: [String: String] = [:]) throws {
        if let missing = Self.missingTools() {
            let message = "the browser test needs \(missing): run scripts/setup"
            if ProcessInfo.processInfo.environment["SWITCHBOARD_REQUIRE_BROWSER"] == "1" { return XCTFail(message) }
            throw XCTSkip(message)
        }
        let log = HostProcess.packageRoot + "/" + relativeLog
        try FileManager.default.createDirectory(atPath: (log as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let output = try XCTUnwrap(FileHandle(forWritingAtPath: log))
        defer { try? output.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = ["-u", Self.scripts + script]
        var environment = ProcessInfo.processInfo.environment
        environment["SWITCHBOARD_BINARY"] = HostProcess.binary
        environment["SWITCHBOARD_TEST_PLUGINS"] = HostProcess.stagedPlugins
        environment.merge(extra) { _, new in new }
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // The script bounds every wait and stops what it starts; this bound is for a script that hangs anyway
        // (interrupted first: the script's cleanup runs on KeyboardInterrupt).
        if !process.finish(within: budgetSeconds) { XCTFail("\(script) ran over \(Int(budgetSeconds)) s") }
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        // The steps and figures, in the suite's output.
        print(text.split(separator: "\n").filter { $0.hasPrefix("  PASS") || $0.hasPrefix("  FAIL") || $0.hasPrefix("browser") }.joined(separator: "\n"))
        XCTAssertEqual(process.terminationStatus, 0, "\(script) failed (\(relativeLog)):\n\(text.suffix(6000))")
    }

    /// What is missing to run the browser test, or nil.
    static func missingTools() -> String? {
        var missing: [String] = []
        if !FileManager.default.isExecutableFile(atPath: python) { missing.append("python3") }
        if !["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains(where: FileManager.default.isExecutableFile) { missing.append("chromium") }
        if !FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") { missing.append("chromium-driver") }
        if missing.isEmpty {
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: python)
            probe.arguments = ["-c", "import selenium"]
            probe.standardOutput = FileHandle.nullDevice
            probe.standardError = FileHandle.nullDevice
            if (try? probe.run()) == nil { return "python3-selenium" }
            probe.waitUntilExit()
            if probe.terminationStatus != 0 { missing.append("python3-selenium") }
        }
        return missing.isEmpty ? nil : missing.joined(separator: ", ")
    }
}
