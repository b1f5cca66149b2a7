/// The Server-Sent Events wire format (WHATWG HTML, "server-sent events"): fields "id", "event",
/// "data", one per line, a blank line ends the event. A data value with line breaks takes one
/// "data:" line per line. An event without "id" leaves the browser's last event id alone, so only
/// messages carry one and a reconnect resumes after the last message seen.
public enum ServerSentEvents {
    public static func event(_ name: String, data: String, id: Int64? = nil) -> String {
        var out = ""
        if let id { out += "id: \(id)\n" }
        out += "event: \(name)\n"
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
            out += "data: \(line.last == "\r" ? line.dropLast() : line)\n"
        }
        return out + "\n"
    }

    /// Tells EventSource how long to wait before reconnecting.
    public static func retry(milliseconds: Int) -> String { "retry: \(milliseconds)\n\n" }

    public static let heartbeat = ": ping\n\n"
}
