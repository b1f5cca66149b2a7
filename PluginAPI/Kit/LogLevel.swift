/// Severity of a line written with `PluginHost.log` (mirrors `SB_LOG_*`).
public enum LogLevel: Int32, Sendable {
    case debug = 0
    case info = 1
    case warn = 2
    case error = 3
}
