import SwitchboardDomain
import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// The classification cost of triage per customer message: the host's topics (8, with 20 example
/// phrases each) trained once, then messages of the ingest benchmark's size (1 KB) classified on
/// one thread. Prints `triage: X us/msg classification (topics T examples E message B bytes)`.
enum TriageBench {
    static let vocabulary = ["refund", "charged", "invoice", "payment", "card", "parcel", "delivery", "tracking", "late", "damaged",
                             "password", "login", "account", "locked", "email", "order", "cancel", "subscription", "price", "discount",
                             "return", "exchange", "size", "colour", "warranty", "broken", "repair", "address", "change", "gift"]

    static func run(iterations: Int) {
        // Deterministic phrases: each topic draws mostly from its own slice of the vocabulary.
        var seed: UInt64 = 42
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        let topics: [JSON] = (0..<8).map { t in
            ["name": .string("topic-\(t)"), "examples": .array((0..<20).map { _ in
                .string((0..<6).map { _ in next(4) == 0 ? vocabulary[next(vocabulary.count)] : vocabulary[(t * 3 + next(4)) % vocabulary.count] }
                    .joined(separator: " "))
            })]
        }
        let settings: TriageSettings
        do { settings = try TriageSettings.parse(["topics": .array(topics), "threshold": 0.5]) } catch { fail("triage settings: \(error)") }
        let model = TriageModel(settings)
        var message = "Hello, "
        while message.utf8.count < 1024 { message += vocabulary[next(vocabulary.count)] + " my order from last week " }
        let messages = (0..<64).map { i in "\(i) " + message }
        var hits = 0
        let start = cpuMicros()
        for i in 0..<iterations where model.topic(for: messages[i % messages.count]) != nil { hits += 1 }
        let perMessage = (cpuMicros() - start) / Double(max(iterations, 1))
        print("triage: \(String(format1: perMessage)) us/msg classification (topics \(topics.count) examples \(topics.count * 20) message \(message.utf8.count) bytes, \(hits) of \(iterations) above the threshold)")
    }

    static func cpuMicros() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1e6 + Double(t.tv_nsec) / 1e3
    }
}

extension String {
    /// One decimal, without Foundation's formatter.
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }
}
