import MetaPlatform
import PluginKit

/// The library's one exported symbol: hands the host the WhatsApp channel's descriptor. The
/// channel itself lives with the other Meta products (Plugins/Meta/WhatsApp).
@_cdecl("switchboard_plugin_v1")
public func switchboardPluginEntry() -> UnsafeRawPointer { PluginExport.descriptor(for: WhatsAppChannel.self) }
