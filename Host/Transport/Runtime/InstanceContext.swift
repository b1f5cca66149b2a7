import SwitchboardDomain
import SwitchboardSupport

/// A route a plugin instance declared with route_add.
struct DeclaredRoute: Sendable {
    var method: String
    var path: String

    func matches(path candidate: String) -> Bool {
        path.hasSuffix("*") ? candidate.hasPrefix(String(path.dropLast())) : candidate == path
    }
}

/// What sb_instance_ctx points to: one running instance as the host services see it.
/// Each build of an instance (an upgrade makes a second) has its own context.
final class InstanceContext: @unchecked Sendable {
    let instanceID: String
    let pluginID: String
    unowned let services: HostServices
    let log: Logger
    let routes = Locked<[DeclaredRoute]>([])
    /// The latest JSON object the plugin published about itself (publish_status, ABI 1.1).
    let publishedStatus = Locked<String?>(nil)
    weak var runtime: InstanceRuntime?

    init(instanceID: String, pluginID: String, services: HostServices) {
        self.instanceID = instanceID
        self.pluginID = pluginID
        self.services = services
        log = services.log.with(component: "\(pluginID):\(instanceID)")
    }

    var opaque: OpaquePointer { OpaquePointer(Unmanaged.passUnretained(self).toOpaque()) }

    static func from(_ pointer: OpaquePointer?) -> InstanceContext? {
        guard let pointer else { return nil }
        return Unmanaged<InstanceContext>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
    }
}
