import Foundation
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// The real `switchboard serve` binary, started on a free loopback port with its own data directory.
final class HostProcess {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static let binary = packageRoot + "/.build/debug/switchboard"
    static let stagedPlugins = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_PLUGINS"] ?? packageRoot + "/.build/plugins"

    let process = Process()
    let dataDirectory: String
    let pluginsDirectory: String
    private(set) var port: UInt16 = 0
    private(set) var adminKey = ""
    private let output = Pipe()
    let logPath: String

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// A fresh data directory and a copy of the staged plugins (tests may change their copy).
    /// Tests allow loopback explicitly (their receivers and fakes listen there); `allowedNetworks: nil` tries the guard.
    /// `store`: serve's store arguments ([] for SQLite in the data directory); nil: the test store (TestStore).
    init(plugins: [String] = ["api", "relay"], extraArguments: [String] = [], dataDirectory: String? = nil,
         pluginsDirectory: String? = nil, allowedNetworks: String? = "127.0.0.0/8,::1/128", store: [String]? = nil) throws {
        let scratch = dataDirectory.map { ($0 as NSString).deletingLastPathComponent }
            ?? NSTemporaryDirectory() + "switchboard-test-" + UUID().uuidString
        self.dataDirectory = dataDirectory ?? scratch + "/data"
        self.pluginsDirectory = pluginsDirectory ?? scratch + "/plugins"
        logPath = scratch + "/host-\(UUID().uuidString.prefix(8)).log"
        let fm = FileManager.default
        if pluginsDirectory == nil {
            try fm.createDirectory(atPath: self.pluginsDirectory, withIntermediateDirectories: true)
            for plugin in plugins {
                // Test-only builds (the ABI 1.0 Relay) are staged beside the shipped plugins.
                let shipped = Self.stagedPlugins + "/" + plugin, fixture = Self.stagedPlugins + "-fixtures/" + plugin
                let source = fm.fileExists(atPath: shipped) ? shipped : fixture
                guard fm.fileExists(atPath: source + "/plugin.json") else {
                    throw HostError("plugin \(plugin) is not staged at \(source): run scripts/stage-plugins (scripts/test does)")
                }
                try fm.copyItem(atPath: source, toPath: self.pluginsDirectory + "/" + plugin)
            }
        }
        _ = fm.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: Self.binary)
        let storeArguments = try store ?? TestStore.arguments(dataDirectory: self.dataDirectory)
        process.arguments = ["serve", "--data", self.dataDirectory, "--plugins", self.pluginsDirectory, "--listen", "127.0.0.1:0",
                             "--retry-base-ms", "50", "--retry-max-ms", "400", "--drain-timeout-ms", "3000"]
            + (allowedNetworks.map { ["--allow-networks", $0] } ?? []) + storeArguments + extraArguments
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        try waitForPort()
        adminKey = try String(contentsOfFile: self.dataDirectory + "/admin.key", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func waitForPort() throws {
        let deadline = Date().addingTimeInterval(20)
        var buffer = Data()
        let handle = output.fileHandleForReading
        while Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            if let text = String(data: buffer, encoding: .utf8), let range = text.range(of: "listening on http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = UInt16(digits) { self.port = port; return }
            }
        }
        throw HostError("the host did not start; log:\n\(log)")
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// SIGTERM and wait (bounded), or SIGKILL when `hard`.
    func stop(hard: Bool = false) {
        guard process.isRunning else { return }
        if hard { kill(process.processIdentifier, SIGKILL) } else { process.terminate() }
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
    }

    deinit { stop(hard: true) }

    /// A connection to this host's database (SQLite file or PostgreSQL, as TestStore chose).
    func database(readOnly: Bool = false) throws -> StoreConnection {
        try TestStore.connection(dataDirectory: dataDirectory, readOnly: readOnly)
    }

    // MARK: HTTP helpers

    @discardableResult
    func request(_ method: String, _ path: String, json: JSON? = nil, body: String? = nil, key: String? = nil,
                 headers: [(String, String)] = [], timeoutMs: Int = 10_000) throws -> (status: Int, json: JSON, text: String) {
        var all = headers
        if let key = key ?? (path.hasPrefix("/api/") ? adminKey : nil), !key.isEmpty { all.append(("Authorization", "Bearer \(key)")) }
        var payload: [UInt8] = []
        if let json { payload = Array(json.serialized.utf8); all.append(("Content-Type", "application/json")) }
        if let body { payload = Array(body.utf8) }
        let response = try HTTPClient.perform(HTTPClientRequest(method: method, url: baseURL + path, headers: all, body: payload, timeoutMs: timeoutMs))
        return (response.status, (try? JSON.parse(response.body)) ?? .null, response.text)
    }

    /// Admin set-up: a credential.
    func putCredential(_ id: String, _ secret: String) throws {
        let r = try request("PUT", "/api/v1/credentials/\(id)", json: ["secret": .string(secret)])
        guard r.status == 200 else { throw HostError("credential \(id): \(r.status) \(r.text)") }
    }

    /// Admin set-up: a channel instance that must come up running.
    func addChannel(_ id: String, plugin: String, config: JSON) throws {
        let r = try request("POST", "/api/v1/channels", json: ["id": .string(id), "plugin_id": .string(plugin), "config": config])
        guard r.status == 201, r.json["state"]?.stringValue == "running" else { throw HostError("channel \(id): \(r.status) \(r.text)\n\(log)") }
    }

    /// Admin set-up: an agent (online unless told otherwise) and a personal token that acts as them.
    func addAgent(_ handle: String, role: String = "agent", availability: String = "online", capacity: Int = 5,
                  skills: [String] = [], teams: [String] = []) throws -> (id: String, key: String) {
        let made = try request("POST", "/api/v1/agents", json: ["email": .string("\(handle)@example.com"), "name": .string(handle.capitalized),
                                                                "handle": .string(handle), "role": .string(role),
                                                                "availability": .string(availability), "capacity": .from(capacity),
                                                                "skills": .array(skills.map(JSON.string))])
        guard made.status == 201, let id = made.json["id"]?.stringValue else { throw HostError("agent \(handle): \(made.status) \(made.text)") }
        for team in teams {
            let joined = try request("PUT", "/api/v1/teams/\(team)/members/\(id)")
            guard joined.status < 300 else { throw HostError("team \(team) member \(handle): \(joined.status) \(joined.text)") }
        }
        let token = try request("POST", "/api/v1/agents/\(id)/tokens", json: ["name": "tests"])
        guard token.status == 201, let key = token.json["key"]?.stringValue else { throw HostError("token \(handle): \(token.status) \(token.text)") }
        return (id, key)
    }

    /// Admin set-up: a team.
    func addTeam(_ name: String, strategy: String = "round_robin", isDefault: Bool = false, isEscalation: Bool = false) throws -> String {
        let made = try request("POST", "/api/v1/teams", json: ["name": .string(name), "strategy": .string(strategy),
                                                               "is_default": .bool(isDefault), "is_escalation": .bool(isEscalation)])
        guard made.status == 201, let id = made.json["id"]?.stringValue else { throw HostError("team \(name): \(made.status) \(made.text)") }
        return id
    }

    /// Poll until check returns non-nil (bounded).
    func eventually<T>(_ what: String, timeout: TimeInterval = 10, _ check: () throws -> T?) throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let value = try check() { return value }
            usleep(50_000)
        }
        throw HostError("timed out waiting for \(what)")
    }
}

struct HostError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
