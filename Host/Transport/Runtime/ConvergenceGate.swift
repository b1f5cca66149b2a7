import SwitchboardSupport

/// The hooks this host must not serve now, because another host changed their channel instance or
/// plugin in the store and this host has not caught up (ConfigSync). They answer 503 with
/// Retry-After, so the provider retries, on this host once it converged or on another.
///
/// How a host knows it is behind: ConfigSync reads the store's `channels` version every poll; when
/// it moved, the registry lists what differs between the store and what runs here, holds those
/// hooks here while it converges, then keeps holding only what it could not bring in line (a
/// plugin build this host cannot find). A hook request reads only this in-memory set: no query.
/// Between another host's commit and the next poll this host does not know yet: that poll interval
/// plus the convergence pass is the bound on serving the old state.
final class ConvergenceGate: @unchecked Sendable {
    private let held = Locked<(instances: Set<String>, plugins: Set<String>)>(([], []))
    static let retryAfterSeconds = 1

    /// Replace what is held: instances whose state differs, plugins whose build differs.
    func hold(instances: Set<String>, plugins: Set<String>) {
        held.withLock { $0 = (instances, plugins) }
    }

    var heldPlugins: Set<String> { held.withLock { $0.plugins } }

    /// The 503 for a hook of this instance while it is held, else nil.
    func refusal(instanceID: String) -> HTTPResponse? {
        held.withLock { $0.instances.contains(instanceID) } ? Self.notConverged("channel instance \(instanceID)") : nil
    }

    /// The 503 for a shared route of this plugin while it is held, else nil.
    func refusal(pluginID: String) -> HTTPResponse? {
        held.withLock { $0.plugins.contains(pluginID) } ? Self.notConverged("plugin \(pluginID)") : nil
    }

    private static func notConverged(_ what: String) -> HTTPResponse {
        var response = HTTPResponse.error(503, "not_converged", "this host is catching up with a change to \(what); retry")
        response.headers.append(("Retry-After", "\(retryAfterSeconds)"))
        return response
    }
}
