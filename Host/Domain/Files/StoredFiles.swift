import SwitchboardSupport

/// A file a customer sent through a channel (a widget upload), kept in the store and served by
/// the host at /files/<id>/<name>. The random id is the capability: whoever has the message's
/// attachment URL may fetch it, as with a provider's media link.
public struct StoredFile: Sendable {
    public var id: String
    public var name: String
    public var contentType: String
    public var data: [UInt8]
}

public enum FileStoreError: Error, CustomStringConvertible, Sendable {
    case invalidField(String, String)

    public var description: String {
        switch self { case .invalidField(let field, let why): "\(field): \(why)" }
    }
}

extension Store {
    /// Largest file kept; channels enforce their own, smaller limits first.
    public static let maxStoredFileBytes = 16 << 20

    /// Keep a file; returns its id.
    public func storeFile(instanceID: String, name: String, contentType: String, data: [UInt8]) throws -> String {
        guard !data.isEmpty else { throw FileStoreError.invalidField("data", "is empty") }
        guard data.count <= Self.maxStoredFileBytes else { throw FileStoreError.invalidField("data", "is over \(Self.maxStoredFileBytes) bytes") }
        guard !name.isEmpty, name.utf8.count <= 255, !name.contains("/"), !name.contains("\\"), name != ".", name != ".." else {
            throw FileStoreError.invalidField("name", "must be 1-255 bytes without a path separator")
        }
        guard contentType.contains("/"), contentType.utf8.count <= 255, !contentType.contains(where: \.isNewline) else {
            throw FileStoreError.invalidField("content_type", "must be a media type such as image/png")
        }
        let id = "f" + Crypto.randomHex(bytes: 16)
        try write { db in
            try db.run("INSERT INTO files (id, channel_instance_id, name, content_type, size, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [.text(id), .text(instanceID), .text(name), .text(contentType), .integer(Int64(data.count)), .blob(data),
                        .integer(Clock.nowMillis())])
        }
        return id
    }

    public func storedFile(id: String) throws -> StoredFile? {
        try read { db in
            try db.queryOne("SELECT id, name, content_type, data FROM files WHERE id = ?", [.text(id)]) {
                StoredFile(id: $0.text(0), name: $0.text(1), contentType: $0.text(2), data: $0.blob(3))
            }
        }
    }
}
