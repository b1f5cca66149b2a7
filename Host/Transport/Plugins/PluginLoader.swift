import SwitchboardDomain
import SwitchboardPluginAPI
import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// Why a plugin was refused. The host logs it and keeps running with the rest.
public struct PluginLoadError: Error, CustomStringConvertible, Sendable {
    public let directory: String
    public let reason: String
    public var description: String { "\(directory): \(reason)" }
}

/// Opens plugin builds: manifest first, then checksum, then the library from a
/// content-addressed copy, then the descriptor, cross-checked with the manifest.
public struct PluginLoader: Sendable {
    /// Where content-addressed copies of libraries go (<data>/plugin-cache).
    public let cacheDirectory: String

    public init(cacheDirectory: String) { self.cacheDirectory = cacheDirectory }

    /// Plugin directories (those holding a plugin.json) below root.
    public static func scan(_ root: String) -> [String] {
        FileSystem.list(root).sorted().map { "\(root)/\($0)" }.filter { FileSystem.exists("\($0)/\(PluginManifest.fileName)") }
    }

    /// Read and validate the manifest only: no plugin code runs.
    public static func readManifest(directory: String) throws(PluginLoadError) -> PluginManifest {
        guard let text = FileSystem.readText("\(directory)/\(PluginManifest.fileName)") else {
            throw PluginLoadError(directory: directory, reason: "no readable plugin.json")
        }
        do { return try PluginManifest(json: text) } catch { throw PluginLoadError(directory: directory, reason: "bad manifest: \(error)") }
    }

    public func load(directory: String) throws(PluginLoadError) -> LoadedPlugin {
        func fail(_ reason: String) -> PluginLoadError { PluginLoadError(directory: directory, reason: reason) }
        let manifest = try Self.readManifest(directory: directory)
        guard manifest.abiMajor == Int(SB_ABI_MAJOR) else {
            throw fail("manifest asks for ABI \(manifest.abiMajor).\(manifest.abiMinor); this host serves ABI \(SB_ABI_MAJOR).0-\(SB_ABI_MINOR)")
        }
        guard let expected = manifest.sha256 else { throw fail("manifest has no \"sha256\" of its library (pack it with `switchboard plugins pack`)") }
        let source = "\(directory)/\(manifest.library)"
        guard let bytes = FileSystem.readBytes(source) else { throw fail("library \(manifest.library) is missing or unreadable") }
        let actual = Crypto.sha256Hex(bytes)
        guard actual == expected else { throw fail("checksum mismatch for \(manifest.library): manifest says \(expected), file is \(actual)") }

        // A new path per build: dlopen of a path already open would hand back the old library.
        let cached = "\(cacheDirectory)/\(actual)/\(manifest.library)"
        if !FileSystem.exists(cached) {
            do { try FileSystem.writeAtomically(bytes, to: cached, mode: 0o555) } catch { throw fail("cannot copy library to \(cached): \(error)") }
        }
        guard let handle = dlopen(cached, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            throw fail("dlopen failed: \(String(cString: dlerror()))")
        }
        guard let symbol = dlsym(handle, SB_ENTRY_SYMBOL) else {
            throw fail("library does not export \(SB_ENTRY_SYMBOL)")
        }
        let entry = unsafeBitCast(symbol, to: sb_entry_fn.self)
        guard let published = entry() else { throw fail("\(SB_ENTRY_SYMBOL) returned NULL") }
        let descriptor = try copyDescriptor(published, fail: fail)
        try crossCheck(descriptor.pointee, manifest, fail: fail)
        return LoadedPlugin(manifest: manifest, sha256: actual, libraryPath: cached, sourceDirectory: directory, descriptor: descriptor)
    }

    private func copyDescriptor(_ published: UnsafePointer<sb_plugin_descriptor>,
                                fail: (String) -> PluginLoadError) throws(PluginLoadError) -> UnsafeMutablePointer<sb_plugin_descriptor> {
        let size = Int(published.pointee.struct_size)
        let minimum = MemoryLayout<sb_plugin_descriptor>.offset(of: \sb_plugin_descriptor.on_timer)!
        guard size >= minimum else { throw fail("descriptor struct_size \(size) is smaller than ABI v1.0's") }
        let copy = UnsafeMutablePointer<sb_plugin_descriptor>.allocate(capacity: 1)
        let raw = UnsafeMutableRawPointer(copy)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<sb_plugin_descriptor>.size)
        raw.copyMemory(from: published, byteCount: min(size, MemoryLayout<sb_plugin_descriptor>.size))
        return copy
    }

    private func crossCheck(_ d: sb_plugin_descriptor, _ m: PluginManifest, fail: (String) -> PluginLoadError) throws(PluginLoadError) {
        guard d.abi_major == SB_ABI_MAJOR else { throw fail("descriptor ABI major \(d.abi_major), host serves \(SB_ABI_MAJOR)") }
        guard d.min_host_minor <= SB_ABI_MINOR else {
            throw fail("plugin needs host ABI minor \(d.min_host_minor); this host is 1.\(SB_ABI_MINOR)")
        }
        let id = string(d.id), version = string(d.version)
        guard id == m.id else { throw fail("descriptor id \"\(id)\" does not match manifest id \"\(m.id)\"") }
        guard version == m.version else { throw fail("descriptor version \"\(version)\" does not match manifest version \"\(m.version)\"") }
        let caps = d.capabilities
        let declared = (caps.content & UInt32(SB_CAP_TEXT) != 0, caps.content & UInt32(SB_CAP_IMAGES) != 0,
                        caps.content & UInt32(SB_CAP_FILES) != 0, caps.content & UInt32(SB_CAP_RICH) != 0)
        guard declared == (m.capabilities.text, m.capabilities.images, m.capabilities.files, m.capabilities.rich),
              caps.format == m.capabilities.format.abiValue, Int(caps.max_text_length) == m.capabilities.maxTextLength
        else { throw fail("descriptor capabilities differ from the manifest's") }
        guard d.create != nil, d.start != nil, d.stop != nil, d.destroy != nil, d.handle_http != nil, d.deliver != nil else {
            throw fail("descriptor lacks a required callback (create, start, stop, destroy, handle_http, deliver)")
        }
        // The descriptor was copied into zeroed storage of the host's size: a 1.0 plugin reads as NULL here.
        guard (d.deliver_side != nil) == m.sideConversations else {
            throw fail(m.sideConversations ? "manifest says side_conversations but the descriptor has no deliver_side"
                                           : "descriptor has deliver_side but the manifest does not say \"side_conversations\": true")
        }
        // ABI 1.3: a plugin may lack admin_call only when it declares no admin operations.
        if !m.adminOperations.isEmpty && d.admin_call == nil {
            throw fail("manifest declares admin_operations but the descriptor has no admin_call (ABI 1.3)")
        }
        guard (d.perform_action != nil) == !m.actions.isEmpty else {
            throw fail(m.actions.isEmpty ? "descriptor has perform_action but the manifest declares no \"actions\""
                                         : "manifest declares \"actions\" but the descriptor has no perform_action")
        }
    }
}

func string(_ s: sb_str) -> String {
    guard let p = s.ptr, s.len > 0 else { return "" }
    return String(decoding: UnsafeRawBufferPointer(start: p, count: s.len), as: UTF8.self)
}
