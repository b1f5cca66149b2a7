import Foundation

/// The test-only C plugins under Tests/Plugins: built with cc against the public header and
/// packed with `switchboard plugins pack`, like a third party's plugin.
enum TestPlugins {
    /// Builds Tests/Plugins/<folder>/<source> into <library> and packs it into `destination`.
    static func build(_ folder: String, source: String, library: String, into destination: String, scratch: String) throws {
        let sources = HostProcess.packageRoot + "/Tests/Plugins/" + folder
        let built = scratch + "/" + library
        try run("/usr/bin/env", ["cc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-fPIC", "-fvisibility=hidden", "-shared",
                                 "-Wl,--no-undefined", "-I", HostProcess.packageRoot + "/PluginAPI/C/include", "-o", built, sources + "/" + source])
        try run(HostProcess.binary, ["plugins", "pack", "--manifest", sources + "/plugin.json", "--library", built, "--out", destination])
    }

    static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw HostError("\(executable) \(arguments.joined(separator: " ")) failed") }
    }
}
