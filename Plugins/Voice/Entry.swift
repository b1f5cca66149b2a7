import PluginKit

/// The library's one exported symbol: hands the host the voice channel's descriptor.
@_cdecl("switchboard_plugin_v1")
public func switchboardPluginEntry() -> UnsafeRawPointer { PluginExport.descriptor(for: VoiceChannel.self) }
