import SwitchboardDomain
import SwitchboardSupport

/// Writes one contact's data into a zip (libarchive) ready to hand to the customer:
///
///     README.txt                    what is where
///     contact.json                  the contact, identities, attributes, events about the contact
///     conversations/<id>.json       each conversation: messages, events, tags, side conversations
///     files/<file id>-<name>        the files (attachments, recordings) the host stores for them
///
/// Attachments a channel keeps itself (email) are listed with their links in the messages.
struct ExportArchive {
    let store: Store

    /// Build the archive at `path`; `progress` gets 0-99 as conversations are written. Returns its size.
    func write(contactID: String, to path: String, progress: (Int) -> Void) throws -> Int64 {
        guard let (contact, events, conversationIDs) = try store.contactRecord(id: contactID) else {
            throw ZipArchiveWriter.Failure(description: "contact \(contactID) no longer exists")
        }
        let now = Clock.nowMillis()
        let zip = try ZipArchiveWriter(path: path)
        try zip.add(name: "README.txt", text: Self.readme(contactID: contactID, at: now), modifiedAt: now)
        var whole = contact
        whole["events"] = .array(events.map(JSON.object))
        try zip.add(name: "contact.json", text: JSON.object(whole).serialized, modifiedAt: now)
        var fileIDs: [String] = []
        for (index, id) in conversationIDs.enumerated() {
            guard let (record, files) = try store.conversationRecord(id: id) else { continue }
            try zip.add(name: "conversations/\(id).json", text: JSON.object(record).serialized, modifiedAt: now)
            fileIDs += files
            progress((index + 1) * 90 / max(1, conversationIDs.count))
        }
        var seen = Set<String>()
        for id in fileIDs where seen.insert(id).inserted {
            guard let file = try store.storedFile(id: id) else { continue }
            try zip.add(name: "files/\(file.id)-\(file.name)", bytes: file.data, modifiedAt: now)
        }
        try zip.finish()
        return Int64(FileSystem.size(path) ?? 0)
    }

    static func readme(contactID: String, at now: Int64) -> String {
        """
        Your data, as Switchboard keeps it (contact \(contactID), exported \(Clock.iso8601(now))).

        contact.json               you: your names, the addresses and accounts you wrote from (identities),
                                   details the team recorded (attributes), and changes to them (events)
        conversations/<id>.json    each conversation with its messages, what happened in it (events),
                                   and side conversations the team held about it
        files/                     the files you sent or were sent, stored by the support platform

        Times are Unix milliseconds (UTC). Files a channel keeps itself are listed by link in the messages.

        """
    }
}
