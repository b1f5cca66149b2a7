import Foundation
import SwitchboardSupport
import XCTest

/// Agents, browser sessions (cookie + CSRF), personal tokens, roles and teams, through the
/// REST API of the real host.
final class PeopleAccessTests: XCTestCase {
    let password = "correct horse battery"

    func testAnAgentSignsInAndTheCookieNeedsTheCSRFToken() throws {
        let host = try HostProcess(plugins: ["api"])
        defer { host.stop() }
        let sam = try host.createAgent("Sam@Example.com", name: "Sam Lee", password: password)
        XCTAssertEqual(sam["email"]?.stringValue, "sam@example.com")
        XCTAssertEqual(sam["handle"]?.stringValue, "sam")
        XCTAssertEqual(sam["role"]?.stringValue, "agent")
        XCTAssertEqual(sam["capacity"]?.intValue, 5)
        XCTAssertEqual(sam["availability"]?.stringValue, "offline")
        XCTAssertNil(sam["password_hash"], "the hash never leaves the host")
        let samID = try XCTUnwrap(sam["id"]?.stringValue)

        // Bad input changes nothing: a short password, a duplicate email in another case.
        let short = try host.request("POST", "/api/v1/agents", json: ["email": "kim@example.com", "name": "Kim", "password": "too short"])
        XCTAssertEqual(short.status, 400)
        XCTAssertEqual(short.json["field"]?.stringValue, "password")
        let duplicate = try host.request("POST", "/api/v1/agents", json: ["email": "SAM@example.com", "name": "Other", "password": .string(password)])
        XCTAssertEqual(duplicate.status, 409)
        XCTAssertEqual(duplicate.json["field"]?.stringValue, "email")
        XCTAssertEqual(try host.request("GET", "/api/v1/agents").json["agents"]?.arrayValue?.count, 1)

        // Wrong password and unknown email: the same 401.
        let wrong = try host.browser("POST", "/api/v1/session", json: ["email": "sam@example.com", "password": "not the password"])
        let unknown = try host.browser("POST", "/api/v1/session", json: ["email": "nobody@example.com", "password": .string(password)])
        XCTAssertEqual(wrong.status, 401)
        XCTAssertEqual(unknown.status, 401)
        XCTAssertEqual(wrong.json["message"], unknown.json["message"])
        XCTAssertNil(wrong.header("Set-Cookie"))
        // Guessing is throttled per email: after ten failures even the right password waits.
        for _ in 0..<9 {
            XCTAssertEqual(try host.browser("POST", "/api/v1/session", json: ["email": "kim@example.com", "password": "guess guess guess"]).status, 401)
        }
        let throttled = try host.browser("POST", "/api/v1/session", json: ["email": "KIM@example.com", "password": "guess guess guess"])
        XCTAssertEqual(throttled.status, 401)
        let blocked = try host.browser("POST", "/api/v1/session", json: ["email": "kim@example.com", "password": "guess guess guess"])
        XCTAssertEqual(blocked.status, 429, blocked.text)
        XCTAssertNotNil(blocked.header("Retry-After"))

        let session = try host.signIn("sam@example.com", password)
        XCTAssertTrue(session.setCookie.contains("HttpOnly"), session.setCookie)
        XCTAssertTrue(session.setCookie.contains("SameSite=Strict"), session.setCookie)
        XCTAssertTrue(session.setCookie.contains("Path=/"), session.setCookie)
        XCTAssertFalse(session.setCookie.contains("Secure"), "plain http: " + session.setCookie)

        // The cookie works on GET; GET /me returns the person and the CSRF token.
        let me = try host.browser("GET", "/api/v1/me", cookie: session.cookie)
        XCTAssertEqual(me.status, 200, me.text)
        XCTAssertEqual(me.json["agent"]?["id"]?.stringValue, samID)
        XCTAssertEqual(me.json["csrf_token"]?.stringValue, session.csrf)
        XCTAssertEqual(try host.browser("GET", "/api/v1/me").status, 401, "no cookie, no key")
        XCTAssertEqual(try host.browser("GET", "/api/v1/me", cookie: "sb_session=sbs_forged").status, 401)

        // An unsafe method with the cookie needs X-CSRF-Token; without it nothing changes.
        let noToken = try host.browser("PATCH", "/api/v1/me", json: ["availability": "online"], cookie: session.cookie)
        XCTAssertEqual(noToken.status, 403)
        XCTAssertEqual(noToken.json["error"]?.stringValue, "csrf_failed")
        let badToken = try host.browser("PATCH", "/api/v1/me", json: ["availability": "online"], cookie: session.cookie, csrf: (session.csrf.first == "0" ? "1" : "0") + session.csrf.dropFirst())
        XCTAssertEqual(badToken.status, 403)
        XCTAssertEqual(try host.request("GET", "/api/v1/agents/\(samID)").json["availability"]?.stringValue, "offline")
        let online = try host.browser("PATCH", "/api/v1/me", json: ["availability": "online"], cookie: session.cookie, csrf: session.csrf)
        XCTAssertEqual(online.status, 200, online.text)
        XCTAssertEqual(try host.request("GET", "/api/v1/agents/\(samID)").json["availability"]?.stringValue, "online")

        // An agent may not change their own role, nor use admin endpoints.
        let promote = try host.browser("PATCH", "/api/v1/me", json: ["role": "admin"], cookie: session.cookie, csrf: session.csrf)
        XCTAssertEqual(promote.status, 403)
        XCTAssertEqual(promote.json["field"]?.stringValue, "role")
        XCTAssertEqual(try host.browser("GET", "/api/v1/channels", cookie: session.cookie).status, 403)
        XCTAssertEqual(try host.browser("PATCH", "/api/v1/agents/\(samID)", json: ["role": "admin"], cookie: session.cookie, csrf: session.csrf).status, 403)
        XCTAssertEqual(try host.browser("POST", "/api/v1/agents", json: ["email": "x@example.com", "name": "X"],
                                        cookie: session.cookie, csrf: session.csrf).status, 403)
        XCTAssertEqual(try host.browser("POST", "/api/v1/teams", json: ["name": "Mine"], cookie: session.cookie, csrf: session.csrf).status, 403)
        XCTAssertEqual(try host.request("GET", "/api/v1/agents/\(samID)").json["role"]?.stringValue, "agent")
        // ... but may read people and conversations.
        XCTAssertEqual(try host.browser("GET", "/api/v1/agents", cookie: session.cookie).status, 200)
        XCTAssertEqual(try host.browser("GET", "/api/v1/conversations", cookie: session.cookie).status, 200)

        // A new password needs the current one.
        let noCurrent = try host.browser("PATCH", "/api/v1/me", json: ["password": "a brand new password"], cookie: session.cookie, csrf: session.csrf)
        XCTAssertEqual(noCurrent.json["field"]?.stringValue, "current_password")
        let changed = try host.browser("PATCH", "/api/v1/me", json: ["password": "a brand new password", "current_password": .string(password)],
                                       cookie: session.cookie, csrf: session.csrf)
        XCTAssertEqual(changed.status, 200, changed.text)
        XCTAssertEqual(try host.browser("GET", "/api/v1/me", cookie: session.cookie).status, 200, "the session that changed it stays")
        XCTAssertEqual(try host.browser("POST", "/api/v1/session", json: ["email": "sam@example.com", "password": .string(password)]).status, 401)

        // Sign out: needs the CSRF token too; then the cookie is dead.
        XCTAssertEqual(try host.browser("DELETE", "/api/v1/session", cookie: session.cookie).status, 403)
        let out = try host.browser("DELETE", "/api/v1/session", cookie: session.cookie, csrf: session.csrf)
        XCTAssertEqual(out.status, 204)
        XCTAssertTrue(out.header("Set-Cookie")?.contains("Max-Age=0") ?? false)
        XCTAssertEqual(try host.browser("GET", "/api/v1/me", cookie: session.cookie).status, 401)
    }

    func testAPersonalTokenActsAsTheAgentUntilDeactivation() throws {
        let host = try HostProcess(plugins: ["api"])
        defer { host.stop() }
        try host.putCredential("k", "secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "k"])
        XCTAssertEqual(try host.request("POST", "/hooks/api1/messages", json: ["external_id": "ann", "message_id": "1", "text": "hi"], key: "secret").status, 201)
        let sam = try XCTUnwrap(host.createAgent("sam@example.com", name: "Sam", password: password)["id"]?.stringValue)
        let kim = try XCTUnwrap(host.createAgent("kim@example.com", name: "Kim", password: password)["id"]?.stringValue)

        // The agent makes their own token (with the session), not someone else's.
        let session = try host.signIn("sam@example.com", password)
        let made = try host.browser("POST", "/api/v1/agents/\(sam)/tokens", json: ["name": "laptop"], cookie: session.cookie, csrf: session.csrf)
        XCTAssertEqual(made.status, 201, made.text)
        XCTAssertEqual(made.json["agent_id"]?.stringValue, sam)
        let token = try XCTUnwrap(made.json["key"]?.stringValue)
        XCTAssertEqual(try host.browser("POST", "/api/v1/agents/\(kim)/tokens", json: [:], cookie: session.cookie, csrf: session.csrf).status, 403)

        // The token acts as Sam, with Sam's role and Sam's view of conversations.
        XCTAssertEqual(try host.request("GET", "/api/v1/me", key: token).json["agent"]?["id"]?.stringValue, sam)
        XCTAssertEqual(try host.request("GET", "/api/v1/plugins", key: token).status, 403)
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations").json["conversations"]?.arrayValue?.count, 1)
        XCTAssertEqual(try host.request("GET", "/api/v1/conversations", key: token).json["conversations"]?.arrayValue?.count, 0,
                       "an agent sees only their teams' and their own conversations")
        XCTAssertEqual(try host.request("GET", "/api/v1/agents/\(sam)/tokens", key: token).json["tokens"]?.arrayValue?.count, 1)

        // Admin keys: an agent key must name an existing agent, and says the agent's role.
        let noAgent = try host.request("POST", "/api/v1/api-keys", json: ["name": "x", "role": "agent"])
        XCTAssertEqual(noAgent.status, 400)
        XCTAssertEqual(noAgent.json["field"]?.stringValue, "agent_id")
        XCTAssertEqual(try host.request("POST", "/api/v1/api-keys", json: ["name": "x", "role": "agent", "agent_id": "agt_missing"]).status, 404)
        XCTAssertEqual(try host.request("POST", "/api/v1/api-keys", json: ["name": "x", "role": "admin", "agent_id": .string(kim)]).json["field"]?.stringValue, "role")
        let kimKey = try host.request("POST", "/api/v1/api-keys", json: ["name": "kim", "role": "agent", "agent_id": .string(kim)])
        XCTAssertEqual(kimKey.status, 201, kimKey.text)
        XCTAssertEqual(try host.request("GET", "/api/v1/me", key: kimKey.json["key"]?.stringValue).json["agent"]?["id"]?.stringValue, kim)
        XCTAssertEqual(try host.request("GET", "/api/v1/me").status, 404, "the admin key acts for no agent")

        // A promotion applies to the token at once.
        XCTAssertEqual(try host.request("PATCH", "/api/v1/agents/\(sam)", json: ["role": "admin"]).status, 200)
        XCTAssertEqual(try host.request("GET", "/api/v1/plugins", key: token).status, 200)
        let conversation = try XCTUnwrap(host.request("GET", "/api/v1/conversations").json["conversations"]?.arrayValue?.first?["id"]?.stringValue)
        let reply = try host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: ["text": "Hello Ann"], key: token)
        XCTAssertEqual(reply.status, 202, reply.text)
        XCTAssertEqual(reply.json["author_id"]?.stringValue, "Sam", "the token speaks for its agent")

        // Deactivated: token, session and sign-in all stop working.
        let gone = try host.request("DELETE", "/api/v1/agents/\(sam)")
        XCTAssertEqual(gone.status, 200, gone.text)
        XCTAssertEqual(gone.json["active"]?.boolValue, false)
        XCTAssertEqual(try host.request("GET", "/api/v1/me", key: token).status, 401)
        XCTAssertEqual(try host.browser("GET", "/api/v1/me", cookie: session.cookie).status, 401)
        XCTAssertEqual(try host.browser("POST", "/api/v1/session", json: ["email": "sam@example.com", "password": .string(password)]).status, 401)
        XCTAssertEqual(try host.request("GET", "/api/v1/agents").json["agents"]?.arrayValue?.count, 1)
        // Reactivated: signs in again; the old token stays revoked.
        XCTAssertEqual(try host.request("PATCH", "/api/v1/agents/\(sam)", json: ["active": true]).status, 200)
        _ = try host.signIn("sam@example.com", password)
        XCTAssertEqual(try host.request("GET", "/api/v1/me", key: token).status, 401)
    }

    func testTeamsMembersAndOneDefault() throws {
        let host = try HostProcess(plugins: ["api"])
        defer { host.stop() }
        let sam = try XCTUnwrap(host.createAgent("sam@example.com", name: "Sam", password: password)["id"]?.stringValue)

        let support = try host.request("POST", "/api/v1/teams", json: ["name": "Support", "is_default": true])
        XCTAssertEqual(support.status, 201, support.text)
        XCTAssertEqual(support.json["strategy"]?.stringValue, "round_robin")
        let teamID = try XCTUnwrap(support.json["id"]?.stringValue)
        let secondDefault = try host.request("POST", "/api/v1/teams", json: ["name": "Billing", "is_default": true])
        XCTAssertEqual(secondDefault.status, 409)
        XCTAssertEqual(secondDefault.json["field"]?.stringValue, "is_default")
        XCTAssertEqual(try host.request("POST", "/api/v1/teams", json: ["name": "SUPPORT"]).json["field"]?.stringValue, "name")
        XCTAssertEqual(try host.request("POST", "/api/v1/teams", json: ["name": "Billing", "strategy": "random"]).json["field"]?.stringValue, "strategy")
        XCTAssertEqual(try host.request("GET", "/api/v1/teams").json["teams"]?.arrayValue?.count, 1, "nothing was created on any error")

        let billing = try host.request("POST", "/api/v1/teams", json: ["name": "Billing", "strategy": "skill"])
        let billingID = try XCTUnwrap(billing.json["id"]?.stringValue)
        XCTAssertEqual(try host.request("PATCH", "/api/v1/teams/\(billingID)", json: ["is_default": true]).status, 409)
        let renamed = try host.request("PATCH", "/api/v1/teams/\(billingID)", json: ["name": "Payments", "strategy": "capacity", "is_escalation": true])
        XCTAssertEqual(renamed.status, 200, renamed.text)
        XCTAssertEqual(renamed.json["strategy"]?.stringValue, "capacity")
        XCTAssertEqual(renamed.json["is_escalation"]?.boolValue, true)

        // Members: with availability and active-conversation count.
        let added = try host.request("PUT", "/api/v1/teams/\(teamID)/members/\(sam)")
        XCTAssertEqual(added.status, 200, added.text)
        XCTAssertEqual(try host.request("PUT", "/api/v1/teams/\(teamID)/members/\(sam)").status, 200, "idempotent")
        XCTAssertEqual(try host.request("PUT", "/api/v1/teams/\(teamID)/members/agt_missing").status, 404)
        XCTAssertEqual(try host.request("PUT", "/api/v1/teams/team_missing/members/\(sam)").status, 404)
        let members = try host.request("GET", "/api/v1/teams/\(teamID)/members").json["members"]?.arrayValue ?? []
        XCTAssertEqual(members.count, 1)
        XCTAssertEqual(members.first?["agent"]?["id"]?.stringValue, sam)
        XCTAssertEqual(members.first?["agent"]?["availability"]?.stringValue, "offline")
        XCTAssertEqual(members.first?["active_conversations"]?.intValue, 0)
        XCTAssertEqual(try host.request("GET", "/api/v1/agents/\(sam)").json["team_ids"], [.string(teamID)])
        XCTAssertEqual(try host.request("GET", "/api/v1/teams/\(teamID)").json["member_ids"], [.string(sam)])

        // Agents may read teams, not change them.
        let session = try host.signIn("sam@example.com", password)
        XCTAssertEqual(try host.browser("GET", "/api/v1/teams/\(teamID)/members", cookie: session.cookie).status, 200)
        XCTAssertEqual(try host.browser("DELETE", "/api/v1/teams/\(teamID)/members/\(sam)", cookie: session.cookie, csrf: session.csrf).status, 403)

        XCTAssertEqual(try host.request("DELETE", "/api/v1/teams/\(teamID)/members/\(sam)").status, 204)
        XCTAssertEqual(try host.request("DELETE", "/api/v1/teams/\(teamID)/members/\(sam)").status, 404)
        XCTAssertEqual(try host.request("DELETE", "/api/v1/teams/\(teamID)").status, 204)
        XCTAssertEqual(try host.request("GET", "/api/v1/teams/\(teamID)").status, 404)
        // With the default team gone, another may become the default.
        XCTAssertEqual(try host.request("PATCH", "/api/v1/teams/\(billingID)", json: ["is_default": true]).status, 200)
    }

    func testTheFirstAdminComesFromTheCLIAndTheCookieIsSecureBehindHTTPS() throws {
        for command in ["agents", "keys"] {
            let help = try runCLI([command, "--help"])
            XCTAssertEqual(help.status, 0)
            XCTAssertTrue(help.output.contains("usage: switchboard \(command)"), help.output)
        }
        let host = try HostProcess(plugins: ["api"], extraArguments: ["--public-url", "https://support.example.com"])
        defer { host.stop() }
        let added = try runCLI(["agents", "add", "--email", "ops@example.com", "--name", "Ops", "--role", "admin", "--password-stdin"],
                               host: host, stdin: password + "\n")
        XCTAssertEqual(added.status, 0, added.output)
        XCTAssertTrue(added.output.contains("(@ops, admin) created"), added.output)
        let short = try runCLI(["agents", "add", "--email", "two@example.com", "--name", "Two", "--password-stdin"], host: host, stdin: "short\n")
        XCTAssertEqual(short.status, 1)
        XCTAssertTrue(short.output.contains("password"), short.output)
        XCTAssertTrue(try runCLI(["agents", "list"], host: host).output.contains("ops@example.com"))

        // The new admin signs in and administers with the cookie.
        let session = try host.signIn("ops@example.com", password)
        XCTAssertTrue(session.setCookie.hasSuffix("; Secure"), session.setCookie)
        XCTAssertEqual(try host.browser("GET", "/api/v1/channels", cookie: session.cookie).status, 200)
        let created = try host.browser("POST", "/api/v1/agents", json: ["email": "kim@example.com", "name": "Kim"], cookie: session.cookie, csrf: session.csrf)
        XCTAssertEqual(created.status, 201, created.text)
        XCTAssertEqual(created.json["has_password"]?.boolValue, false)
        let me = try XCTUnwrap(host.browser("GET", "/api/v1/me", cookie: session.cookie).json["agent"]?["id"]?.stringValue)
        XCTAssertEqual(try host.browser("DELETE", "/api/v1/agents/\(me)", cookie: session.cookie, csrf: session.csrf).status, 409,
                       "an admin cannot lock themself out")
    }

    func runCLI(_ arguments: [String], host: HostProcess? = nil, stdin: String = "") throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: HostProcess.binary)
        process.arguments = arguments + (host.map { ["--url", $0.baseURL, "--data", $0.dataDirectory] } ?? [])
        let output = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// A signed-in browser: the Cookie header to send back, the Set-Cookie it came from, the CSRF token.
struct BrowserSession {
    var cookie: String
    var setCookie: String
    var csrf: String
}

extension HostProcess {
    /// Admin set-up: an agent.
    func createAgent(_ email: String, name: String, password: String, role: String = "agent") throws -> JSON {
        let r = try request("POST", "/api/v1/agents", json: ["email": .string(email), "name": .string(name), "password": .string(password), "role": .string(role)])
        guard r.status == 201 else { throw HostError("agent \(email): \(r.status) \(r.text)") }
        return r.json
    }

    func signIn(_ email: String, _ password: String) throws -> BrowserSession {
        let r = try browser("POST", "/api/v1/session", json: ["email": .string(email), "password": .string(password)])
        guard r.status == 201, let setCookie = r.header("Set-Cookie"), let csrf = r.json["csrf_token"]?.stringValue else {
            throw HostError("sign-in \(email): \(r.status) \(r.text)")
        }
        let pair = String(setCookie.prefix { $0 != ";" })
        guard pair.hasPrefix("sb_session=sbs_") else { throw HostError("unexpected cookie \(setCookie)") }
        return BrowserSession(cookie: pair, setCookie: setCookie, csrf: csrf)
    }

    /// A request as a browser makes it: no API key, the cookie, the CSRF header when given; with the response headers.
    func browser(_ method: String, _ path: String, json: JSON? = nil, cookie: String? = nil, csrf: String? = nil,
                 headers extra: [(String, String)] = []) throws -> BrowserResponse {
        var headers = extra
        if let cookie { headers.append(("Cookie", cookie)) }
        if let csrf { headers.append(("X-CSRF-Token", csrf)) }
        if json != nil { headers.append(("Content-Type", "application/json")) }
        let response = try HTTPClient.perform(HTTPClientRequest(method: method, url: baseURL + path, headers: headers,
                                                                body: Array((json?.serialized ?? "").utf8), timeoutMs: 10_000))
        return BrowserResponse(status: response.status, json: (try? JSON.parse(response.body)) ?? .null, text: response.text, headers: response.headers)
    }
}

struct BrowserResponse {
    var status: Int
    var json: JSON
    var text: String
    var headers: [(String, String)]

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}
