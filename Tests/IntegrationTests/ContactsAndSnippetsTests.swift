import Foundation
import SwitchboardSupport
import SwitchboardTransport
import XCTest

/// Contacts across channels and snippets, through the real host: one person reaches us by SMS
/// (Relay, identity kind phone) and by the API channel (kind api).
final class ContactsAndSnippetsTests: XCTestCase {
    var host: HostProcess!
    var gateway: FakeProvider!

    override func setUpWithError() throws {
        gateway = try FakeProvider { _ in .json(201, ["id": "rl_1", "status": "queued"]) }
        host = try HostProcess()
        try host.putCredential("api-key", "integrator-secret")
        try host.addChannel("api1", plugin: "api", config: ["api_key_credential": "api-key"])
        try host.putCredential("gw-token", "gw-token")
        try host.putCredential("gw-inbound", "inbound-secret")
        try host.addChannel("sms1", plugin: "relay", config: [
            "gateway_url": .string(gateway.baseURL), "token_credential": "gw-token",
            "inbound_secret_credential": "gw-inbound", "sender": "+15550000000"])
    }

    override func tearDown() {
        host?.stop()
        gateway?.stop()
    }

    /// An SMS from Ann's phone; the conversation id.
    func sms(_ id: String, from: String = "+15551234567", text: String = "hello") throws -> String {
        let body = FormURLEncoding.encode([("MessageId", id), ("From", from), ("To", "+15550000000"), ("Body", text)])
        let r = try host.request("POST", "/hooks/sms1/inbound", body: body, headers: RelayAuth.headers(body: body))
        XCTAssertEqual(r.status, 200, r.text)
        return try XCTUnwrap(r.json["conversation_id"]?.stringValue)
    }

    /// A message through the API channel; the conversation id.
    func api(_ id: String, externalID: String = "crm-42", name: String? = nil, text: String = "hello") throws -> String {
        var fields: JSONObject = ["external_id": .string(externalID), "message_id": .string(id), "text": .string(text)]
        if let name { fields["name"] = .string(name) }
        let r = try host.request("POST", "/hooks/api1/messages", json: .object(fields), key: "integrator-secret")
        XCTAssertTrue(r.status == 201 || r.status == 200, r.text)
        return try XCTUnwrap(r.json["conversation_id"]?.stringValue)
    }

    func contactOf(_ conversationID: String) throws -> String {
        try XCTUnwrap(host.request("GET", "/api/v1/conversations/\(conversationID)").json["contact_id"]?.stringValue)
    }

    func key(_ role: String, instances: [String] = []) throws -> String {
        let r = try host.request("POST", "/api/v1/api-keys", json: ["name": .string("\(role) key"), "role": .string(role),
                                                                   "channel_instance_ids": .array(instances.map(JSON.string))])
        XCTAssertEqual(r.status, 201, r.text)
        return try XCTUnwrap(r.json["key"]?.stringValue)
    }

    func testTwoChannelsOnePersonMergeIntoOneContact() throws {
        let bySMS = try sms("SM1", text: "Is my order shipped?")
        let byAPI = try api("m-1", name: "Ann Smith", text: "Order 1234")
        let ann = try contactOf(bySMS), annAPI = try contactOf(byAPI)
        XCTAssertNotEqual(ann, annAPI, "two channels' identities start as two contacts")

        // Search and exact lookup.
        XCTAssertEqual(try host.request("GET", "/api/v1/contacts?q=ann").json["contacts"]?.arrayValue?.map { $0["id"]?.stringValue }, [annAPI])
        let byPhone = try host.request("GET", "/api/v1/contacts?identity_kind=phone&identity_value=%2B15551234567")
        XCTAssertEqual(byPhone.json["contacts"]?.arrayValue?.map { $0["id"]?.stringValue }, [ann], byPhone.text)
        XCTAssertEqual(try host.request("GET", "/api/v1/contacts?q=%2B1555").json["contacts"]?.arrayValue?.count, 1)
        XCTAssertEqual(try host.request("GET", "/api/v1/contacts?identity_kind=phone").json["field"]?.stringValue, "identity_value")

        // The API identity belongs to the other contact: 409 says to merge and names it.
        let taken = try host.request("POST", "/api/v1/contacts/\(ann)/identities", json: ["kind": "api", "value": "crm-42"])
        XCTAssertEqual(taken.status, 409, taken.text)
        let message = try XCTUnwrap(taken.json["message"]?.stringValue)
        XCTAssertTrue(message.contains(annAPI) && message.contains("merge"), message)

        XCTAssertEqual(try host.request("POST", "/api/v1/contacts/\(ann)/merge", json: ["contact_id": .string(ann)]).status, 400)
        XCTAssertEqual(try host.request("POST", "/api/v1/contacts/\(ann)/merge", json: [:]).json["field"]?.stringValue, "contact_id")
        let merged = try host.request("POST", "/api/v1/contacts/\(ann)/merge", json: ["contact_id": .string(annAPI)])
        XCTAssertEqual(merged.status, 200, merged.text)
        XCTAssertEqual(merged.json["moved_conversations"], [.string(byAPI)])
        XCTAssertEqual(merged.json["moved_identities"], [["kind": "api", "value": "crm-42"]])
        XCTAssertEqual(try host.request("POST", "/api/v1/contacts/\(ann)/merge", json: ["contact_id": .string(annAPI)]).status, 409)

        // One contact: both identities, both conversations, each with its channel.
        let contact = try host.request("GET", "/api/v1/contacts/\(ann)").json
        let identities = Set(contact["identities"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } ?? [])
        XCTAssertEqual(identities, ["phone", "api"])
        XCTAssertEqual(contact["conversation_count"]?.intValue, 2)
        XCTAssertEqual(contact["display_name"]?.stringValue, "Ann Smith", "the target had no name, so the source's fills in")
        let history = try host.request("GET", "/api/v1/contacts/\(ann)/conversations").json
        let conversations = try XCTUnwrap(history["conversations"]?.arrayValue)
        XCTAssertEqual(Set(conversations.compactMap { $0["id"]?.stringValue }), [bySMS, byAPI])
        XCTAssertEqual(Set(conversations.compactMap { $0["channel"]?["plugin_id"]?.stringValue }), ["relay", "api"])

        // The source's id answers with the target.
        let old = try host.request("GET", "/api/v1/contacts/\(annAPI)")
        XCTAssertEqual(old.status, 200)
        XCTAssertEqual(old.json["id"]?.stringValue, ann)
        XCTAssertEqual(old.json["merged_from"]?.stringValue, annAPI)

        // A new message on the source's identity lands on the target, in the moved conversation.
        XCTAssertEqual(try api("m-2", text: "Any news?"), byAPI)
        XCTAssertEqual(try contactOf(byAPI), ann)
        // Replies still reach the customer on the API channel.
        XCTAssertEqual(try host.request("POST", "/api/v1/conversations/\(byAPI)/messages", json: ["text": "Shipped today"]).status, 202)
        let pulled = try host.request("GET", "/hooks/api1/messages?after=0&wait=10", key: "integrator-secret", timeoutMs: 15_000)
        XCTAssertEqual(pulled.json["messages"]?.arrayValue?.first?["external_id"]?.stringValue, "crm-42", pulled.text)

        let events = try host.request("GET", "/api/v1/events").json["events"]?.arrayValue ?? []
        let mergeEvent = try XCTUnwrap(events.first { $0["type"]?.stringValue == "contact.merged" })
        XCTAssertEqual(mergeEvent["data"]?["source_id"]?.stringValue, annAPI)
        XCTAssertTrue(events.contains { $0["type"]?.stringValue == "conversation.contact_changed" && $0["conversation_id"]?.stringValue == byAPI })
    }

    func testPatchAttributesTierAndIdentities() throws {
        let ann = try contactOf(try sms("SM1"))
        let patched = try host.request("PATCH", "/api/v1/contacts/\(ann)",
                                       json: ["display_name": "Ann Lee", "attributes": ["tier": "enterprise", "seats": 40, "trial": false]])
        XCTAssertEqual(patched.status, 200, patched.text)
        XCTAssertEqual(patched.json["attributes"], ["tier": "enterprise", "seats": 40, "trial": false])
        XCTAssertEqual(patched.json["display_name"]?.stringValue, "Ann Lee")

        for (body, field) in [(["attributes": ["tier": 5]] as JSON, "attributes.tier"), (["attributes": ["x": ["y": 1]]], "attributes.x"),
                              (["attributes": "gold"], "attributes"), (["nickname": "A"], "nickname"), (["display_name": 3], "display_name")] {
            let refused = try host.request("PATCH", "/api/v1/contacts/\(ann)", json: body)
            XCTAssertEqual(refused.status, 400, refused.text)
            XCTAssertEqual(refused.json["field"]?.stringValue, field, refused.text)
        }
        let removed = try host.request("PATCH", "/api/v1/contacts/\(ann)", json: ["attributes": ["seats": .null]])
        XCTAssertEqual(removed.json["attributes"], ["tier": "enterprise", "trial": false], "null deletes one key; the others stay")
        XCTAssertEqual(try host.request("PATCH", "/api/v1/contacts/ct_missing", json: ["display_name": "x"]).status, 404)

        // Search by name, case-insensitive.
        XCTAssertEqual(try host.request("GET", "/api/v1/contacts?q=LEE").json["contacts"]?.arrayValue?.count, 1)
        XCTAssertEqual(try host.request("GET", "/api/v1/contacts?q=zed").json["contacts"]?.arrayValue?.count, 0)

        // Identities: the last one stays; add then remove (values percent-encoded in the path).
        XCTAssertEqual(try host.request("DELETE", "/api/v1/contacts/\(ann)/identities/phone/%2B15551234567").status, 409)
        let added = try host.request("POST", "/api/v1/contacts/\(ann)/identities", json: ["kind": "email", "value": "ann@example.com"])
        XCTAssertEqual(added.status, 201, added.text)
        XCTAssertEqual(try host.request("POST", "/api/v1/contacts/\(ann)/identities", json: ["kind": "email", "value": "ann@example.com"]).status, 200)
        XCTAssertEqual(try host.request("POST", "/api/v1/contacts/\(ann)/identities", json: ["kind": "E-mail", "value": "x"]).json["field"]?.stringValue, "kind")
        let dropped = try host.request("DELETE", "/api/v1/contacts/\(ann)/identities/phone/%2B15551234567")
        XCTAssertEqual(dropped.status, 200, dropped.text)
        XCTAssertEqual(dropped.json["identities"], [["kind": "email", "value": "ann@example.com"]])
        XCTAssertEqual(try host.request("DELETE", "/api/v1/contacts/\(ann)/identities/phone/%2B15551234567").status, 404)

        let types = (try host.request("GET", "/api/v1/events").json["events"]?.arrayValue ?? []).compactMap { $0["type"]?.stringValue }
        XCTAssertEqual(types.filter { $0 == "contact.updated" }.count, 4, "two patches that changed something, one identity added, one removed")
    }

    func testSnippetCreateRenderAndReply() throws {
        let conversation = try api("m-1", name: "Ann")
        let ann = try contactOf(conversation)
        XCTAssertEqual(try host.request("PATCH", "/api/v1/contacts/\(ann)", json: ["attributes": ["tier": "gold"]]).status, 200)
        let body = "Hi {{contact.name | there}}! As a {{ contact.attributes.tier | standard }} customer, {{conversation.priority}} priority. {{contact.attributes.city}}— {{agent.name}}"

        let unknown = try host.request("POST", "/api/v1/snippets", json: ["name": "Bad", "body": "Hi {{customer.name}}"])
        XCTAssertEqual(unknown.status, 400, unknown.text)
        XCTAssertEqual(unknown.json["field"]?.stringValue, "body")
        XCTAssertTrue(unknown.json["message"]?.stringValue?.contains("customer.name") ?? false, unknown.text)
        let created = try host.request("POST", "/api/v1/snippets", json: ["name": "Greeting", "body": .string(body)])
        XCTAssertEqual(created.status, 201, created.text)
        let snippet = try XCTUnwrap(created.json["id"]?.stringValue)
        XCTAssertEqual(try host.request("POST", "/api/v1/snippets", json: ["name": "greeting", "body": "x"]).status, 409)
        XCTAssertEqual(try host.request("GET", "/api/v1/snippets?q=gre").json["snippets"]?.arrayValue?.count, 1)

        let expected = "Hi Ann! As a gold customer, normal priority. — Sam"
        let preview = try host.request("POST", "/api/v1/snippets/\(snippet)/render", json: ["conversation_id": .string(conversation)])
        XCTAssertEqual(preview.status, 200, preview.text)
        XCTAssertEqual(preview.json["missing"], ["contact.attributes.city"])
        XCTAssertEqual(preview.json["text"]?.stringValue, "Hi Ann! As a gold customer, normal priority. — admin (first start)",
                       "an API key without an agent is the agent by its own name")
        XCTAssertEqual(try host.request("POST", "/api/v1/snippets/\(snippet)/render", json: ["conversation_id": "cnv_nope"]).status, 404)

        let reply = try host.request("POST", "/api/v1/conversations/\(conversation)/messages",
                                     json: ["snippet_id": .string(snippet), "author_name": "Sam"])
        XCTAssertEqual(reply.status, 202, reply.text)
        let messages = try host.request("GET", "/api/v1/conversations/\(conversation)/messages").json["messages"]?.arrayValue ?? []
        let stored = try XCTUnwrap(messages.last { $0["direction"]?.stringValue == "outbound" })
        XCTAssertEqual(stored["text"]?.stringValue, expected)

        let both = try host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: ["snippet_id": .string(snippet), "text": "hi"])
        XCTAssertEqual(both.status, 400)
        XCTAssertEqual(both.json["field"]?.stringValue, "text")
        let missing = try host.request("POST", "/api/v1/conversations/\(conversation)/messages", json: ["snippet_id": "snp_nope"])
        XCTAssertEqual(missing.status, 400)
        XCTAssertEqual(missing.json["field"]?.stringValue, "snippet_id")

        // Everyone signed in reads snippets; only admins change them; previews follow conversation visibility.
        let integrator = try key("integrator", instances: ["sms1"])
        XCTAssertEqual(try host.request("GET", "/api/v1/snippets/\(snippet)", key: integrator).status, 200)
        XCTAssertEqual(try host.request("PATCH", "/api/v1/snippets/\(snippet)", json: ["body": "x"], key: integrator).status, 403)
        XCTAssertEqual(try host.request("POST", "/api/v1/snippets/\(snippet)/render", json: ["conversation_id": .string(conversation)],
                                        key: integrator).status, 404)
        let edited = try host.request("PATCH", "/api/v1/snippets/\(snippet)", json: ["body": "Bye {{agent.name}}"])
        XCTAssertEqual(edited.json["body"]?.stringValue, "Bye {{agent.name}}")
        XCTAssertEqual(try host.request("PATCH", "/api/v1/snippets/\(snippet)", json: ["body": "{{nope}}"]).json["field"]?.stringValue, "body")
        XCTAssertEqual(try host.request("DELETE", "/api/v1/snippets/\(snippet)").status, 204)
        XCTAssertEqual(try host.request("GET", "/api/v1/snippets/\(snippet)").status, 404)
    }

    func testIntegratorSeesOnlyContactsOfItsInstances() throws {
        let bySMS = try sms("SM1")
        let byAPI = try api("m-1", name: "Ann")
        let ann = try contactOf(bySMS), annAPI = try contactOf(byAPI)
        let integrator = try key("integrator", instances: ["api1"])

        let listed = try host.request("GET", "/api/v1/contacts", key: integrator)
        XCTAssertEqual(listed.json["contacts"]?.arrayValue?.map { $0["id"]?.stringValue }, [annAPI], listed.text)
        XCTAssertEqual(try host.request("GET", "/api/v1/contacts/\(ann)", key: integrator).status, 404)
        XCTAssertEqual(try host.request("PATCH", "/api/v1/contacts/\(ann)", json: ["display_name": "x"], key: integrator).status, 404)
        XCTAssertEqual(try host.request("PATCH", "/api/v1/contacts/\(annAPI)", json: ["attributes": ["tier": "pro"]], key: integrator).status, 200)
        XCTAssertEqual(try host.request("POST", "/api/v1/contacts/\(annAPI)/merge", json: ["contact_id": .string(ann)], key: integrator).status, 403)

        // After a merge the integrator sees the merged contact, but only its own channel's conversation.
        XCTAssertEqual(try host.request("POST", "/api/v1/contacts/\(ann)/merge", json: ["contact_id": .string(annAPI)]).status, 200)
        let seen = try host.request("GET", "/api/v1/contacts/\(annAPI)", key: integrator)
        XCTAssertEqual(seen.status, 200, seen.text)
        XCTAssertEqual(seen.json["id"]?.stringValue, ann)
        XCTAssertEqual(seen.json["conversation_count"]?.intValue, 1)
        let history = try host.request("GET", "/api/v1/contacts/\(ann)/conversations", key: integrator).json["conversations"]?.arrayValue ?? []
        XCTAssertEqual(history.map { $0["id"]?.stringValue }, [byAPI])
        XCTAssertEqual(try host.request("GET", "/api/v1/contacts/\(ann)").json["conversation_count"]?.intValue, 2, "an admin sees both")

        // Paging: pages of one cover every contact once.
        _ = try sms("SM2", from: "+15559999999")
        var ids: [String] = []
        var path = "/api/v1/contacts?limit=1"
        while true {
            let page = try host.request("GET", path).json
            ids += page["contacts"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            guard let next = page["next_before"]?.stringValue else { break }
            path = "/api/v1/contacts?limit=1&before=" + FormURLEncoding.encodeComponent(next)
        }
        XCTAssertEqual(ids.count, 2)
        XCTAssertEqual(Set(ids).count, 2)
    }
}
