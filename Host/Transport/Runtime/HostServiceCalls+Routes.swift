import SwitchboardPluginAPI

/// route_add, and route_add_nonblocking (ABI 1.3): the routes an instance serves under /hooks/<id>.
extension HostServiceCalls {
    static func routeAdd(_ c: InstanceContext, method: String, path: String, nonblocking: Bool,
                         _ err: UnsafeMutablePointer<CChar>?, _ cap: Int) -> sb_status {
        let m = method.uppercased()
        guard path.hasPrefix("/") else { return fail(err, cap, SB_ERR_INVALID, "path must start with /") }
        guard !m.isEmpty else { return fail(err, cap, SB_ERR_INVALID, "method is empty") }
        c.routes.withLock { $0.append(DeclaredRoute(method: m, path: path, nonblocking: nonblocking)) }
        return SB_OK
    }
}
