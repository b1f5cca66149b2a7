import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// One build of a plugin, opened and checked: its manifest and a copy of its descriptor.
public final class LoadedPlugin: @unchecked Sendable {
    public let manifest: PluginManifest
    public let sha256: String
    /// The content-addressed copy that was opened (never closed: see plugin-abi.md).
    public let libraryPath: String
    public let sourceDirectory: String
    /// The plugin's descriptor copied into zeroed storage of the host's size, so fields an
    /// older plugin lacks read as zero.
    let descriptor: UnsafeMutablePointer<sb_plugin_descriptor>

    init(manifest: PluginManifest, sha256: String, libraryPath: String, sourceDirectory: String,
         descriptor: UnsafeMutablePointer<sb_plugin_descriptor>) {
        self.manifest = manifest
        self.sha256 = sha256
        self.libraryPath = libraryPath
        self.sourceDirectory = sourceDirectory
        self.descriptor = descriptor
    }

    public var id: String { manifest.id }
    public var version: String { manifest.version }
    public var serialCalls: Bool { descriptor.pointee.flags & UInt32(SB_PLUGIN_FLAG_SERIAL_CALLS) != 0 }
    /// ABI 1.1: whether its instances can carry side conversations (deliver_side is set).
    public var carriesSideConversations: Bool { descriptor.pointee.deliver_side != nil }
    /// ABI 1.3: whether it checks replies before the host accepts them (validate_outbound is set).
    public var validatesOutbound: Bool { descriptor.pointee.validate_outbound != nil }
}
