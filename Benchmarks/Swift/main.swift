// switchboard-bench: the in-process parts of `scripts/bench` (see there; docs/operator-guide.md).
//   switchboard-bench abi --plugins DIR [--iterations N]
//   switchboard-bench store [--seconds S] [--threads N] [--customers C] [--messages M]
//   switchboard-bench triage [--iterations N]
// Each prints one parseable line. Build with `swift build -c release --product switchboard-bench`.
// Both work in `--scratch DIR` (default: a new directory under /tmp), which the caller removes.
import SwitchboardDomain
import SwitchboardSupport
import SwitchboardTransport
#if canImport(Glibc)
import Glibc
#endif

func option(_ name: String, _ fallback: String) -> String {
    let words = CommandLine.arguments
    guard let i = words.firstIndex(of: "--\(name)"), i + 1 < words.count else { return fallback }
    return words[i + 1]
}

func fail(_ message: String) -> Never {
    var line = "switchboard-bench: \(message)\n"
    _ = line.withUTF8 { write(2, $0.baseAddress, $0.count) }
    exit(1)
}

func scratchDirectory() -> String {
    let given = option("scratch", "")
    if !given.isEmpty { return given }
    var template = Array("/tmp/switchboard-bench-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { fail("cannot make a scratch directory") }
    return String(cString: made)
}

do {
    switch CommandLine.arguments.dropFirst().first {
    case "abi":
        try ABIBench.run(plugins: option("plugins", ".build/bench-plugins"), iterations: Int(option("iterations", "200000")) ?? 200_000)
    case "store":
        try StoreBench.run(seconds: Double(option("seconds", "5")) ?? 5, threads: Int(option("threads", "64")) ?? 64,
                           customers: Int(option("customers", "1000")) ?? 1000, messages: Int(option("messages", "")))
    case "triage":
        TriageBench.run(iterations: Int(option("iterations", "20000")) ?? 20_000)
    default:
        fail("usage: switchboard-bench abi --plugins DIR [--iterations N] | store [--seconds S] [--threads N] [--customers C] [--messages M] | triage [--iterations N]")
    }
} catch {
    fail("\(error)")
}
