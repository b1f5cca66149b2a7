import Foundation

extension Process {
    /// Waits for a started process at most `seconds`. Over that it is interrupted (SIGINT, so a
    /// script's cleanup runs), given `grace` seconds, then killed. False when it ran over.
    func finish(within seconds: TimeInterval, grace: TimeInterval = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning && Date() < deadline { usleep(100_000) }
        guard isRunning else { return true }
        kill(processIdentifier, SIGINT)
        let end = Date().addingTimeInterval(grace)
        while isRunning && Date() < end { usleep(100_000) }
        if isRunning { kill(processIdentifier, SIGKILL) }
        waitUntilExit()
        return false
    }
}
