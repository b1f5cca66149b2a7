import CArchive
import SwitchboardCommon

/// A zip file written by libarchive, one entry at a time (a customer's data export). Entries are
/// deflated; names are UTF-8 paths inside the archive. Not thread-safe: one writer per file.
public final class ZipArchiveWriter {
    private let archive: OpaquePointer
    private var closed = false

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Creates (or truncates) the file at `path`.
    public init(path: String) throws {
        guard let archive = archive_write_new() else { throw Failure(description: "archive_write_new failed") }
        self.archive = archive
        guard archive_write_set_format_zip(archive) == ARCHIVE_OK, archive_write_open_filename(archive, path) == ARCHIVE_OK else {
            let message = Self.message(archive)
            archive_write_free(archive)
            closed = true
            throw Failure(description: "cannot write \(path): \(message)")
        }
    }

    deinit { if !closed { archive_write_free(archive) } }

    /// One file: `name` ("conversations/c_1.json"), its bytes, its time (Unix ms).
    public func add(name: String, bytes: [UInt8], modifiedAt: Int64) throws {
        guard let entry = archive_entry_new() else { throw Failure(description: "archive_entry_new failed") }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname_utf8(entry, name)
        archive_entry_set_size(entry, la_int64_t(bytes.count))
        archive_entry_set_filetype(entry, 0o100000)  // AE_IFREG (a macro Swift cannot import)
        archive_entry_set_perm(entry, 0o644)
        archive_entry_set_mtime(entry, time_t(modifiedAt / 1000), 0)
        guard archive_write_header(archive, entry) == ARCHIVE_OK else { throw Failure(description: "\(name): \(Self.message(archive))") }
        if !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
            guard written == bytes.count else { throw Failure(description: "\(name): \(Self.message(archive))") }
        }
    }

    public func add(name: String, text: String, modifiedAt: Int64) throws {
        try add(name: name, bytes: Array(text.utf8), modifiedAt: modifiedAt)
    }

    /// Writes the central directory and closes the file; the archive is complete only after this.
    public func finish() throws {
        guard !closed else { return }
        closed = true
        let status = archive_write_close(archive)
        let message = Self.message(archive)
        archive_write_free(archive)
        guard status == ARCHIVE_OK else { throw Failure(description: "closing the archive: \(message)") }
    }

    private static func message(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "libarchive error \(archive_errno(archive))"
    }
}
