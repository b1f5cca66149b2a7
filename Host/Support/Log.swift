#if canImport(Glibc)
import Glibc
#endif

/// Log levels, matching SB_LOG_* in the plugin header.
public enum LogLevel: Int32, Sendable, Comparable {
    case debug = 0, info = 1, warn = 2, error = 3
    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }
    var label: String { switch self { case .debug: "debug"; case .info: "info"; case .warn: "warn"; case .error: "error" } }
}

/// Line-oriented log to standard error: `<time> <level> [<component>] <message>`.
public struct Logger: Sendable {
    public let component: String
    public let minimum: LogLevel

    public init(_ component: String, minimum: LogLevel = .info) {
        self.component = component
        self.minimum = minimum
    }

    public func with(component: String) -> Logger { Logger(component, minimum: minimum) }

    public func log(_ level: LogLevel, _ message: @autoclosure () -> String) {
        guard level >= minimum else { return }
        let line = "\(Clock.iso8601(Clock.nowMillis())) \(level.label) [\(component)] \(message())\n"
        var bytes = Array(line.utf8); _ = write(2, &bytes, bytes.count)
    }

    public func debug(_ m: @autoclosure () -> String) { log(.debug, m()) }
    public func info(_ m: @autoclosure () -> String) { log(.info, m()) }
    public func warn(_ m: @autoclosure () -> String) { log(.warn, m()) }
    public func error(_ m: @autoclosure () -> String) { log(.error, m()) }
}
