/// What a channel can show a customer (mirrors `sb_capabilities`). The host downgrades replies
/// the channel cannot carry, so reply logic never needs to know the channel.
public struct PluginCapabilities: Sendable, Equatable {
    /// Kinds of content the channel renders.
    public struct Content: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        public static let text = Content(rawValue: 1 << 0)
        public static let images = Content(rawValue: 1 << 1)
        public static let files = Content(rawValue: 1 << 2)
        /// Cards, buttons, lists.
        public static let rich = Content(rawValue: 1 << 3)
    }

    public var content: Content
    /// The richest text format the channel renders.
    public var format: TextFormat
    /// In Unicode scalars; 0 means no limit.
    public var maxTextLength: UInt32

    public init(content: Content, format: TextFormat, maxTextLength: UInt32 = 0) {
        self.content = content
        self.format = format
        self.maxTextLength = maxTextLength
    }
}

/// Descriptor flags (mirrors `SB_PLUGIN_FLAG_*`).
public struct PluginFlags: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The host runs at most one data call per instance at a time, so the plugin needs no locks
    /// for per-instance state (at the cost of throughput).
    public static let serialCalls = PluginFlags(rawValue: 1 << 0)
}
