/// Where a waiting item stands: a live caller on hold, or a callback that keeps the caller's place.
public enum VoiceQueueEntryStatus: String, Sendable, CaseIterable {
    /// A live caller on hold in the provider's queue.
    case waiting
    /// A caller who asked to be called back; waits for an agent, within the schedule, until due.
    case callbackWaiting = "callback_waiting"
    /// The callback's outbound leg is being placed.
    case dialing
    case answered
    case abandoned
    case maxWait = "max_wait"
    /// The callback reached the caller.
    case completed
    /// The callback ran out of attempts.
    case failed
    /// The caller called in again (or an admin cancelled it).
    case cancelled

    /// Still holding a place in the queue.
    public var holdsPlace: Bool { self == .waiting || self == .callbackWaiting || self == .dialing }
}

/// One caller's place in a voice queue. `virtualEnqueuedAt` is when the caller first joined:
/// a callback and a re-call keep it, so asking for a callback never costs the place.
public struct VoiceQueueEntry: Sendable, Equatable {
    public var id: String
    public var queueID: String
    public var status: VoiceQueueEntryStatus
    /// The live call's CallSid (nil for a callback placed later).
    public var callSid: String?
    /// The caller's number (E.164): who a callback dials.
    public var number: String
    /// The number the caller dialled: a callback calls from it.
    public var calledNumber: String?
    public var conversationID: String?
    public var virtualEnqueuedAt: Int64
    public var attempts: Int
    public var maxAttempts: Int
    public var retryDelaySeconds: Int
    /// A callback is not dialled before this (retry delay after a failed attempt).
    public var nextAttemptAt: Int64?
    public var agentID: String?
    /// A callback is placed only while this schedule is open (nil: any time).
    public var scheduleID: String?
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(id: String, queueID: String, status: VoiceQueueEntryStatus, callSid: String?, number: String, calledNumber: String?,
                conversationID: String?, virtualEnqueuedAt: Int64, attempts: Int, maxAttempts: Int, retryDelaySeconds: Int,
                nextAttemptAt: Int64?, agentID: String?, scheduleID: String? = nil, createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.queueID = queueID
        self.status = status
        self.callSid = callSid
        self.number = number
        self.calledNumber = calledNumber
        self.conversationID = conversationID
        self.virtualEnqueuedAt = virtualEnqueuedAt
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.retryDelaySeconds = retryDelaySeconds
        self.nextAttemptAt = nextAttemptAt
        self.agentID = agentID
        self.scheduleID = scheduleID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var isCallback: Bool { status == .callbackWaiting || status == .dialing || status == .completed || status == .failed }
}
