import CCrypt
import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// Passwords as crypt(3) yescrypt strings ("$y$j9T$<salt>$<hash>") from libxcrypt: salted,
/// memory-hard, and readable by any libxcrypt tool. Never a hand-rolled hash.
///
/// Thread-safe: every call works in its own heap-allocated `struct crypt_data` (crypt_rn),
/// never in crypt(3)'s static buffer. A call costs libxcrypt's default yescrypt work (about
/// 16 MiB and some tens of milliseconds), so callers hash outside the store's write transaction.
public enum PasswordHash {
    public static let minimumLength = 10
    /// crypt(3) takes at most CRYPT_MAX_PASSPHRASE_SIZE bytes, counting the terminating NUL.
    public static let maximumBytes = Int(CRYPT_MAX_PASSPHRASE_SIZE) - 1
    static let prefix = "$y$"

    /// Why a password is refused (shown after the field name), or nil when it is acceptable.
    public static func problem(_ password: String) -> String? {
        if password.count < minimumLength { return "must be at least \(minimumLength) characters" }
        if password.utf8.count > maximumBytes { return "must be at most \(maximumBytes) bytes" }
        // A C string ends at the first NUL: everything after it would be silently ignored.
        if password.utf8.contains(0) { return "must not contain NUL characters" }
        return nil
    }

    /// A new hash with a fresh random salt: two hashes of one password differ.
    public static func make(_ password: String) throws(PasswordHashError) -> String {
        if let problem = problem(password) { throw .refused(problem) }
        let salt = Crypto.randomBytes(16)
        var buffer = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        let setting = salt.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { random in
                buffer.withUnsafeMutableBufferPointer { output in
                    // count 0: libxcrypt's default yescrypt cost.
                    crypt_gensalt_rn(prefix, 0, random.baseAddress, Int32(random.count), output.baseAddress, Int32(output.count))
                        .map { String(cString: $0) }
                }
            }
        }
        guard let setting else { throw .failed("crypt_gensalt_rn: errno \(errno)") }
        guard let hash = crypt(password, setting: setting), hash.hasPrefix(prefix) else {
            throw .failed("crypt_rn: errno \(errno)")
        }
        return hash
    }

    /// Whether `password` hashes to `stored`, compared in constant time. Only yescrypt strings
    /// are accepted: crypt(3) would also take a legacy DES "setting" such as "ab…".
    public static func verify(_ password: String, against stored: String) -> Bool {
        guard stored.hasPrefix(prefix), password.utf8.count <= maximumBytes, !password.utf8.contains(0) else { return false }
        guard let computed = crypt(password, setting: stored) else { return false }
        return Crypto.constantTimeEquals(computed, stored)
    }

    /// A yescrypt hash of a password nobody has: sign-in verifies against it when the email is
    /// unknown, so an unknown account costs the same time as a wrong password.
    public static let decoy: String = (try? make(Crypto.randomHex(bytes: 16))) ?? "$y$"

    /// crypt_rn in a zeroed heap buffer the size of `struct crypt_data`, wiped before it is freed
    /// (it held the passphrase's working state). The setting must not point into that buffer.
    private static func crypt(_ password: String, setting: String) -> String? {
        let size = Int(sb_crypt_data_size())
        let data = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        data.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        defer {
            explicit_bzero(data, size)
            data.deallocate()
        }
        guard let output = crypt_rn(password, setting, data, Int32(size)) else { return nil }
        return String(cString: output)
    }
}

public enum PasswordHashError: Error, CustomStringConvertible, Sendable {
    /// The password breaks a rule (too short, too long, NUL); the text follows the field name.
    case refused(String)
    /// libxcrypt failed (out of memory, or yescrypt missing from this build).
    case failed(String)

    public var description: String {
        switch self {
        case .refused(let why): "password \(why)"
        case .failed(let why): "could not hash the password: \(why)"
        }
    }
}
