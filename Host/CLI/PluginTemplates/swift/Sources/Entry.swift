import PluginKit

/// The library's one exported symbol: the host's way in.
@_cdecl("switchboard_plugin_v1")
public func switchboardPluginEntry() -> UnsafeRawPointer {
    PluginExport.descriptor(for: EchoChannel.self)
}
