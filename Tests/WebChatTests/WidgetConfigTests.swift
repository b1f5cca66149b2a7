import SwitchboardCommon
import WebChatLogic
import XCTest

/// The widget's configuration: defaults, and every wrong value refused naming its field.
final class WidgetConfigTests: XCTestCase {
    let languages: Set<String> = ["en", "de"]

    func parse(_ object: JSON) throws -> WidgetConfig {
        try WidgetConfig.parse(object.objectValue!, languages: languages)
    }

    func refusal(_ object: JSON) -> FieldError? {
        do {
            _ = try parse(object)
            return nil
        } catch {
            return error as? FieldError
        }
    }

    func testOnlyTheSecretIsRequiredAndEverythingElseHasADefault() throws {
        let config = try parse(["secret_credential": "wsecret"])
        XCTAssertEqual(config.secretCredential, "wsecret")
        XCTAssertEqual(config.idleTimeoutSeconds, 600)
        XCTAssertEqual(config.reconnectGraceSeconds, 60)
        XCTAssertEqual(config.maxUploadBytes, 5 << 20)
        XCTAssertEqual(config.language, "en")
        XCTAssertNil(config.idleFallbackChannel)
        XCTAssertNil(config.agentStack)
        XCTAssertEqual(config.switchDestinations, SwitchKind.allCases)
        XCTAssertEqual(config.preChat["phone"], .off)
        XCTAssertEqual(refusal([:])?.field, "secret_credential")
        XCTAssertEqual(refusal(["secret_credential": ""])?.field, "secret_credential")
    }

    func testAFullConfigurationIsRead() throws {
        let config = try parse([
            "secret_credential": "wsecret", "title": "Acme", "team_name": "Acme Support", "greeting": "Hallo!", "language": "de",
            "colors": ["primary": "#ff0000", "background": "#fff", "text": "#000000"], "allowed_origins": ["https://shop.example", "*"],
            "agent_stack": "support", "pre_chat_fields": ["name": "required", "email": "required", "phone": "optional"],
            "idle_timeout_seconds": 300, "idle_fallback_channel": "email", "idle_fallback_message": "Moved to mail",
            "switch_destinations": ["sms", "email", "sms"], "max_upload_bytes": 10_485_760, "allowed_upload_types": ["image/*", "Application/PDF"],
            "visitor_token_days": 7, "reconnect_grace_seconds": 2, "heartbeat_seconds": 5,
        ])
        XCTAssertEqual(config.colors.primary, "#ff0000")
        XCTAssertEqual(config.language, "de")
        XCTAssertEqual(config.agentStack, "support")
        XCTAssertEqual(config.preChat["email"], .required)
        XCTAssertEqual(config.idleFallbackChannel, .email)
        XCTAssertEqual(config.switchDestinations, [.sms, .email], "in the configured order, once each")
        XCTAssertEqual(config.switchInstances, [:])
        let named = try parse(["secret_credential": "s", "switch_destinations": ["email", "sms:orders-sms"]])
        XCTAssertEqual(named.switchDestinations, [.email, .sms])
        XCTAssertEqual(named.switchInstances, [.sms: "orders-sms"], "the instance SMS switches go to")
        XCTAssertEqual(config.allowedUploadTypes, ["image/*", "application/pdf"])
        XCTAssertEqual(config.visitorTokenLifetimeSeconds, 7 * 86_400)
        XCTAssertEqual(config.reconnectGraceSeconds, 2)
        // An empty agent stack or fallback means none (an operator clearing it with PATCH).
        let cleared = try parse(["secret_credential": "s", "agent_stack": "", "idle_fallback_channel": ""])
        XCTAssertNil(cleared.agentStack)
        XCTAssertNil(cleared.idleFallbackChannel)
    }

    func testWrongValuesAreRefusedNamingTheField() {
        let cases: [(JSON, String)] = [
            (["secret_credential": "s", "idle_timeout_seconds": 299], "idle_timeout_seconds"),
            (["secret_credential": "s", "idle_timeout_seconds": "600"], "idle_timeout_seconds"),
            (["secret_credential": "s", "reconnect_grace_seconds": 0], "reconnect_grace_seconds"),
            (["secret_credential": "s", "max_upload_bytes": 10_485_761], "max_upload_bytes"),
            (["secret_credential": "s", "language": "xx"], "language"),
            (["secret_credential": "s", "colors": ["primary": "red; background: url(x)"]], "colors.primary"),
            (["secret_credential": "s", "colors": ["text": "#12345g"]], "colors.text"),
            (["secret_credential": "s", "allowed_origins": ["https://shop.example/path"]], "allowed_origins[0]"),
            (["secret_credential": "s", "allowed_origins": ["https://a.example", "shop.example"]], "allowed_origins[1]"),
            (["secret_credential": "s", "allowed_origins": "https://a.example"], "allowed_origins"),
            (["secret_credential": "s", "pre_chat_fields": ["name": "sometimes"]], "pre_chat_fields.name"),
            (["secret_credential": "s", "pre_chat_fields": ["age": "required"]], "pre_chat_fields.age"),
            (["secret_credential": "s", "idle_fallback_channel": "pigeon"], "idle_fallback_channel"),
            (["secret_credential": "s", "switch_destinations": ["email", "fax"]], "switch_destinations[1]"),
            (["secret_credential": "s", "switch_destinations": ["sms:"]], "switch_destinations[0]"),
            (["secret_credential": "s", "switch_destinations": ["sms:Orders SMS"]], "switch_destinations[0]"),
            (["secret_credential": "s", "switch_destinations": ["fax:sms1"]], "switch_destinations[0]"),
            (["secret_credential": "s", "allowed_upload_types": ["images"]], "allowed_upload_types[0]"),
            (["secret_credential": "s", "visitor_token_days": 0], "visitor_token_days"),
            (["secret_credential": "s", "heartbeat_seconds": 301], "heartbeat_seconds"),
        ]
        for (config, field) in cases {
            XCTAssertEqual(refusal(config)?.field, field, config.serialized)
        }
    }

    func testOriginsAreComparedAsOrigins() {
        let policy = OriginPolicy(allowed: ["https://Shop.example", "http://localhost:8080"], own: "http://127.0.0.1:9000")
        XCTAssertTrue(policy.allows(nil), "no Origin: not a browser page; the token authenticates")
        XCTAssertTrue(policy.allows("https://shop.example"))
        XCTAssertTrue(policy.allows("https://shop.example:443"))
        XCTAssertTrue(policy.allows("http://localhost:8080"))
        XCTAssertTrue(policy.allows("http://127.0.0.1:9000"), "the host's own pages")
        XCTAssertFalse(policy.allows("http://shop.example"))
        XCTAssertFalse(policy.allows("https://evil.example"))
        XCTAssertFalse(policy.allows("https://shop.example.evil.example"))
        XCTAssertFalse(policy.allows("null"))
        XCTAssertTrue(OriginPolicy(allowed: ["*"], own: nil).allows("https://anything.example"))
        XCTAssertFalse(OriginPolicy(allowed: [], own: nil).allows("https://shop.example"))
    }

    func testUploadTypesMatchExactlyOrByFamily() {
        let allowed = ["image/*", "application/pdf"]
        XCTAssertTrue(UploadTypes.allows("image/png", patterns: allowed))
        XCTAssertTrue(UploadTypes.allows("IMAGE/JPEG; charset=binary", patterns: allowed))
        XCTAssertTrue(UploadTypes.allows("application/pdf", patterns: allowed))
        XCTAssertFalse(UploadTypes.allows("application/x-msdownload", patterns: allowed))
        XCTAssertFalse(UploadTypes.allows("image/*", patterns: allowed), "a pattern is not a type")
        XCTAssertFalse(UploadTypes.allows("", patterns: allowed))
    }

    func testSwitchAddressesAreCheckedForTheirKind() throws {
        XCTAssertEqual(try SwitchKind.email.normalizedAddress(" Ann@Example.COM "), "Ann@example.com")
        XCTAssertEqual(try SwitchKind.sms.normalizedAddress("+1 (555) 123-4567"), "+15551234567")
        XCTAssertEqual(try SwitchKind.whatsapp.normalizedAddress("+491701234567"), "+491701234567")
        // Messenger takes no typed address (a page-scoped id nobody knows): the visitor goes through the m.me link.
        XCTAssertTrue(SwitchKind.messenger.completesByLink)
        // WhatsApp goes through a wa.me link once a WhatsApp channel runs; while planned, by the typed number.
        XCTAssertTrue(SwitchKind.whatsapp.switchesByLink(available: true))
        XCTAssertFalse(SwitchKind.whatsapp.switchesByLink(available: false))
        XCTAssertFalse(SwitchKind.sms.switchesByLink(available: true))
        XCTAssertEqual(SwitchKind.messenger.identityKind, "messenger_psid")
        for (kind, bad) in [(SwitchKind.email, "ann"), (.email, "ann@localhost"), (.email, "a b@example.com"), (.sms, "5551234567"),
                            (.sms, "+12"), (.whatsapp, "+1555abc4567"), (.messenger, "ann.lee"), (.messenger, "")] {
            XCTAssertThrowsError(try kind.normalizedAddress(bad), "\(kind) \(bad)") { error in
                XCTAssertEqual((error as? FieldError)?.field, "address")
            }
        }
        XCTAssertEqual(SwitchKind.sms.identityKind, "phone")
        XCTAssertEqual(SwitchKind.email.identityKind, "email")
    }
}
