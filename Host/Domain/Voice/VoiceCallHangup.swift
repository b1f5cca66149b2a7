extension Store {
    /// The provider's word that the call is over (its status callback), whatever the seq: a call still
    /// in the flow ends there; then the flow's `onHangup` chain runs, once — the state records that it
    /// ran, in the same transaction as its texts, so a repeated callback runs nothing and a restart
    /// before the callback loses nothing. Nil when nothing changes (a repeated callback).
    func hangUpVoiceCall(_ call: VoiceCall, revision: IVRRevision, status: String?, nowMillis: Int64) throws -> VoiceStepAnswer? {
        var next = call
        var events: [IVREvent] = []
        do {
            if !call.state.ended {
                let step = try IVREngine.step(revision: revision, state: call.state, input: .hungUp, nowMillis: nowMillis)
                next.state = step.state
                next.status = status ?? "completed"
                next.endedAt = nowMillis
                next.lastAnswer = try answerJSON(seq: call.seq, step: step, conversationID: call.conversationID)
                events = step.events
            }
            let chain = try IVREngine.afterHangup(revision: revision, state: next.state, nowMillis: nowMillis)
            next.state = chain.state
            events += chain.events
        } catch let error as IVRStepError {
            throw VoiceCallError.invalid("the call's end could not run: \(error)")
        }
        // The flow's own end was recorded when it happened: the provider's word changes only the outcome.
        if call.state.ended, let status { next.status = status }
        guard next != call else { return nil }
        return try storeVoiceStep(from: call, to: next, events: events, nowMillis: nowMillis)
    }
}
