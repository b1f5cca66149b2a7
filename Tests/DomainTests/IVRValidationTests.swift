import SwitchboardDomain
import XCTest

/// Validation rules: wiring, endings, bounded loops, schedules, references, reachability.
final class IVRValidationTests: XCTestCase {
    func problems(_ edit: @escaping (String) -> String, references: IVRReferences = IVRKnownReferences()) throws -> [IVRProblem] {
        try IVRFixtures.flow(edit).validate(references: references)
    }

    func codes(_ found: [IVRProblem]) -> [String] { found.map { "\($0.code) \($0.node ?? "-").\($0.exit ?? "-")" } }

    func testTheFixtureHasNoProblems() throws {
        XCTAssertEqual(try problems { $0 }, [])
    }

    func testEveryUnwiredExitIsAnErrorWithItsNodeAndExit() throws {
        let found = try problems {
            $0.replacingOccurrences(of: "\"timeout\": \"menu\", ", with: "")
                .replacingOccurrences(of: "\"no_audio\": \"bye\"", with: "\"no_audio\": null")
        }
        XCTAssertEqual(codes(found), ["exit_unwired menu.timeout", "exit_unwired voicemail.no_audio"])
        XCTAssertTrue(found.allSatisfy { $0.severity == .error })
    }

    func testAnExitToAMissingNodeIsAnError() throws {
        let found = try problems { $0.replacingOccurrences(of: "\"max_attempts\": \"general_q\" } },", with: "\"max_attempts\": \"nowhere\" } },") }
        XCTAssertEqual(codes(found), ["exit_target_missing menu.max_attempts", "exit_target_missing account.max_attempts"])
    }

    func testTheEntryAndTheGuardMustBeNodes() throws {
        let found = try problems {
            $0.replacingOccurrences(of: "\"entry\": \"welcome\"", with: "\"entry\": \"start\"")
                .replacingOccurrences(of: "\"guardExit\": \"general_q\"", with: "\"guardExit\": \"safety\"")
        }
        XCTAssertEqual(Array(codes(found).prefix(2)), ["entry_missing -.-", "guard_missing -.-"])
        XCTAssertTrue(codes(found).contains("unreachable welcome.-"), "nothing is reachable from a missing entry")
    }

    func testANodeThatCannotReachAHangUpIsAnError() throws {
        // The welcome and hours nodes now only lead to each other: no ending, and no bound on the loop.
        let found = try problems {
            $0.replacingOccurrences(of: "\"open\": \"menu\", \"closed\": \"voicemail\", \"holiday\": \"voicemail\", \"error\": \"menu\"",
                                    with: "\"open\": \"welcome\", \"closed\": \"welcome\", \"holiday\": \"welcome\", \"error\": \"welcome\"")
        }
        XCTAssertTrue(codes(found).contains("no_ending welcome.-"))
        XCTAssertTrue(codes(found).contains("no_ending hours.-"))
        XCTAssertTrue(codes(found).contains("unbounded_loop welcome.-"))
    }

    func testALoopIsSafeOnlyThroughABoundedNodeWhoseExhaustionExitLeavesIt() throws {
        XCTAssertFalse(codes(try problems { $0 }).contains { $0.hasPrefix("unbounded_loop") }, "menu → menu ends at max_attempts")
        // max_attempts now leads back into the loop (menu → welcome → hours → menu): nothing bounds it.
        let found = try problems {
            $0.replacingOccurrences(of: "\"timeout\": \"menu\", \"max_attempts\": \"general_q\"", with: "\"timeout\": \"menu\", \"max_attempts\": \"welcome\"")
        }
        XCTAssertEqual(codes(found), ["unbounded_loop welcome.-"])
        XCTAssertTrue(found.first?.message.contains("welcome → hours → menu") == true, "\(found)")
    }

    func testALoopBoundedElsewhereInItsComponentIsStillFound() throws {
        // The assistant bounds its own path, but menu → welcome → hours → menu does not pass through it.
        let found = try problems {
            $0.replacingOccurrences(of: "\"max_attempts\": \"general_q\" } },", with: "\"max_attempts\": \"welcome\" } },")
        }
        XCTAssertEqual(codes(found), ["unbounded_loop welcome.-"])
    }

    func testAScheduleWithAnUnknownTimeZoneIsAnErrorNamingIt() throws {
        let found = try problems { $0.replacingOccurrences(of: "Europe/Berlin", with: "Mars/Olympus_Mons") }
        XCTAssertEqual(codes(found), ["time_zone_unknown hours.-"])
        XCTAssertTrue(found.first?.message.contains("'Mars/Olympus_Mons'") == true, "\(found)")
        let offset = try problems { $0.replacingOccurrences(of: "Europe/Berlin", with: "+01:00") }
        XCTAssertEqual(codes(offset), ["time_zone_unknown hours.-"], "a fixed offset is not a zone")
        let missing = try problems { $0.replacingOccurrences(of: "\"scheduleId\": \"support\"", with: "\"scheduleId\": \"weekend\"") }
        XCTAssertEqual(codes(missing), ["reference_missing hours.-"])
    }

    func testAScheduleThatNeverOpensIsAWarning() throws {
        let found = try problems { $0.replacingOccurrences(of: "\"weekly\": [ { \"days\": [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], \"open\": \"09:00\", \"close\": \"17:00\" } ],", with: "") }
        XCTAssertEqual(codes(found), ["schedule_never_open hours.-"])
        XCTAssertEqual(found.first?.severity, .warning)
    }

    func testReferencesAreCheckedThroughTheResolver() throws {
        var references = IVRKnownReferences()
        references.queues = ["general"]
        let found = try problems({
            $0.replacingOccurrences(of: "\"instance\": \"sms-main\"", with: "\"instance\": \"sms-gone\"")
                .replacingOccurrences(of: "\"stackId\": \"support-bot\"", with: "\"stackId\": \"no-bot\"")
                .replacingOccurrences(of: "\"instance\": \"wa-main\"", with: "\"instance\": \"wa-gone\"")
        }, references: references)
        XCTAssertEqual(codes(found), ["reference_missing sms_link.-", "reference_missing billing_q.-", "reference_missing cb.-",
                                      "reference_missing ai.-", "reference_missing whatsapp.-"])
        XCTAssertTrue(found.first?.message.contains("'sms-gone'") == true, "\(found)")
    }

    func testAnUnreachableNodeIsOnlyAWarning() throws {
        let found = try problems { $0.replacingOccurrences(of: "\"operator\": \"operator\",", with: "\"operator\": \"general_q\",") }
        XCTAssertEqual(codes(found), ["unreachable operator.-"])
        XCTAssertEqual(found.first?.severity, .warning)
    }

    func testEveryProblemIsListedAtOnce() throws {
        let found = try problems {
            $0.replacingOccurrences(of: "\"timeout\": \"menu\", ", with: "")
                .replacingOccurrences(of: "Europe/Berlin", with: "Nowhere/City")
                .replacingOccurrences(of: "\"operator\": \"operator\",", with: "\"operator\": \"general_q\",")
        }
        XCTAssertEqual(Set(codes(found)), ["exit_unwired menu.timeout", "time_zone_unknown hours.-", "unreachable operator.-"])
    }
}
