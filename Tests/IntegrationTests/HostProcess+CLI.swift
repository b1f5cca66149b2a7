import Foundation

extension HostProcess {
    /// Runs the `switchboard` binary with `arguments` (pointed at `host` when given, with its admin
    /// key from the data directory); its exit status and everything it printed.
    static func cli(_ arguments: [String], host: HostProcess? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments + (host.map { ["--url", $0.baseURL, "--data", $0.dataDirectory] } ?? [])
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
