/// A channel plugin written in Swift: one class conforming to this protocol, exported from the
/// library with `PluginExport.descriptor(for:)` (see `PluginExport`).
///
/// Threading: `handle`, `deliver` and `timerFired` may run on several host threads at once for
/// one instance, unless `flags` contains `.serialCalls`. Lifecycle calls (`init`, `start`, `stop`,
/// `reconfigure`, deinit) never overlap each other or a data call. That is why conforming classes
/// are `Sendable`: usually `@unchecked Sendable`, guarding their mutable state with a `PluginLock`.
/// The host never calls back into the plugin from inside a `PluginHost` service, so holding your
/// own lock across a service call cannot deadlock with the host.
///
/// Errors thrown from any requirement are caught at the C boundary and reported to the host as a
/// status code plus message (see `PluginError`); nothing unwinds into the host.
public protocol ChannelPlugin: AnyObject, Sendable {
    /// Must equal the manifest's "id".
    static var id: String { get }
    /// Must equal the manifest's "version".
    static var version: String { get }
    /// Must agree with the manifest's "capabilities"; the host fits replies to it.
    static var capabilities: PluginCapabilities { get }
    /// Defaults to none: data calls may run concurrently.
    static var flags: PluginFlags { get }
    /// The lowest host ABI minor version this plugin needs (default 0; 1 with side conversations).
    static var minHostMinor: UInt32 { get }
    /// ABI 1.1: whether the plugin carries side conversations (default false). When true, the
    /// descriptor gets `deliver_side`, the manifest must say `"side_conversations": true`, and
    /// `deliverSide` must be implemented.
    static var carriesSideConversations: Bool { get }
    /// ABI 1.3: whether the host asks `validateOutbound` before it accepts a reply (default false:
    /// the descriptor leaves `validate_outbound` NULL and replies are accepted unchecked, as before).
    static var validatesOutbound: Bool { get }
    /// ABI 1.3: whether the plugin performs channel actions (default false). When true, the
    /// descriptor gets `perform_action`, the manifest must declare "actions", and `performAction`
    /// must be implemented.
    static var performsActions: Bool { get }

    /// Validate the configuration and get ready; keep `host`, it stays valid for the instance's
    /// life. Throw `PluginError.invalid(field:message:)` for a bad configuration, or
    /// `.declined(reason:)` when it leaves nothing to do. Declare routes here.
    init(host: PluginHost, info: InstanceInfo) throws
    /// Traffic may arrive once this returns. Default: nothing to do.
    func start() throws
    /// In-flight data calls have drained; stop your own threads. Default: nothing to do.
    func stop()
    /// Apply a new configuration; throw to keep the old one. Data calls are drained around it.
    func reconfigure(configJSON: String) throws
    /// Answer an HTTP request under /hooks/<instance-id>/.
    func handle(_ request: PluginHTTPRequest) -> PluginHTTPResponse
    /// Deliver one reply. Say what the provider did in the result (a provider's rejection is a
    /// result, not an error); throw only when the plugin itself failed.
    func deliver(_ message: OutboundMessage) throws -> DeliveryResult
    /// A timer from `PluginHost.startTimer` fired. Default: ignored.
    func timerFired(_ id: UInt64)
    /// ABI 1.1: deliver one side-conversation message, with the same rules as `deliver`. Only
    /// called when `carriesSideConversations` is true. Default: throws `.unsupported`.
    func deliverSide(_ message: SideMessage) throws -> DeliveryResult
    /// ABI 1.2: a stream opened with `PluginHTTPResponse.stream` ended (client gone, closed, or
    /// stopping). Called once per stream, maybe concurrently with data calls. Default: ignored.
    func streamClosed(_ id: UInt64)
    /// ABI 1.2: a best-effort signal on a conversation this instance carries ("agent.typing",
    /// "conversation.status"); `dataJSON` is a JSON object. Default: ignored.
    func conversationSignal(conversationID: String, type: String, dataJSON: String)
    /// ABI 1.3: check a reply before the host accepts it (nothing is stored yet: `messageID` 0,
    /// `idempotencyKey` empty). Throw `PluginError.invalid(field:message:)` to refuse it, naming the
    /// field as the REST reply body does ("text", "attachments[0]", "rich.parameters[1]"); the
    /// sender gets 400 at once instead of a reply that fails later. Local checks only, never the
    /// provider: the sender is waiting. Any other error lets the reply through (deliver decides).
    /// Only called when `validatesOutbound` is true. Default: accepts everything.
    func validateOutbound(_ message: OutboundMessage) throws
    /// ABI 1.3: an admin operation the manifest declares with scope "plugin": no instance is
    /// involved, and `host` reaches no instance's data (log, credentials and HTTP only). Return
    /// the result; throw `AdminFailure` (or `PluginError.invalid(field:…)`, 400) to refuse.
    /// Runs on a host thread, concurrently with anything. Default: 404.
    static func adminCall(_ request: AdminRequest, host: PluginHost) throws -> JSON
    /// ABI 1.3: an admin operation the manifest declares with scope "instance", on this running
    /// instance; a data call like `handle`. Default: 404.
    func adminCall(_ request: AdminRequest) throws -> JSON
    /// ABI 1.3: perform a channel action an Agent Stack chose. `.sent` when done, `.rejected` or
    /// `.retry` with the reason (the model and the record see it). Only called when
    /// `performsActions` is true. Default: throws `.unsupported`.
    func performAction(_ request: ActionRequest) throws -> DeliveryResult
}

extension ChannelPlugin {
    public static var flags: PluginFlags { [] }
    public static var minHostMinor: UInt32 { carriesSideConversations ? 1 : 0 }
    public static var carriesSideConversations: Bool { false }
    public static var validatesOutbound: Bool { false }
    public static var performsActions: Bool { false }
    public func performAction(_ request: ActionRequest) throws -> DeliveryResult {
        throw PluginError.unsupported("\(Self.id) offers no channel actions")
    }
    public func start() throws {}
    public func stop() {}
    public func timerFired(_ id: UInt64) {}
    public func streamClosed(_ id: UInt64) {}
    public func conversationSignal(conversationID: String, type: String, dataJSON: String) {}
    public func validateOutbound(_ message: OutboundMessage) throws {}
    public static func adminCall(_ request: AdminRequest, host: PluginHost) throws -> JSON {
        throw AdminFailure(status: 404, message: "\(id) offers no admin operation \(request.operation) on the plugin")
    }
    public func adminCall(_ request: AdminRequest) throws -> JSON {
        throw AdminFailure(status: 404, message: "\(Self.id) offers no admin operation \(request.operation) on an instance")
    }
    public func deliverSide(_ message: SideMessage) throws -> DeliveryResult {
        throw PluginError.unsupported("\(Self.id) carries no side conversations")
    }
}
