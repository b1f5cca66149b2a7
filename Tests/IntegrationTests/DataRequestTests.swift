import Foundation
import SwitchboardSupport
import XCTest

/// A customer's data on request, through the real host: an export as a background job ending in a
/// complete zip behind an expiring link; erasure. Refused to agents and to integrator keys without the grant.
final class DataRequestTests: XCTestCase {
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array("the customer's photo".utf8)

    /// A web chat customer with a message, a photo and a reply; (contact id, conversation id, file url).
    func customer(_ world: WebChatWorld, name: String = "Ann Lee", email: String = "ann@customer.example", text: String = "My address is 1 Main St")
        throws -> (contact: String, conversation: String, fileURL: String, token: String) {
        let visitor = try world.session(["name": .string(name), "email": .string(email)])
        let sent = try world.send(visitor.token, text)
        let uploaded = try world.upload(visitor.token, name: "photo.png", contentType: "image/png", bytes: png)
        XCTAssertEqual(uploaded.status, 201, uploaded.json.serialized)
        _ = try world.reply(sent.conversationID, "Thanks \(name), noted.")
        let contact = try XCTUnwrap(world.host.request("GET", "/api/v1/conversations/\(sent.conversationID)").json["contact_id"]?.stringValue)
        return (contact, sent.conversationID, try XCTUnwrap(uploaded.json["attachment"]?["url"]?.stringValue), visitor.token)
    }

    func testExportArchiveIsCompleteAndItsLinkExpires() throws {
        let world = try WebChatWorld(plugins: ["webchat", "api"])
        var stopped = false
        defer { if !stopped { world.stop() } }
        let host = world.host
        let ann = try customer(world)
        let fileID = try XCTUnwrap(ann.fileURL.split(separator: "/").first { $0.hasPrefix("f") && $0.count > 20 }.map(String.init))

        // Agents and integrator keys without the grant may not; an unknown contact is 404.
        let agent = try host.addAgent("sam")
        XCTAssertEqual(try host.request("POST", "/api/v1/contacts/\(ann.contact)/export", key: agent.key).status, 403)
        let plain = try XCTUnwrap(host.request("POST", "/api/v1/api-keys", json: ["name": "crm", "role": "integrator", "channel_instance_ids": ["site"]]).json["key"]?.stringValue)
        XCTAssertEqual(try host.request("POST", "/api/v1/contacts/\(ann.contact)/export", key: plain).status, 403)
        let grantedKey = try host.request("POST", "/api/v1/api-keys", json: ["name": "dpo", "role": "integrator", "channel_instance_ids": ["site"], "data_requests": true])
        XCTAssertEqual(grantedKey.json["data_requests"]?.boolValue, true)
        let granted = try XCTUnwrap(grantedKey.json["key"]?.stringValue)
        XCTAssertEqual(try host.request("POST", "/api/v1/contacts/ct_nobody/export").status, 404)
        let badGrant = try host.request("POST", "/api/v1/api-keys", json: ["name": "x", "role": "integrator", "channel_instance_ids": ["site"], "data_requests": "yes"])
        XCTAssertEqual(badGrant.json["field"]?.stringValue, "data_requests")

        // The granted integrator asks; the job runs in the background and reports progress.
        let requested = try host.request("POST", "/api/v1/contacts/\(ann.contact)/export", key: granted)
        XCTAssertEqual(requested.status, 202, requested.text)
        let exportID = try XCTUnwrap(requested.json["id"]?.stringValue)
        let ready = try host.eventually("the export ready") { () -> JSON? in
            let status = try host.request("GET", "/api/v1/exports/\(exportID)", key: granted).json
            return status["status"]?.stringValue == "ready" ? .some(status) : .none
        }
        XCTAssertEqual(ready["progress"]?.intValue, 100)
        XCTAssertNotNil(ready["expires_at"]?.stringValue)
        let link = try XCTUnwrap(ready["download_url"]?.stringValue)
        XCTAssertEqual(try host.request("GET", "/api/v1/exports/\(exportID)", key: agent.key).status, 403)

        // The link works without a key (it is handed to the customer); a wrong token does not.
        let archive = try HTTPClient.perform(HTTPClientRequest(url: host.baseURL + link))
        XCTAssertEqual(archive.status, 200)
        XCTAssertEqual(archive.headers.first { $0.0.lowercased() == "content-type" }?.1, "application/zip")
        XCTAssertEqual(try HTTPClient.perform(HTTPClientRequest(url: host.baseURL + "/api/v1/exports/\(exportID)/archive?token=nope")).status, 404)
        let entries = try Self.unzip(archive.body)
        XCTAssertEqual(Set(entries.keys), ["README.txt", "contact.json", "conversations/\(ann.conversation).json", "files/\(fileID)-photo.png"])
        XCTAssertEqual(entries["files/\(fileID)-photo.png"], png)
        let contact = try JSON.parse(try XCTUnwrap(entries["contact.json"]))
        XCTAssertEqual(contact["id"]?.stringValue, ann.contact)
        XCTAssertEqual(contact["display_name"]?.stringValue, "Ann Lee")
        XCTAssertEqual(contact["attributes"]?["email"]?.stringValue, "ann@customer.example")
        XCTAssertEqual(contact["identities"]?.arrayValue?.first?["kind"]?.stringValue, "webchat", contact.serialized)
        let conversation = try JSON.parse(try XCTUnwrap(entries["conversations/\(ann.conversation).json"]))
        let texts = conversation["messages"]?.arrayValue?.compactMap { $0["text"]?.stringValue } ?? []
        XCTAssertTrue(texts.contains("My address is 1 Main St"), "\(texts)")
        XCTAssertTrue(texts.contains("Thanks Ann Lee, noted."), "\(texts)")
        XCTAssertFalse(conversation["events"]?.arrayValue?.isEmpty ?? true)
        XCTAssertNotNil(conversation["side_conversations"]?.arrayValue)
        let trail = try XCTUnwrap(host.request("GET", "/api/v1/audit?subject=contact:\(ann.contact)").json["entries"]?.arrayValue)
        XCTAssertEqual(trail.first?["action"]?.stringValue, "contact.export_requested")

        // Eight days on (the worker's clock ahead, as after a week): the link has expired and the archive is gone.
        host.stop()
        stopped = true
        world.mailgun.stop()
        let later = try HostProcess(extraArguments: ["--clock-offset-days", "8"], dataDirectory: host.dataDirectory, pluginsDirectory: host.pluginsDirectory)
        defer { later.stop() }
        try later.eventually("the export expired") { () -> Bool? in
            try later.request("GET", "/api/v1/exports/\(exportID)").json["status"]?.stringValue == "expired" ? true : nil
        }
        XCTAssertEqual(try HTTPClient.perform(HTTPClientRequest(url: later.baseURL + link)).status, 410)
        XCTAssertFalse(FileManager.default.fileExists(atPath: host.dataDirectory + "/exports/\(exportID).zip"))
    }

    /// A web chat customer's photo is a file the host stores: erasure deletes it, and a granted integrator may erase.
    func testErasureDeletesTheFilesTheHostStores() throws {
        let world = try WebChatWorld(plugins: ["webchat", "api"])
        defer { world.stop() }
        let host = world.host
        let ann = try customer(world)
        let bo = try customer(world, name: "Bo Diaz", email: "bo@customer.example", text: "Bo's question")
        XCTAssertEqual(try HTTPClient.perform(HTTPClientRequest(url: ann.fileURL)).status, 200)
        let granted = try XCTUnwrap(host.request("POST", "/api/v1/api-keys", json: ["name": "dpo", "role": "integrator", "channel_instance_ids": ["site"],
                                                                                    "data_requests": true]).json["key"]?.stringValue)
        let erased = try host.request("POST", "/api/v1/contacts/\(ann.contact)/erase", key: granted)
        XCTAssertEqual(erased.status, 200, erased.text)
        XCTAssertEqual(erased.json["files"]?.intValue, 1)
        XCTAssertEqual(try HTTPClient.perform(HTTPClientRequest(url: ann.fileURL)).status, 404)
        XCTAssertTrue(try world.messages(ann.conversation).allSatisfy { $0["text"]?.stringValue == "" })
        // The widget forgets Ann (the details she gave, her visitor token, her conversation), not Bo.
        try host.eventually("the widget's records of Ann erased") { () -> Bool? in
            let keys = try ErasureTests.pluginState(host, "site", all: true)
            // Every part of it: the visitor records go last, after the state and conversation.
            return keys.contains { $0.contains(ann.conversation) } || keys.filter({ $0.hasPrefix("state:") }).count != 1
                || keys.filter({ $0.hasPrefix("visitor:") }).count != 1 ? nil : true
        }
        let keys = try ErasureTests.pluginState(host, "site", all: true)
        XCTAssertTrue(keys.contains("conversation:\(bo.conversation)"), "\(keys)")
        XCTAssertEqual(keys.filter { $0.hasPrefix("visitor:") }.count, 1, "\(keys)")
        let history = try world.widget("GET", "/messages", token: ann.token)
        XCTAssertEqual(history.json["messages"]?.arrayValue?.count ?? 0, 0, "the widget shows Ann nothing of before: \(history.text)")
        // Writing again from the same browser starts a new contact and conversation.
        let again = try world.send(ann.token, "Hello again")
        XCTAssertNotEqual(again.conversationID, ann.conversation)
        XCTAssertNotEqual(try host.request("GET", "/api/v1/conversations/\(again.conversationID)").json["contact_id"]?.stringValue, ann.contact)
        // Only Ann: Bo's conversation and photo are untouched.
        XCTAssertEqual(try HTTPClient.perform(HTTPClientRequest(url: bo.fileURL)).status, 200)
        XCTAssertTrue(try world.messages(bo.conversation).contains { $0["text"]?.stringValue == "Bo's question" })
        XCTAssertEqual(try host.request("GET", "/api/v1/contacts/\(bo.contact)").json["display_name"], "Bo Diaz")
    }

    /// The CLI: an export followed to its zip, an erasure that insists on --yes, the audit trail.
    func testTheCLIExportsAndErases() throws {
        let world = try WebChatWorld(plugins: ["webchat", "api"])
        defer { world.stop() }
        let host = world.host
        let ann = try customer(world)
        let out = host.dataDirectory + "/../ann.zip"
        let exported = try HostProcess.cli(["contacts", "export", ann.contact, "--out", out], host: host)
        XCTAssertEqual(exported.status, 0, exported.output)
        XCTAssertTrue(exported.output.contains(": ready 100%"), exported.output)
        let entries = try Self.unzip(Array(try Data(contentsOf: URL(fileURLWithPath: out))))
        XCTAssertNotNil(entries["conversations/\(ann.conversation).json"])
        let refused = try HostProcess.cli(["contacts", "erase", ann.contact], host: host)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.output.contains("--yes"), refused.output)
        let erased = try HostProcess.cli(["contacts", "erase", ann.contact, "--yes", "--reason", "ticket 9"], host: host)
        XCTAssertEqual(erased.status, 0, erased.output)
        XCTAssertEqual(try host.request("GET", "/api/v1/contacts/\(ann.contact)").json["display_name"], .null)
        let audit = try HostProcess.cli(["security", "audit", "--subject", "contact:\(ann.contact)"], host: host)
        XCTAssertTrue(audit.output.contains("contact.erased") && audit.output.contains("contact.export_requested"), audit.output)
    }

    /// Every entry of a zip (Python's zipfile reads it: an independent reader of what libarchive wrote).
    static func unzip(_ bytes: [UInt8]) throws -> [String: [UInt8]] {
        let path = NSTemporaryDirectory() + "export-\(UUID().uuidString).zip"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", "import zipfile,sys,json,base64; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; "
                             + "print(json.dumps({n: base64.b64encode(z.read(n)).decode() for n in z.namelist()}))", path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw HostError("not a valid zip") }
        var entries: [String: [UInt8]] = [:]
        for (name, value) in try JSON.parse(Array(data)).objectValue ?? JSONObject() {
            entries[name] = Crypto.base64Decode(value.stringValue ?? "") ?? []
        }
        return entries
    }
}
