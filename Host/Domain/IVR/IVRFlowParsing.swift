import SwitchboardSupport

extension IVRFlow {
    /// Reads a definition. Structure and parameter errors throw, naming the field; wiring, reachability,
    /// loops, zones and references are the validator's, which lists every problem at once.
    public static func parse(_ text: String) throws(IVRFlowError) -> IVRFlow {
        let json: JSON
        do { json = try JSON.parse(text) } catch { throw IVRFlowError(field: "", message: "not JSON: \(error)") }
        return try parse(json)
    }

    public static func parse(_ json: JSON) throws(IVRFlowError) -> IVRFlow {
        guard let object = json.objectValue else { throw IVRFlowError(field: "", message: "a flow is a JSON object") }
        let root = IVRFields(object: object, path: "")
        let settings = try root.optionalObject("settings") ?? IVRFields(object: [:], path: "settings")
        let limits = IVRLimits(
            maxSteps: try settings.int("maxSteps", default: 200, in: 10...1000),
            maxNodeVisits: try settings.int("maxNodeVisits", default: 8, in: 2...50),
            maxSeconds: try settings.int("maxIvrSeconds", default: 900, in: 30...7200),
            guardNode: try settings.string("guardExit"))
        let nodeFields = try root.requiredObject("nodes")
        var nodes: [String: IVRNode] = [:]
        for key in nodeFields.object.keys {
            guard let inner = try nodeFields.optionalObject(key) else { throw nodeFields.fail(key, "must be an object") }
            nodes[key] = try IVRNode.parse(id: key, fields: inner)
        }
        var schedules: [String: IVRSchedule] = [:]
        if let scheduleFields = try root.optionalObject("schedules") {
            for key in scheduleFields.object.keys {
                schedules[key] = try IVRSchedule.parse(try scheduleFields.requiredObject(key))
            }
        }
        return IVRFlow(entry: try root.string("entry"), limits: limits, nodes: nodes,
                       nodeOrder: nodeFields.object.keys, schedules: schedules, speech: try settings.speechSettings(),
                       onHangup: try root.optionalString("onHangup"))
    }
}
