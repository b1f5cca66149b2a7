#if canImport(Glibc)
import Glibc
#endif

/// Whether another process has an SQLite database file open, read from the POSIX locks SQLite
/// takes: every open connection holds a lock in the file's lock range (a WAL-mode connection keeps
/// a shared lock there for as long as it is open, so a running host always shows). A crashed host
/// holds none. Locks of this process are not seen (POSIX locks are per process).
enum SQLiteFileUse {
    /// SQLite's lock bytes: PENDING_BYTE (1 GiB), then RESERVED, then the 510-byte SHARED range.
    private static let lockRange: (start: off_t, length: off_t) = (0x4000_0000, 512)

    /// The id of a process holding a lock on the file, or nil when none does (or the file is missing).
    static func holder(of path: String) -> pid_t? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var probe = flock()
        probe.l_type = Int16(F_WRLCK)
        probe.l_whence = Int16(SEEK_SET)
        probe.l_start = lockRange.start
        probe.l_len = lockRange.length
        guard fcntl(fd, F_GETLK, &probe) == 0, probe.l_type != Int16(F_UNLCK) else { return nil }
        return probe.l_pid
    }
}
