import Foundation
import SwitchboardDomain
import SwitchboardSupport
import XCTest

/// Contacts in the store: search and visibility, edits, identities, merge; snippets stored and rendered.
final class ContactStoreTests: StoreTestCase {

    @discardableResult
    func inbound(_ id: String, kind: String, value: String, instance: String, name: String? = nil) throws -> IngestResult {
        try store.ingest(InboundMessage(channelInstanceID: instance, identity: Identity(kind: kind, value: value),
                                        providerMessageID: id, text: "message \(id)", displayName: name))
    }

    func contactID(_ result: IngestResult) throws -> String { try XCTUnwrap(store.conversation(id: result.conversationID)?.contactID) }

    func events(_ type: String) throws -> [Event] { try store.events().filter { $0.type == type } }

    func testMergeMovesIdentitiesConversationsAndAttributesAndLosesNothing() throws {
        let sms = try inbound("s1", kind: "phone", value: "+15551234567", instance: "sms1", name: "Ann")
        let api = try inbound("a1", kind: "api", value: "crm-42", instance: "api1", name: "Ann Smith")
        let target = try contactID(sms), source = try contactID(api)
        XCTAssertNotEqual(target, source, "two channels' identities start as two contacts")
        _ = try store.updateContact(id: target, ContactPatch(attributes: ["tier": "gold", "city": "Oslo"]), visibleTo: .everyone, actor: "key:t")
        _ = try store.updateContact(id: source, ContactPatch(attributes: ["tier": "silver", "plan": "annual"]), visibleTo: .everyone, actor: "key:t")

        let result = try store.mergeContact(source, into: target, visibleTo: .everyone, actor: "agent:ag_1")
        XCTAssertEqual(result.targetID, target)
        XCTAssertEqual(result.identities, [Identity(kind: "api", value: "crm-42")])
        XCTAssertEqual(result.conversationIDs, [api.conversationID])
        XCTAssertEqual(result.attributesAdded, ["plan"])
        XCTAssertEqual(result.attributeConflicts, ["tier": "silver"])

        let merged = try XCTUnwrap(store.contact(id: target, visibleTo: .everyone))
        XCTAssertEqual(Set(merged.contact.identities), [Identity(kind: "phone", value: "+15551234567"), Identity(kind: "api", value: "crm-42")])
        XCTAssertEqual(merged.contact.displayName, "Ann", "the target keeps its name")
        XCTAssertEqual(ContactAttributes.parse(merged.contact.attributesJSON), ["tier": "gold", "city": "Oslo", "plan": "annual"])
        XCTAssertEqual(merged.conversationCount, 2)
        XCTAssertEqual(try store.conversation(id: api.conversationID)?.contactID, target)
        XCTAssertEqual(try store.messages(conversationID: api.conversationID).count, 1, "history moves with the conversation")

        // The source keeps its own record; its id now answers with the target.
        let old = try XCTUnwrap(store.contact(id: source))
        XCTAssertEqual(old.mergedInto, target)
        XCTAssertEqual(old.displayName, "Ann Smith")
        XCTAssertEqual(ContactAttributes.parse(old.attributesJSON)["tier"], "silver")
        let followed = try XCTUnwrap(store.contact(id: source, visibleTo: .everyone))
        XCTAssertEqual(followed.contact.id, target)
        XCTAssertEqual(followed.mergedFrom, source)

        let event = try XCTUnwrap(events("contact.merged").first)
        XCTAssertEqual(event.actor, "agent:ag_1")
        let data = try JSON.parse(event.dataJSON)
        XCTAssertEqual(data["source_id"]?.stringValue, source)
        XCTAssertEqual(data["conversations"], [.string(api.conversationID)])
        XCTAssertEqual(data["identities"], [["kind": "api", "value": "crm-42"]])
        XCTAssertEqual(data["attribute_conflicts"], ["tier": "silver"])
        let changed = try events("conversation.contact_changed")
        XCTAssertEqual(changed.map(\.conversationID), [api.conversationID])
        XCTAssertEqual(try JSON.parse(changed[0].dataJSON)["to"]?.stringValue, target)

        // A new message from the moved identity lands on the target, in the moved conversation.
        let later = try inbound("a2", kind: "api", value: "crm-42", instance: "api1")
        XCTAssertEqual(later.conversationID, api.conversationID)
        XCTAssertEqual(try contactID(later), target)
        XCTAssertEqual(try store.contacts(ContactFilter()).map(\.contact.id), [target], "merged contacts are not listed")
    }

    func testMergeRefusalsChangeNothing() throws {
        let a = try contactID(inbound("1", kind: "phone", value: "+1", instance: "sms1"))
        let b = try contactID(inbound("2", kind: "phone", value: "+2", instance: "sms1"))
        let c = try contactID(inbound("3", kind: "email", value: "c@example.com", instance: "mail1", name: "Carl"))
        XCTAssertThrowsError(try store.mergeContact(a, into: a, visibleTo: .everyone, actor: "t")) { XCTAssertEqual($0 as? ContactError, .mergeIntoSelf(a)) }
        XCTAssertThrowsError(try store.mergeContact("ct_missing", into: a, visibleTo: .everyone, actor: "t")) { XCTAssertEqual($0 as? ContactError, .notFound("ct_missing")) }
        // An integrator of sms1 may not see c: not found, and nothing moved.
        XCTAssertThrowsError(try store.mergeContact(c, into: a, visibleTo: .integrator(["sms1"]), actor: "t")) { XCTAssertEqual($0 as? ContactError, .notFound(c)) }
        XCTAssertEqual(try store.contact(id: c)?.identities.count, 1)
        XCTAssertEqual(try events("contact.merged").count, 0)

        _ = try store.mergeContact(b, into: a, visibleTo: .everyone, actor: "t")
        XCTAssertThrowsError(try store.mergeContact(b, into: a, visibleTo: .everyone, actor: "t")) { XCTAssertEqual($0 as? ContactError, .alreadyMerged(b, into: a)) }
        // A merged target is followed to the contact it went into; the name fills in from the source when the target has none.
        let result = try store.mergeContact(c, into: b, visibleTo: .everyone, actor: "t")
        XCTAssertEqual(result.targetID, a)
        XCTAssertEqual(try store.contact(id: a)?.identities.count, 3)
        XCTAssertEqual(try store.contact(id: a)?.displayName, "Carl")
        // Later merges repoint earlier ones: every merged id is one hop from the live contact.
        _ = try inbound("4", kind: "phone", value: "+4", instance: "sms1")
        let d = try XCTUnwrap(store.contacts(ContactFilter()).first { $0.contact.id != a }?.contact.id)
        _ = try store.mergeContact(a, into: d, visibleTo: .everyone, actor: "t")
        XCTAssertEqual(try store.contact(id: b)?.mergedInto, d)
        XCTAssertEqual(try store.contact(id: c, visibleTo: .everyone)?.contact.id, d)
    }

    func testUpdateValidatesBeforeWritingAndRecordsChanges() throws {
        let id = try contactID(inbound("1", kind: "phone", value: "+1", instance: "sms1", name: "Ann"))
        let updated = try store.updateContact(id: id, ContactPatch(displayName: .some("Ann Lee"), attributes: ["tier": "pro", "orders": 3, "vip": true]),
                                              visibleTo: .everyone, actor: "key:k")
        XCTAssertEqual(updated.contact.displayName, "Ann Lee")
        XCTAssertEqual(ContactAttributes.parse(updated.contact.attributesJSON), ["tier": "pro", "orders": 3, "vip": true])
        // Key by key: null deletes, others stay.
        let again = try store.updateContact(id: id, ContactPatch(attributes: ["vip": .null, "orders": 4]), visibleTo: .everyone, actor: "key:k")
        XCTAssertEqual(ContactAttributes.parse(again.contact.attributesJSON), ["tier": "pro", "orders": 4])
        let data = try JSON.parse(try XCTUnwrap(events("contact.updated").last).dataJSON)
        XCTAssertEqual(data["attributes"]?["orders"], ["from": 3, "to": 4])
        XCTAssertEqual(data["attributes"]?["vip"], ["from": true, "to": .null])

        for (patch, field) in [(ContactPatch(attributes: ["tier": 3]), "attributes.tier"), (ContactPatch(attributes: ["tier": ""]), "attributes.tier"),
                               (ContactPatch(attributes: ["nested": ["a": 1]]), "attributes.nested"),
                               (ContactPatch(attributes: ["bad key": "x"]), "attributes"),
                               (ContactPatch(attributes: ["long": .string(String(repeating: "x", count: 2000))]), "attributes.long"),
                               (ContactPatch(displayName: .some(String(repeating: "n", count: 201))), "display_name")] {
            XCTAssertThrowsError(try store.updateContact(id: id, patch, visibleTo: .everyone, actor: "k")) { error in
                guard case .invalidField(let f, _) = error as? ContactError else { return XCTFail("\(error)") }
                XCTAssertEqual(f, field)
            }
        }
        XCTAssertEqual(try store.contact(id: id)?.attributesJSON, again.contact.attributesJSON, "refused patches change nothing")
        let tooMany = JSONObject((0..<101).map { ("k\($0)", JSON.number(Double($0))) })
        XCTAssertThrowsError(try store.updateContact(id: id, ContactPatch(attributes: tooMany), visibleTo: .everyone, actor: "k"))
        XCTAssertThrowsError(try store.updateContact(id: id, ContactPatch(displayName: .some("X")), visibleTo: .integrator(["other"]), actor: "k")) {
            XCTAssertEqual($0 as? ContactError, .notFound(id))
        }
        XCTAssertEqual(try store.contact(id: id)?.displayName, "Ann Lee")
    }

    func testIdentitiesAddRemoveAndConflicts() throws {
        let ann = try contactID(inbound("1", kind: "phone", value: "+1", instance: "sms1"))
        let bob = try contactID(inbound("2", kind: "phone", value: "+2", instance: "sms1"))
        let added = try store.addIdentity(Identity(kind: "email", value: "ann@example.com"), toContact: ann, visibleTo: .everyone, actor: "k")
        XCTAssertTrue(added.added)
        XCTAssertFalse(try store.addIdentity(Identity(kind: "email", value: "ann@example.com"), toContact: ann, visibleTo: .everyone, actor: "k").added)
        XCTAssertThrowsError(try store.addIdentity(Identity(kind: "phone", value: "+2"), toContact: ann, visibleTo: .everyone, actor: "k")) { error in
            XCTAssertEqual(error as? ContactError, .identityTaken(Identity(kind: "phone", value: "+2"), owner: bob))
            XCTAssertTrue("\(error)".contains("merge"), "\(error)")
        }
        XCTAssertThrowsError(try store.addIdentity(Identity(kind: "Phone", value: "+3"), toContact: ann, visibleTo: .everyone, actor: "k")) {
            XCTAssertEqual($0 as? ContactError, .invalidField("kind", "must be 1-32 characters of a-z, 0-9 or '_' (e.g. phone, email, api)"))
        }
        _ = try store.removeIdentity(Identity(kind: "phone", value: "+1"), fromContact: ann, visibleTo: .everyone, actor: "k")
        XCTAssertThrowsError(try store.removeIdentity(Identity(kind: "email", value: "ann@example.com"), fromContact: ann, visibleTo: .everyone, actor: "k")) {
            XCTAssertEqual($0 as? ContactError, .lastIdentity(Identity(kind: "email", value: "ann@example.com")))
        }
        XCTAssertEqual(try store.contact(id: ann)?.identities, [Identity(kind: "email", value: "ann@example.com")])
        // A message from the removed identity starts a new contact.
        XCTAssertNotEqual(try contactID(inbound("3", kind: "phone", value: "+1", instance: "sms1")), ann)
    }

    func testSearchLookupPagingAndVisibility() throws {
        try inbound("1", kind: "phone", value: "+15550001", instance: "sms1", name: "Ann Lee")
        try inbound("2", kind: "email", value: "bob@example.com", instance: "mail1", name: "Bob Stone")
        try inbound("3", kind: "phone", value: "+15550003", instance: "mail1", name: "Carla 100%")
        func names(_ configure: (inout ContactFilter) -> Void) throws -> [String] {
            var filter = ContactFilter()
            configure(&filter)
            return try store.contacts(filter).compactMap(\.contact.displayName).sorted()
        }
        XCTAssertEqual(try names { $0.query = "ann" }, ["Ann Lee"])
        XCTAssertEqual(try names { $0.query = "LEE" }, ["Ann Lee"], "a word of the name, ignoring case")
        XCTAssertEqual(try names { $0.query = "BOB@" }, ["Bob Stone"], "an identity value prefix")
        XCTAssertEqual(try names { $0.query = "+1555" }, ["Ann Lee", "Carla 100%"])
        XCTAssertEqual(try names { $0.query = "100%" }, ["Carla 100%"])
        XCTAssertEqual(try names { $0.query = "1%" }, [], "LIKE wildcards are literal")
        XCTAssertEqual(try names { $0.identity = Identity(kind: "email", value: "bob@example.com") }, ["Bob Stone"])
        XCTAssertEqual(try names { $0.identity = Identity(kind: "phone", value: "bob@example.com") }, [])
        XCTAssertEqual(try names { $0.viewer = .integrator(["mail1"]) }, ["Bob Stone", "Carla 100%"])
        XCTAssertEqual(try names { $0.viewer = .integrator(["mail1"]); $0.query = "ann" }, [])
        XCTAssertEqual(try names { $0.viewer = .agent("ag_nobody") }, [])
        XCTAssertNil(try store.contact(id: try XCTUnwrap(store.contacts(ContactFilter()).first { $0.contact.displayName == "Ann Lee" }).contact.id,
                                       visibleTo: .integrator(["mail1"])))

        // Pages of one: every contact exactly once, even when updated in the same millisecond.
        var seen: [String] = []
        var filter = ContactFilter()
        filter.limit = 1
        while true {
            let page = try store.contacts(filter)
            seen += page.map(\.contact.id)
            guard let last = page.last else { break }
            filter.before = ContactCursor(updatedAt: last.contact.updatedAt, id: last.contact.id)
        }
        XCTAssertEqual(seen.count, 3)
        XCTAssertEqual(Set(seen).count, 3)
        XCTAssertEqual(ContactCursor(token: "17:ct_1"), ContactCursor(updatedAt: 17, id: "ct_1"))
        XCTAssertNil(ContactCursor(token: "x:ct_1"))
    }

    func testSnippetsAreStoredUniquelyAndRenderedForAConversation() throws {
        let conversation = try inbound("1", kind: "phone", value: "+1", instance: "sms1", name: "Ann").conversationID
        let contact = try XCTUnwrap(store.conversation(id: conversation)?.contactID)
        _ = try store.updateContact(id: contact, ContactPatch(attributes: ["tier": "gold"]), visibleTo: .everyone, actor: "k")
        try store.write { db in
            try db.run("INSERT INTO agents (id, email, name, handle, role, created_at, updated_at) VALUES ('ag_1', 'sam@x', 'Sam', 'sam', 'agent', 0, 0)")
        }
        let snippet = try store.createSnippet(name: "Greeting", body: "Hi {{contact.name | there}} ({{contact.attributes.tier}}), {{agent.name}} here. Ref {{conversation.id}}")
        XCTAssertThrowsError(try store.createSnippet(name: "greeting", body: "x")) { XCTAssertEqual($0 as? SnippetError, .nameTaken("greeting")) }
        XCTAssertThrowsError(try store.createSnippet(name: "Other", body: "{{contact.email}}")) { error in
            guard case .invalidField("body", let why) = error as? SnippetError else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("contact.email"), why)
        }
        XCTAssertEqual(try store.snippets().map(\.name), ["Greeting"])

        let asAgent = try store.renderSnippet(id: snippet.id, conversationID: conversation, visibleTo: .everyone, agentID: "ag_1", callerName: "key name")
        XCTAssertEqual(asAgent.text, "Hi Ann (gold), Sam here. Ref \(conversation)")
        let asKey = try store.renderSnippet(id: snippet.id, conversationID: conversation, visibleTo: .everyone, agentID: nil, callerName: "CRM bot")
        XCTAssertEqual(asKey.text, "Hi Ann (gold), CRM bot here. Ref \(conversation)")
        XCTAssertThrowsError(try store.renderSnippet(id: snippet.id, conversationID: conversation, visibleTo: .integrator(["other"]), agentID: nil, callerName: nil)) {
            XCTAssertEqual($0 as? SnippetError, .conversationNotFound(conversation))
        }

        let renamed = try store.updateSnippet(id: snippet.id, name: "GREETING", body: nil)
        XCTAssertEqual(renamed.name, "GREETING", "renaming a snippet to another case of its own name is fine")
        XCTAssertThrowsError(try store.updateSnippet(id: snippet.id, name: nil, body: "{{oops}}"))
        XCTAssertEqual(try store.snippet(id: snippet.id)?.body, snippet.body)
        XCTAssertTrue(try store.deleteSnippet(id: snippet.id))
        XCTAssertFalse(try store.deleteSnippet(id: snippet.id))
    }
}
