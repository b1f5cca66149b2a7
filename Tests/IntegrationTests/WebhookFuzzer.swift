import Foundation
import SwitchboardSupport

/// A property-based fuzzer for the webhook parsers, driving the real host over HTTP: it sends
/// malformed requests (mutated valid ones, generated JSON and forms of the wrong shape, broken
/// encodings, odd headers) to the API channel's, Relay's and the web chat widget's endpoints. The property: the answer
/// is never a 5xx (malformed input is the sender's fault, and a provider retries a 5xx forever)
/// and the host stays up. Deterministic for a seed; WebhookFuzzTests runs it for a few seconds,
/// `scripts/fuzz` for longer.
struct WebhookFuzzer {
    /// One generated request.
    struct Case: CustomStringConvertible {
        var method: String
        var path: String
        var headers: [(String, String)]
        var body: [UInt8]

        var description: String {
            let text = String(decoding: body.prefix(300), as: UTF8.self).unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "·" : Character($0) }
            return "\(method) \(path) \(headers.map { "\($0.0): \($0.1)" }.joined(separator: " | ")) body[\(body.count)] \(String(text))"
        }
    }

    /// SplitMix64: small, fast, and the same sequence for the same seed everywhere.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    var random: Random
    /// A live visitor token of web chat instance `chat1`; nil leaves the widget out.
    let widgetToken: String?

    init(seed: UInt64, widgetToken: String? = nil) {
        random = Random(state: seed)
        self.widgetToken = widgetToken
    }

    // MARK: - cases

    mutating func next() -> Case {
        if widgetToken != nil, random.chance(35) { return widgetCase() }
        switch random.below(10) {
        case 0...3: return apiMessage()
        case 4: return apiPull()
        case 5: return apiReceipt()
        case 6...8: return relayInbound()
        default: return relayStatus()
        }
    }

    private mutating func apiHeaders(json: Bool = true) -> [(String, String)] {
        var headers: [(String, String)] = []
        headers.append(("Authorization", random.chance(90) ? "Bearer integrator-secret" : random.pick([
            "", "Bearer", "Bearer ", "bearer integrator-secret", "Basic aW50ZWdyYXRvcg==", "Bearer integrator-secret2",
            "Bearer \u{7F}", "Bearer integrator-secret\u{01}", String(repeating: "B", count: 5000), "Bearer  integrator-secret  ",
        ])))
        if json || random.chance(30) {
            headers.append(("Content-Type", random.chance(85) ? "application/json" : random.pick([
                "text/plain", "application/json; charset=latin1", "APPLICATION/JSON", "application/jsonx", ";", "application/json;;;",
                "multipart/form-data; boundary=x", String(repeating: "a", count: 3000),
            ])))
        }
        return headers
    }

    private mutating func apiMessage() -> Case {
        let seed: JSON = ["external_id": .string("cust-\(random.below(20))"), "message_id": .string("m-\(random.next() % 100_000)"),
                          "text": "Where is my order?", "name": "Ann",
                          "attachments": [["name": "a.pdf", "content_type": "application/pdf", "size": 10, "url": "https://example.com/a.pdf"]],
                          "rich": ["type": "order", "id": "A-1"]]
        return Case(method: "POST", path: "/hooks/api1/messages", headers: apiHeaders(), body: jsonBody(seed, fields: [
            "external_id", "message_id", "text", "name", "agent_stack", "conversation_id", "attachments", "rich",
        ]))
    }

    private mutating func apiPull() -> Case {
        // Never a valid positive wait: a long poll would only slow the run down.
        let values = ["", "0", "-1", "abc", "1e3", "99999999999999999999", "%", "%zz", "1.5", "\u{FF}", "0x10", " 1", "500", "501", "0"]
        var query: [String] = []
        for name in ["after", "limit", "wait", random.pick(["x", "after", "limit"])] where random.chance(60) {
            let value = name == "wait" ? random.pick(["0", "-1", "abc", "31", "1e1", "%", ""]) : random.pick(values)
            query.append("\(name)=\(percentEncodeLoosely(value))")
        }
        if random.chance(10) { query.append(random.pick(["&&", "=", "a==b", "after", "%"])) }
        let path = "/hooks/api1/messages" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        return Case(method: "GET", path: path, headers: apiHeaders(json: false), body: [])
    }

    private mutating func apiReceipt() -> Case {
        let seed: JSON = ["delivery_id": .string("sb-\(random.below(50))-abc"), "status": .string(random.pick(["delivered", "read", "failed"])),
                          "detail": "opened"]
        return Case(method: "POST", path: "/hooks/api1/receipts", headers: apiHeaders(),
                    body: jsonBody(seed, fields: ["delivery_id", "message_id", "status", "detail"]))
    }

    private mutating func relayHeaders(body: [UInt8]) -> [(String, String)] {
        let secret = random.chance(90) ? "inbound-secret" : random.pick(["", "inbound", "inbound-secret ", "INBOUND-SECRET"])
        var headers = [("X-Relay-Signature", random.chance(97) ? RelayAuth.signature(body: body, secret: secret) : random.pick(["", "sha256=", "sha1=00"]))]
        headers.append(("Content-Type", random.chance(85) ? "application/x-www-form-urlencoded" : random.pick([
            "application/json", "application/x-www-form-urlencoded; charset=utf-8", "application/x-www-form-urlencodedx",
            "application/x-www-form-urlencoded ;", "", "application/x-www-form",
        ])))
        return headers
    }

    private mutating func relayInbound() -> Case {
        let seed: [(String, String)] = [("MessageId", "SM\(random.next() % 100_000)"), ("From", "+1555\(String(format: "%07d", random.below(20)))"),
                                        ("To", "+15550000000"), ("Body", "Is the shop open on Sunday?")]
        let body = formBody(seed, names: ["MessageId", "From", "To", "Body"])
        return Case(method: random.chance(95) ? "POST" : random.pick(["GET", "PUT"]), path: "/hooks/sms1/inbound", headers: relayHeaders(body: body),
                    body: body)
    }

    private mutating func relayStatus() -> Case {
        let seed: [(String, String)] = [("MessageId", "rl_\(random.below(5))"), ("Status", random.pick(["delivered", "failed", "sent"]))]
        let body = formBody(seed, names: ["MessageId", "Status"])
        return Case(method: "POST", path: "/hooks/sms1/status", headers: relayHeaders(body: body), body: body)
    }

    /// The widget's endpoints: what a browser (or anyone on the internet) may send them.
    private mutating func widgetCase() -> Case {
        var headers: [(String, String)] = []
        if random.chance(80), let token = widgetToken {
            headers.append(("Authorization", "Bearer " + (random.chance(85) ? token : random.pick([
                "", "v1", "v1...", "v1.x.1.ab", String(token.dropLast()) + "0", token + "x", "v2" + token.dropFirst(2), String(repeating: "v", count: 4000),
            ]))))
        }
        if random.chance(60) {
            headers.append(("Origin", random.pick(["https://shop.example", "https://evil.example", "null", "", "https://shop.example:443", "shop.example"])))
        }
        switch random.below(7) {
        case 0:
            headers.append(("Content-Type", "application/json"))
            let seed: JSON = ["name": "Ann", "email": "ann@example.com", "phone": "+15551234567", "visitor_token": .string(widgetToken ?? ""),
                              "user_id": "u-1", "user_hash": "00"]
            return Case(method: "POST", path: "/hooks/chat1/session", headers: headers,
                        body: jsonBody(seed, fields: ["name", "email", "phone", "visitor_token", "user_id", "user_hash"]))
        case 1:
            headers.append(("Content-Type", "application/json"))
            let seed: JSON = ["text": "Where is my order?", "client_message_id": .string("c\(random.next() % 100_000)")]
            return Case(method: "POST", path: "/hooks/chat1/messages", headers: headers, body: jsonBody(seed, fields: ["text", "client_message_id"]))
        case 2:
            headers.append(("Content-Type", random.pick(["image/png", "image/svg+xml", "application/x-msdownload", "", "image/png; x=1", "text/plain"])))
            let name = percentEncodeLoosely(random.pick(["a.png", "../../etc/passwd", "", "a/b.png", "\u{0}.png", String(repeating: "n", count: 300)]))
            return Case(method: "POST", path: "/hooks/chat1/uploads?name=\(name)", headers: headers, body: mutate(Array("\u{89}PNG\r\n\u{1A}\n....".utf8)))
        case 3:
            headers.append(("Content-Type", "application/json"))
            let seed: JSON = ["kind": .string(random.pick(["email", "sms", "whatsapp", "fax", ""])), "address": "ann@example.com"]
            return Case(method: "POST", path: "/hooks/chat1/switch", headers: headers, body: jsonBody(seed, fields: ["kind", "address"]))
        case 4:
            headers.append(("Content-Type", "application/json"))
            let path = random.pick(["/hooks/chat1/seen", "/hooks/chat1/typing"])
            return Case(method: "POST", path: path, headers: headers, body: jsonBody(["message_id": 1, "typing": true], fields: ["message_id", "typing"]))
        case 5:
            // Only forged tokens: a valid one would open a stream that stays open.
            let query = "token=" + percentEncodeLoosely(random.pick(["", "v1.a.1.00", "%", "v1.\u{FF}.1.aa"])) + "&last_event_id=" + percentEncodeLoosely(random.pick(["-1", "x", "99999999999999999999", ""]))
            return Case(method: "GET", path: "/hooks/chat1/stream?" + query, headers: headers.filter { $0.0 != "Authorization" }, body: [])
        default:
            let after = percentEncodeLoosely(random.pick(["", "-5", "abc", "1e9", "99999999999999999999"]))
            return Case(method: random.pick(["GET", "OPTIONS", "DELETE"]), path: random.pick(["/hooks/chat1/messages?after=\(after)", "/hooks/chat1/config", "/hooks/chat1/widget.js"]),
                        headers: headers + [("Access-Control-Request-Method", random.pick(["POST", "PUT", ""]))], body: [])
        }
    }

    // MARK: - bodies

    /// A JSON body: the seed as is, the seed with fields of the wrong shape, a generated document,
    /// or any of those with its bytes mutated.
    private mutating func jsonBody(_ seed: JSON, fields: [String]) -> [UInt8] {
        var object = seed.objectValue ?? [:]
        switch random.below(4) {
        case 0: break
        case 1:
            for _ in 0...random.below(3) { object[random.pick(fields)] = randomJSON(depth: 0) }
        case 2:
            object[random.pick(fields)] = nil
            if random.chance(50) { object[random.pick(fields)] = .string(weirdString()) }
        default:
            return random.chance(50) ? Array(randomJSON(depth: 0).serialized.utf8) : rawJSONish()
        }
        let bytes = Array(JSON.object(object).serialized.utf8)
        return random.chance(50) ? mutate(bytes) : bytes
    }

    private mutating func randomJSON(depth: Int) -> JSON {
        switch random.below(depth > 6 ? 5 : 8) {
        case 0: return .null
        case 1: return .bool(random.chance(50))
        case 2: return .number(random.pick([0, -1, 1e308, -1e308, 0.5, 9_007_199_254_740_993, Double(random.next() % 1000), -0.0]))
        case 3, 4: return .string(weirdString())
        case 5: return .array((0..<random.below(4)).map { _ in randomJSON(depth: depth + 1) })
        default:
            var object = JSONObject()
            for _ in 0..<random.below(4) { object[random.pick(["url", "name", "size", "type", "", "a", weirdString()])] = randomJSON(depth: depth + 1) }
            return .object(object)
        }
    }

    private mutating func weirdString() -> String {
        random.pick([
            "", " ", "x", String(repeating: "y", count: 257), String(repeating: "é", count: 70_000), "\u{0}", "\"", "\\",
            "\u{202E}evil", "😀", "ftp://example.com/a", "https://", "https://example.com/ a", "http://\u{7F}", "+15551234567",
            "cnv_does_not_exist", "m-1", "<script>", "%00", "\u{FFFF}", "\r\n", String(repeating: "[", count: 100),
        ])
    }

    /// Text that is almost JSON: deep nesting, broken escapes, lone surrogates, huge numbers.
    private mutating func rawJSONish() -> [UInt8] {
        let text = random.pick([
            String(repeating: "[", count: 100_000), String(repeating: "{\"a\":", count: 600) + "1" + String(repeating: "}", count: 600),
            "{\"text\":\"\\ud800\"}", "{\"text\":\"\\u12\"}", "{\"external_id\":1e999999}", "{\"a\":-}", "{\"a\":01}", "{,}", "[]", "null",
            "\"just a string\"", "{\"external_id\":\"a\",\"external_id\":\"b\",\"message_id\":\"m\",\"text\":\"t\"}", "{\"a\":\"\u{1}\"}",
            "{\"message_id\":\"x\",\"external_id\":\"y\",\"text\":\"z\"", "{\"text\":\"" + String(repeating: "\\n", count: 40_000) + "\"}",
        ])
        return Array(text.utf8)
    }

    /// A form body: the seed, with fields dropped, repeated or replaced, broken percent-encodings,
    /// invalid UTF-8 once decoded; then perhaps byte-mutated.
    private mutating func formBody(_ seed: [(String, String)], names: [String]) -> [UInt8] {
        var fields = seed
        for _ in 0..<random.below(4) {
            switch random.below(5) {
            case 0: if !fields.isEmpty { fields.remove(at: random.below(fields.count)) }
            case 1: fields.append((random.pick(names), weirdString()))
            case 2: if !fields.isEmpty { fields[random.below(fields.count)].1 = weirdString() }
            case 3: fields.append((weirdString(), weirdString()))
            default: if !fields.isEmpty { fields.append(fields[random.below(fields.count)]) }
            }
        }
        var text = FormURLEncoding.encode(fields)
        if random.chance(30) {
            text += random.pick(["&", "&&", "=", "%", "%G1", "%0", "&Body=%FF%FE", "&Body=%C3%28", "&From=%2B1%00", "+", "&=&=",
                                 "&MessageId=" + String(repeating: "%41", count: 300), "&Body=%ED%A0%80"])
        }
        let bytes = Array(text.utf8)
        return random.chance(35) ? mutate(bytes) : bytes
    }

    /// Byte-level mutations: flips, inserted special bytes, truncation, duplicated or removed spans.
    private mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0...random.below(4) {
            let at = random.below(bytes.count + 1)
            switch random.below(6) {
            case 0: if at < bytes.count { bytes[at] ^= UInt8(truncatingIfNeeded: 1 << random.below(8)) }
            case 1: bytes.insert(random.pick([0x00, 0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x25, 0x26, 0x3D, 0x80, 0xC3, 0xED, 0xFF, 0x0A]), at: at)
            case 2: bytes = Array(bytes.prefix(at))
            case 3:
                let end = min(bytes.count, at + random.below(64))
                if at < end { bytes.insert(contentsOf: bytes[at..<end], at: at) }
            case 4:
                let end = min(bytes.count, at + random.below(16))
                if at < end { bytes.removeSubrange(at..<end) }
            default: if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: random.next()) }
            }
        }
        return bytes
    }

    private func percentEncodeLoosely(_ value: String) -> String {
        value.unicodeScalars.map { $0.value < 0x80 && $0 != " " ? String($0) : "%FF" }.joined()
    }
}
