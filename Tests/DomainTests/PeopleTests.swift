import Foundation
@testable import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Passwords, sessions, agents and teams in the store.
final class PeopleTests: StoreTestCase {

    func makeAgent(_ email: String = "sam@example.com", password: String? = "correct horse battery", role: Role = .agent) throws -> Agent {
        var draft = AgentDraft(email: email, name: "Sam Lee", role: role, password: password)
        draft.skills = ["billing", " Billing", "de"]
        return try store.createAgent(draft)
    }

    func testPasswordHashIsSaltedYescryptAndVerifies() throws {
        let first = try PasswordHash.make("correct horse battery")
        let second = try PasswordHash.make("correct horse battery")
        XCTAssertTrue(first.hasPrefix("$y$"), first)
        XCTAssertNotEqual(first, second, "a fresh salt every time")
        XCTAssertTrue(PasswordHash.verify("correct horse battery", against: first))
        XCTAssertTrue(PasswordHash.verify("correct horse battery", against: second))
        XCTAssertFalse(PasswordHash.verify("correct horse batterY", against: first))
        XCTAssertFalse(PasswordHash.verify("", against: first))
        // crypt(3) would take a legacy DES setting; verify does not.
        XCTAssertFalse(PasswordHash.verify("password", against: "abJnggxhB/yWI"))
        XCTAssertFalse(PasswordHash.verify("correct horse battery", against: "$y$garbage"))
        XCTAssertThrowsError(try PasswordHash.make("short")) { error in
            XCTAssertTrue("\(error)".contains("at least 10"), "\(error)")
        }
        XCTAssertThrowsError(try PasswordHash.make("ten chars\u{0}!"))
    }

    func testHashingIsSafeFromManyThreadsAtOnce() throws {
        let hash = try PasswordHash.make("correct horse battery")
        let results = Locked<[Bool]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let ok = PasswordHash.verify(i % 2 == 0 ? "correct horse battery" : "wrong horse battery", against: hash)
            results.withLock { $0.append(ok == (i % 2 == 0)) }
        }
        XCTAssertEqual(results.withLock { $0 }, Array(repeating: true, count: 8))
    }

    func testSignInChecksThePasswordAndTellsNothingAboutAccounts() throws {
        let agent = try makeAgent()
        XCTAssertNil(try store.signIn(email: "sam@example.com", password: "wrong password!"))
        XCTAssertNil(try store.signIn(email: "nobody@example.com", password: "correct horse battery"))
        let signIn = try XCTUnwrap(store.signIn(email: "SAM@Example.com ", password: "correct horse battery"))
        XCTAssertEqual(signIn.agent.id, agent.id)
        XCTAssertEqual(signIn.session.id, Crypto.sha256Hex(signIn.token))
        let stored = try store.read { db in try db.query("SELECT token_hash FROM sessions", []) { $0.text(0) } }
        XCTAssertEqual(stored, [Crypto.sha256Hex(signIn.token)], "only the token's hash is stored")
        XCTAssertEqual(try store.session(token: signIn.token)?.agent.id, agent.id)
        XCTAssertNil(try store.session(token: signIn.token + "0"))
        // An agent created without a password cannot sign in.
        _ = try makeAgent("nopass@example.com", password: nil)
        XCTAssertNil(try store.signIn(email: "nopass@example.com", password: ""))
    }

    func testSessionEndsWhenIdleAndAtTheAbsoluteLimit() throws {
        _ = try makeAgent()
        let policy = SessionPolicy(idleMs: 1_000, absoluteMs: 5_000, touchEveryMs: 100)
        let t0: Int64 = 1_000_000
        let signIn = try XCTUnwrap(store.signIn(email: "sam@example.com", password: "correct horse battery", policy: policy, now: t0))
        XCTAssertEqual(signIn.session.expiresAt, t0 + 5_000)
        // Idle: alive just before the idle limit, ended at it.
        XCTAssertNotNil(try store.session(token: signIn.token, policy: policy, now: t0 + 999))
        XCTAssertNil(try store.session(token: signIn.token, policy: policy, now: t0 + 999 + 1_000))
        // Requests keep it alive (each one moves last_seen_at) ...
        let fresh = try XCTUnwrap(store.signIn(email: "sam@example.com", password: "correct horse battery", policy: policy, now: t0))
        var now = t0
        while now + 800 < t0 + 5_000 {
            now += 800
            XCTAssertEqual(try store.session(token: fresh.token, policy: policy, now: now)?.session.lastSeenAt, now)
        }
        // ... but never past the absolute limit.
        XCTAssertNil(try store.session(token: fresh.token, policy: policy, now: t0 + 5_000))
        // A touch more often than touchEveryMs is not written.
        let third = try XCTUnwrap(store.signIn(email: "sam@example.com", password: "correct horse battery", policy: policy, now: t0))
        XCTAssertEqual(try store.session(token: third.token, policy: policy, now: t0 + 50)?.session.lastSeenAt, t0)
        // Signing out ends it.
        XCTAssertTrue(try store.endSession(id: third.session.id))
        XCTAssertNil(try store.session(token: third.token, policy: policy, now: t0 + 60))
        // The standard policy: 12 hours idle, 7 days at most.
        let standard = SessionPolicy.standard
        let session = Session(id: "h", agentID: "a", csrfToken: "c", createdAt: t0, expiresAt: t0 + standard.absoluteMs, lastSeenAt: t0)
        XCTAssertEqual(standard.endsAt(session), t0 + 12 * 3_600_000)
        XCTAssertTrue(standard.isLive(session, now: t0 + standard.idleMs - 1))
        XCTAssertFalse(standard.isLive(session, now: t0 + standard.idleMs))
        let busy = Session(id: "h", agentID: "a", csrfToken: "c", createdAt: t0, expiresAt: t0 + standard.absoluteMs,
                           lastSeenAt: t0 + standard.absoluteMs - 1)
        XCTAssertEqual(standard.endsAt(busy), t0 + 7 * 86_400_000)
    }

    func testAgentRulesDuplicatesAndDefaults() throws {
        let sam = try makeAgent("Sam.Lee+support@Example.com")
        XCTAssertEqual(sam.email, "sam.lee+support@example.com")
        XCTAssertEqual(sam.handle, "sam.lee", "the handle comes from the email's local part")
        XCTAssertEqual(sam.skills, ["billing", "de"])
        XCTAssertEqual(sam.capacity, 5)
        XCTAssertEqual(sam.availability, .offline)
        XCTAssertTrue(sam.hasPassword)
        let other = try makeAgent("sam.lee@example.org")
        XCTAssertEqual(other.handle, "sam.lee2", "a taken default handle gets a number")
        XCTAssertThrowsError(try makeAgent("SAM.LEE+SUPPORT@example.com")) { error in
            XCTAssertEqual(error as? PeopleError, .conflict(field: "email", "an agent with email sam.lee+support@example.com already exists"))
        }
        var draft = AgentDraft(email: "kim@example.com", name: "Kim", handle: "SAM.LEE")
        XCTAssertThrowsError(try store.createAgent(draft)) { XCTAssertEqual(($0 as? PeopleError).flatMap(Self.field), "handle") }
        draft.handle = nil
        draft.capacity = 0
        XCTAssertThrowsError(try store.createAgent(draft)) { XCTAssertEqual(($0 as? PeopleError).flatMap(Self.field), "capacity") }
        draft.capacity = 5
        draft.role = .integrator
        XCTAssertThrowsError(try store.createAgent(draft)) { XCTAssertEqual(($0 as? PeopleError).flatMap(Self.field), "role") }
        draft.role = .agent
        draft.password = "too short"
        XCTAssertThrowsError(try store.createAgent(draft)) { XCTAssertEqual(($0 as? PeopleError).flatMap(Self.field), "password") }
        draft.password = nil
        draft.channelInstanceIDs = ["nope"]
        XCTAssertThrowsError(try store.createAgent(draft)) { XCTAssertEqual(($0 as? PeopleError).flatMap(Self.field), "channel_instance_ids") }
        XCTAssertEqual(try store.agents().count, 2, "nothing was written on any error")
        XCTAssertEqual(try store.agent(handle: "SAM.LEE2")?.id, other.id)

        var changes = AgentChanges()
        changes.email = "sam.lee@example.org"
        XCTAssertThrowsError(try store.updateAgent(id: sam.id, changes)) { XCTAssertEqual(($0 as? PeopleError).flatMap(Self.field), "email") }
        changes = AgentChanges()
        changes.availability = .online
        changes.capacity = 12
        changes.skills = []
        let updated = try store.updateAgent(id: sam.id, changes)
        XCTAssertEqual(updated.availability, .online)
        XCTAssertEqual(updated.capacity, 12)
        XCTAssertEqual(updated.skills, [])
        XCTAssertThrowsError(try store.updateAgent(id: "agt_missing", changes)) { XCTAssertEqual($0 as? PeopleError, .notFound("no agent agt_missing")) }
    }

    func testANewPasswordEndsOtherSessions() throws {
        let sam = try makeAgent()
        let kept = try XCTUnwrap(store.signIn(email: "sam@example.com", password: "correct horse battery"))
        let other = try XCTUnwrap(store.signIn(email: "sam@example.com", password: "correct horse battery"))
        var changes = AgentChanges()
        changes.password = "a new password 2"
        try store.updateAgent(id: sam.id, changes, keepingSession: kept.session.id)
        XCTAssertNotNil(try store.session(token: kept.token))
        XCTAssertNil(try store.session(token: other.token))
        XCTAssertNil(try store.signIn(email: "sam@example.com", password: "correct horse battery"))
        XCTAssertNotNil(try store.signIn(email: "sam@example.com", password: "a new password 2"))
    }

    func testDeactivationEndsSessionsTokensAndTeams() throws {
        let sam = try makeAgent()
        let team = try store.createTeam(TeamDraft(name: "Support"))
        XCTAssertTrue(try store.addTeamMember(teamID: team.id, agentID: sam.id))
        let signIn = try XCTUnwrap(store.signIn(email: "sam@example.com", password: "correct horse battery"))
        let (token, secret) = try store.createPersonalToken(agentID: sam.id, name: "laptop")
        XCTAssertEqual(token.role, .agent)
        XCTAssertEqual(try store.authenticate(apiKey: secret)?.agentID, sam.id)

        let deactivated = try store.deactivateAgent(id: sam.id)
        XCTAssertFalse(deactivated.isActive)
        XCTAssertEqual(deactivated.availability, .offline)
        XCTAssertEqual(deactivated.teamIDs, [])
        XCTAssertNil(try store.session(token: signIn.token))
        XCTAssertNil(try store.authenticate(apiKey: secret))
        XCTAssertNil(try store.signIn(email: "sam@example.com", password: "correct horse battery"))
        XCTAssertThrowsError(try store.addTeamMember(teamID: team.id, agentID: sam.id))
        XCTAssertEqual(try store.agents().count, 0)
        XCTAssertEqual(try store.agents(includeDeactivated: true).count, 1)
    }

    func testAPersonalTokenFollowsTheAgentsRole() throws {
        let sam = try makeAgent(role: .admin)
        let (_, secret) = try store.createPersonalToken(agentID: sam.id, name: "cli")
        XCTAssertEqual(try store.authenticate(apiKey: secret)?.role, .admin)
        var changes = AgentChanges()
        changes.role = .agent
        try store.updateAgent(id: sam.id, changes)
        XCTAssertEqual(try store.authenticate(apiKey: secret)?.role, .agent, "a demotion takes effect at once")
    }

    func testTeamsHaveOneDefaultAndCountActiveConversations() throws {
        let sam = try makeAgent()
        let support = try store.createTeam({ var d = TeamDraft(name: "Support"); d.isDefault = true; return d }())
        XCTAssertEqual(try store.defaultTeam()?.id, support.id)
        var second = TeamDraft(name: "Billing")
        second.isDefault = true
        XCTAssertThrowsError(try store.createTeam(second)) { XCTAssertEqual(($0 as? PeopleError).flatMap(Self.field), "is_default") }
        XCTAssertThrowsError(try store.createTeam(TeamDraft(name: "support"))) { XCTAssertEqual(($0 as? PeopleError).flatMap(Self.field), "name") }
        second.isDefault = false
        second.strategy = .capacity
        let billing = try store.createTeam(second)
        var changes = TeamChanges()
        changes.isDefault = true
        XCTAssertThrowsError(try store.updateTeam(id: billing.id, changes))
        XCTAssertEqual(try store.teams().map(\.name), ["Billing", "Support"])

        XCTAssertTrue(try store.addTeamMember(teamID: support.id, agentID: sam.id))
        XCTAssertFalse(try store.addTeamMember(teamID: support.id, agentID: sam.id), "already a member")
        XCTAssertThrowsError(try store.addTeamMember(teamID: support.id, agentID: "agt_missing")) {
            XCTAssertEqual($0 as? PeopleError, .notFound("no agent agt_missing"))
        }
        let inbound = try store.ingest(InboundMessage(channelInstanceID: "email1", identity: Identity(kind: "email", value: "ann@example.com"),
                                                      providerMessageID: "m1", text: "hello"))
        try store.write { db in try db.run("UPDATE conversations SET assignee = ? WHERE id = ?", [.text(sam.id), .text(inbound.conversationID)]) }
        let members = try store.teamMembers(teamID: support.id)
        XCTAssertEqual(members.map(\.agent.id), [sam.id])
        XCTAssertEqual(members.first?.activeConversations, 1)
        XCTAssertEqual(members.first?.freeCapacity, 4)
        XCTAssertEqual(try store.activeConversationCount(agentID: sam.id), 1)
        XCTAssertEqual(try store.agent(id: sam.id)?.teamIDs, [support.id])

        // A team with open conversations cannot be deleted; an empty one can.
        try store.write { db in try db.run("UPDATE conversations SET team_id = ? WHERE id = ?", [.text(support.id), .text(inbound.conversationID)]) }
        XCTAssertThrowsError(try store.deleteTeam(id: support.id))
        try store.deleteTeam(id: billing.id)
        XCTAssertNil(try store.team(id: billing.id))
        XCTAssertTrue(try store.removeTeamMember(teamID: support.id, agentID: sam.id))
        XCTAssertEqual(try store.teamMembers(teamID: support.id).count, 0)
    }

    static func field(_ error: PeopleError) -> String? {
        switch error {
        case .invalid(let field, _): field
        case .conflict(let field, _): field
        case .notFound: nil
        }
    }
}
