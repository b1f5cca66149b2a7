#if canImport(Glibc)
import Glibc
#endif

/// Where the host keeps the files it writes itself, by key ("exports/<id>.zip"). Uploaded files are
/// not here: they live in the database (`files`), which every host already shares.
///
/// Two kinds: `LocalFiles` in the data directory (one host), and `SharedFiles` in a directory every
/// host mounts at the same path (NFS and the like), for several hosts on one database: any host may
/// then serve a file another wrote. No object store (S3): the host has no SDK and no internet to test
/// against; a shared mount needs neither.
public protocol HostFiles: Sendable {
    /// Create the file `key`: `produce` writes the temporary path it is given, and the file appears
    /// under its key only once complete (a reader never sees half of it). Returns its size.
    func create(_ key: String, _ produce: (_ temporaryPath: String) throws -> Void) throws -> Int64
    func read(_ key: String) -> [UInt8]?
    /// True when it is gone (also when it was never there).
    @discardableResult func remove(_ key: String) -> Bool
}

/// Files under one root directory, written to a temporary name and renamed into place.
/// `temporarySuffix` tells apart writers that could write one key at once; `syncDirectory`
/// makes the rename itself durable before `create` returns.
struct DirectoryFiles: Sendable {
    let root: String
    let temporarySuffix: String
    let syncDirectory: Bool

    /// The file's path. A key is relative and stays under the root; an absolute one is a path a host
    /// before this seam recorded (its own data directory), read as it is.
    func path(_ key: String) throws -> String {
        if key.hasPrefix("/") { return key }
        guard !key.isEmpty, !key.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0.isEmpty || $0 == "." || $0 == ".." })
        else { throw FileSystemError(path: key, errno: EINVAL) }
        return root + "/" + key
    }

    func create(_ key: String, _ produce: (String) throws -> Void) throws -> Int64 {
        let final = try path(key)
        let folder = String(final[..<(final.lastIndex(of: "/") ?? final.endIndex)])
        try FileSystem.makeDirectories(folder, mode: 0o700)
        let temporary = final + ".tmp-" + temporarySuffix
        do {
            try produce(temporary)
            try Self.sync(temporary)
            guard rename(temporary, final) == 0 else { throw FileSystemError(path: final, errno: errno) }
        } catch {
            FileSystem.remove(temporary)
            throw error
        }
        if syncDirectory { try Self.sync(folder) }
        return Int64(FileSystem.size(final) ?? 0)
    }

    func read(_ key: String) -> [UInt8]? { (try? path(key)).flatMap(FileSystem.readBytes) }

    func remove(_ key: String) -> Bool { (try? path(key)).map { FileSystem.remove($0) } ?? true }

    private static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileSystemError(path: path, errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw FileSystemError(path: path, errno: errno) }
    }
}

/// The default: files in this host's data directory.
public struct LocalFiles: HostFiles {
    let directory: DirectoryFiles

    public init(dataDirectory: String) {
        directory = DirectoryFiles(root: dataDirectory, temporarySuffix: "\(getpid())", syncDirectory: false)
    }

    public func create(_ key: String, _ produce: (String) throws -> Void) throws -> Int64 { try directory.create(key, produce) }
    public func read(_ key: String) -> [UInt8]? { directory.read(key) }
    public func remove(_ key: String) -> Bool { directory.remove(key) }
}

/// Files in a directory several hosts mount (`serve --shared-files DIR`). Nothing about it is kept in
/// memory: every read goes to the mount, so a file another host wrote is there at once. Temporary
/// names carry the host's id (process ids repeat across machines), and the directory is synced after
/// the rename so the file survives a crash of the file server as soon as `create` returns.
public struct SharedFiles: HostFiles {
    let directory: DirectoryFiles

    /// Fails when the directory cannot be written (not mounted, wrong owner): better at start than at the first export.
    public init(directory root: String, hostID: String) throws {
        directory = DirectoryFiles(root: root, temporarySuffix: hostID, syncDirectory: true)
        let probe = ".probe-" + hostID
        _ = try directory.create(probe) { try FileSystem.writeAtomically([], to: $0, mode: 0o600) }
        _ = directory.remove(probe)
    }

    public func create(_ key: String, _ produce: (String) throws -> Void) throws -> Int64 { try directory.create(key, produce) }
    public func read(_ key: String) -> [UInt8]? { directory.read(key) }
    public func remove(_ key: String) -> Bool { directory.remove(key) }
}
