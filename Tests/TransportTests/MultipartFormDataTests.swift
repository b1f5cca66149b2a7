import SwitchboardSupport
import XCTest

/// The multipart/form-data codec the email channel reads Mailgun's forwards with: round trips,
/// the shapes real senders produce, and fuzzing — truncated, mutated and random bodies must throw
/// or decode, never trap, and every part found must lie inside the body.
final class MultipartFormDataTests: XCTestCase {
    let parts = [
        MultipartFormData.Part(name: "from", value: "Ann <ann@example.com>"),
        MultipartFormData.Part(name: "body-plain", value: "line 1\r\n--not a boundary\r\nline 3"),
        MultipartFormData.Part(name: "attachment-1", filename: "a \"quoted\".txt", contentType: "text/plain", body: Array("hello".utf8)),
        MultipartFormData.Part(name: "attachment-2", filename: "bin.dat", contentType: "application/octet-stream", body: (0...255).map(UInt8.init)),
        MultipartFormData.Part(name: "empty", value: ""),
    ]

    func testRoundTrip() throws {
        let (type, body) = MultipartFormData.encode(parts)
        let boundary = try XCTUnwrap(MultipartFormData.boundary(contentType: type))
        let decoded = try MultipartFormData.decode(body, boundary: boundary)
        XCTAssertEqual(decoded.map(\.name), parts.map(\.name))
        XCTAssertEqual(decoded.map(\.body), parts.map(\.body))
        XCTAssertEqual(decoded[2].filename, "a %22quoted%22.txt", "quotes in names are escaped as browsers do")
        XCTAssertEqual(decoded[3].contentType, "application/octet-stream")
        XCTAssertNil(decoded[0].filename)
    }

    func testWhatRealSendersProduce() throws {
        // A preamble, a quoted boundary with a space, LWS after the boundary, RFC 5987 file names, an epilogue.
        let type = "multipart/form-data; charset=utf-8; boundary=\"b 1\""
        XCTAssertEqual(MultipartFormData.boundary(contentType: type), "b 1")
        XCTAssertNil(MultipartFormData.boundary(contentType: "application/json"))
        XCTAssertNil(MultipartFormData.boundary(contentType: "multipart/form-data"))
        let body = "preamble\r\n--b 1  \r\nContent-Disposition: form-data; name=\"subject\"\r\n\r\nHi; there\r\n"
            + "--b 1\r\nContent-Disposition: form-data; name=\"attachment-1\"; filename=\"x.txt\"; filename*=UTF-8''na%C3%AFve.txt\r\n"
            + "Content-Type: text/plain\r\n\r\nfile\r\n--b 1--\r\nepilogue"
        let decoded = try MultipartFormData.decode(Array(body.utf8), boundary: "b 1")
        XCTAssertEqual(decoded.map(\.name), ["subject", "attachment-1"])
        XCTAssertEqual(decoded[0].text, "Hi; there")
        XCTAssertEqual(decoded[1].filename, "naïve.txt")
        XCTAssertEqual(decoded[1].text, "file")
    }

    func testMalformedBodiesThrow() {
        let cases = [
            "",                                                                           // nothing
            "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated",       // no closing boundary
            "--b\r\nno colon here\r\n\r\nx\r\n--b--",                                      // header without a colon
            "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--",                           // no Content-Disposition
            "--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--b--",        // not form-data
            "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--",                     // no name
            "--bX\r\n",                                                                    // boundary line not ending in CRLF
        ]
        for text in cases {
            XCTAssertThrowsError(try MultipartFormData.decode(Array(text.utf8), boundary: "b"), text.debugDescription)
        }
    }

    func testTooManyPartsAndOversizedHeadersAreRefused() {
        var many = ""
        for i in 0...MultipartFormData.maxParts { many += "--b\r\nContent-Disposition: form-data; name=\"f\(i)\"\r\n\r\nx\r\n" }
        many += "--b--\r\n"
        XCTAssertThrowsError(try MultipartFormData.decode(Array(many.utf8), boundary: "b"))
        let huge = "--b\r\nX-Pad: " + String(repeating: "a", count: MultipartFormData.maxHeaderBytes + 10)
            + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--b--"
        XCTAssertThrowsError(try MultipartFormData.decode(Array(huge.utf8), boundary: "b"))
    }

    /// Every prefix and thousands of mutations of a valid body: decode never traps; what it
    /// returns is consistent (parts are no larger than the body).
    func testFuzzedBodiesNeverTrap() {
        let (type, body) = MultipartFormData.encode(parts)
        let boundary = MultipartFormData.boundary(contentType: type)!
        for length in 0..<body.count {
            _ = try? MultipartFormData.decode(Array(body[..<length]), boundary: boundary)
        }
        var generator = SplitMix(seed: 0x5EED)
        let alphabet = Array("\r\n-\"; =:".utf8) + Array(boundary.utf8)
        for _ in 0..<3000 {
            var mutated = body
            for _ in 0..<(1 + Int(generator.next() % 8)) {
                let at = Int(generator.next() % UInt64(mutated.count))
                switch generator.next() % 4 {
                case 0: mutated[at] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                case 1: mutated.remove(at: at)
                case 2: mutated.insert(UInt8(truncatingIfNeeded: generator.next()), at: at)
                default:
                    let end = min(mutated.count, at + Int(generator.next() % 40))
                    mutated.insert(contentsOf: mutated[at..<end], at: at)
                }
            }
            if let decoded = try? MultipartFormData.decode(mutated, boundary: boundary) {
                XCTAssertLessThanOrEqual(decoded.reduce(0) { $0 + $1.body.count }, mutated.count)
            }
        }
        for _ in 0..<2000 {
            let random = (0..<Int(generator.next() % 300)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            _ = try? MultipartFormData.decode(random, boundary: boundary)
        }
    }

    /// A small deterministic generator, so a failure reproduces.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
