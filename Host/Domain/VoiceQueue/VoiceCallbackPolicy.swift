/// How often and how far apart a callback is tried (Amazon Connect's MaximumConnectionAttempts and
/// RetryDelaySeconds); stored with each callback so a change of policy doesn't rewrite waiting ones.
public struct VoiceCallbackPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var retryDelaySeconds: Int

    public static let attemptsRange = 1...10
    public static let retryDelayRange = 30...86_400
    public static let standard = VoiceCallbackPolicy(maxAttempts: 3, retryDelaySeconds: 300)

    public init(maxAttempts: Int, retryDelaySeconds: Int) {
        self.maxAttempts = maxAttempts
        self.retryDelaySeconds = retryDelaySeconds
    }

    /// What follows one attempt's dial result.
    public enum Next: Sendable, Equatable {
        case completed
        /// Try again no earlier than then; the place in the queue is kept.
        case retry(atMillis: Int64)
        case failed
    }

    /// `attempts` counts the attempt that just ended.
    public func next(after result: IVRDialResult, attempts: Int, nowMillis: Int64) -> Next {
        if result == .completed { return .completed }
        guard attempts < maxAttempts else { return .failed }
        return .retry(atMillis: nowMillis + Int64(retryDelaySeconds) * 1000)
    }
}
