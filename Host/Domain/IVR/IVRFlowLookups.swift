extension IVRFlow {
    /// The schedule ids its hours checks read, in node order.
    public var scheduleIDs: [String] {
        nodeOrder.compactMap { id in
            if case .hoursCheck(let scheduleID) = nodes[id]?.kind { return scheduleID }
            return nil
        }
    }

    /// The queue ids its queue and callback nodes send calls to, in node order.
    public var queueIDs: [String] {
        nodeOrder.compactMap { id in
            switch nodes[id]?.kind {
            case .queue(let queueID, _, _), .callback(let queueID?): return queueID
            default: return nil
            }
        }
    }

    /// The flow with the schedules its hours checks name filled in from outside (the host's stored
    /// schedules), for those the definition does not carry itself. One that `lookup` does not find stays
    /// missing, which validation reports and a call takes as the check's `error` exit.
    public func resolvingSchedules(_ lookup: (String) -> IVRSchedule?) -> IVRFlow {
        var flow = self
        for id in scheduleIDs where flow.schedules[id] == nil {
            if let schedule = lookup(id) { flow.schedules[id] = schedule }
        }
        return flow
    }
}
