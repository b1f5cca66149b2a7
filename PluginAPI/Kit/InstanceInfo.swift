/// What the host says about an instance when creating it (copied from `sb_instance_info`).
public struct InstanceInfo: Sendable {
    /// The stable id the operator chose.
    public var instanceID: String
    /// The instance's configuration: a JSON object, already validated against the manifest schema.
    public var configJSON: String
    /// "/hooks/<instance-id>": where this instance's routes live.
    public var routePrefix: String
    /// The host's external base URL, for building webhook addresses to give a provider.
    public var publicBaseURL: String
    /// The host's bound on one `deliver` call; overrunning it gets the plugin quarantined.
    public var deliverTimeoutMs: UInt32

    public init(instanceID: String, configJSON: String, routePrefix: String = "", publicBaseURL: String = "",
                deliverTimeoutMs: UInt32 = 0) {
        self.instanceID = instanceID
        self.configJSON = configJSON
        self.routePrefix = routePrefix
        self.publicBaseURL = publicBaseURL
        self.deliverTimeoutMs = deliverTimeoutMs
    }
}
