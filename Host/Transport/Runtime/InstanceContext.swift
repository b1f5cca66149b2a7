import SwitchboardDomain
import SwitchboardSupport

/// A route a plugin instance declared with route_add.
struct DeclaredRoute: Sendable {
    var method: String
    var path: String
    /// route_add_nonblocking (ABI 1.3): its handler never blocks, so it may run on an event loop.
    var nonblocking = false

    func matches(path candidate: String) -> Bool {
        path.hasSuffix("*") ? candidate.hasPrefix(String(path.dropLast())) : candidate == path
    }
}

/// An operator's say on claimed assets when an instance starts: take them over, or be refused.
public struct ClaimPolicy: Sendable {
    public var takeOver: Bool
    /// Recorded on a take-over's event.
    public var actor: String

    public init(takeOver: Bool = false, actor: String = "host") {
        self.takeOver = takeOver
        self.actor = actor
    }
}

/// A route every instance of one plugin naming the same connection shares (route_add_shared, ABI 1.3).
struct SharedRoute: Sendable {
    var connection: String
    var route: DeclaredRoute

    static func isValidConnection(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name.utf8.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E
        }
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
    let sharedRoutes = Locked<[SharedRoute]>([])
    /// The latest JSON object the plugin published about itself (publish_status, ABI 1.1).
    let publishedStatus = Locked<String?>(nil)
    /// Whether this start may take claimed assets over, and who asked (claim_asset, ABI 1.3).
    let claimPolicy: ClaimPolicy
    /// What claim_asset decided during create(): instances that lost an asset to this one (stopped
    /// once this one has started), or the conflict that refused it (the operator's 409).
    let claimResults = Locked<(tookOverFrom: [String], conflict: (field: String, message: String)?)>(([], nil))
    weak var runtime: InstanceRuntime?
    /// Which credentials credential_get hands this context: set from the configuration before
    /// create() and reconfigure(), and from the arguments of a plugin-scope admin call.
    let credentialScope = Locked<CredentialScope>(.none)

    /// ABI 1.3: a context made for one plugin-scope admin_call, standing for no instance: only
    /// log, credential_get and http_request accept it (`any`); every other service sees no context.
    let isAdminCallOnly: Bool

    init(instanceID: String, pluginID: String, services: HostServices, claimPolicy: ClaimPolicy = ClaimPolicy(),
         isAdminCallOnly: Bool = false) {
        self.instanceID = instanceID
        self.pluginID = pluginID
        self.services = services
        self.claimPolicy = claimPolicy
        self.isAdminCallOnly = isAdminCallOnly
        log = services.log.with(component: isAdminCallOnly ? "\(pluginID):admin" : "\(pluginID):\(instanceID)")
    }

    var opaque: OpaquePointer { OpaquePointer(Unmanaged.passUnretained(self).toOpaque()) }

    /// The handle asset_owner gives another instance of the plugin. The plugin may (wrongly) use it
    /// after this instance stopped: the first time it is handed out the context is retained for
    /// the life of the process, so such a call reaches a live object instead of freed memory.
    var sharedHandle: OpaquePointer {
        let first = handedOut.withLock { handed -> Bool in
            defer { handed = true }
            return !handed
        }
        if first { _ = Unmanaged.passRetained(self) }
        return opaque
    }
    private let handedOut = Locked(false)

    /// The instance a service acts for; nil for an admin call's context (ABI 1.3), which has no instance data.
    static func from(_ pointer: OpaquePointer?) -> InstanceContext? {
        guard let context = any(pointer), !context.isAdminCallOnly else { return nil }
        return context
    }

    /// Any context, an admin call's included: for the services that need no instance (log, credentials, HTTP).
    static func any(_ pointer: OpaquePointer?) -> InstanceContext? {
        guard let pointer else { return nil }
        return Unmanaged<InstanceContext>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
    }
}
