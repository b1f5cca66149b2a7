extension IVRNode {
    /// The exit an input takes from this waiting node, with its path label, and the variables it sets.
    func resume(with input: IVRInput) -> (exit: String, label: String, variables: [String: String])? {
        switch (kind, input) {
        case (.menu, .timeout), (.collect, .timeout): return ("timeout", "timeout", [:])
        case (.menu(let menu), .digits(let digits)):
            guard let option = menu.option(digits: digits) else { return ("no_match", "no match (\(digits))", [:]) }
            return (option.exit, digits, [:])
        case (.menu(let menu), .speech(let speech)):
            guard let option = menu.option(speech: speech) else { return ("no_match", "no match (\"\(speech)\")", [:]) }
            return (option.exit, "\"\(speech)\"", [:])
        case (.collect(let collect), .digits(let digits)):
            guard let value = collect.accept(digits) else { return ("invalid", "invalid", [:]) }
            return ("ok", "ok", [collect.variable: value])
        case (.queue(_, _, let offersCallback), .queueResult(let result)):
            if result == .callbackRequested && !offersCallback { return nil }
            return (result.rawValue, result.rawValue, [:])
        case (.dial, .dialResult(let result)): return (result.rawValue, result.rawValue, [:])
        case (.record, .recording(let url?)): return ("recorded", "recorded", ["recording_url": url])
        case (.record, .recording(nil)): return ("no_audio", "no audio", [:])
        case (.aiAgent(_, _, let outcomes), .agentOutcome(let outcome)):
            if ["resolved", "human", "timeout", "error"].contains(outcome) { return (outcome, outcome, [:]) }
            return outcomes.contains("outcome_" + outcome) ? ("outcome_" + outcome, outcome, [:]) : ("error", "error", [:])
        default: return nil
        }
    }
}
