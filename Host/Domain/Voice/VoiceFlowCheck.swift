import SwitchboardSupport

/// Validation of a flow definition against the host: the engine's rules, with the schedules its hours
/// checks name resolved from the stored ones. A definition that does not parse is one problem naming its field.
public enum VoiceFlowCheck {
    public static func problems(definition: String, references: VoiceReferences, schedule: (String) -> IVRSchedule?) -> [IVRProblem] {
        do {
            return try IVRFlow.parse(definition).resolvingSchedules(schedule).validate(references: references)
        } catch {
            return [IVRProblem(.error, "invalid_definition", node: nodeID(of: error.field), "\(error.field.isEmpty ? "definition" : error.field): \(error.message)")]
        }
    }

    public static func isValid(_ problems: [IVRProblem]) -> Bool { !problems.contains { $0.severity == .error } }

    /// "nodes.menu.params.prompt" → "menu".
    static func nodeID(of field: String) -> String? {
        let parts = field.split(separator: ".", maxSplits: 2)
        return parts.count >= 2 && parts[0] == "nodes" ? String(parts[1]) : nil
    }
}

extension Store {
    /// Problems of a definition, the store answering references and schedules.
    public func voiceFlowProblems(definition: String, channelKind: (String) -> String?) throws -> [IVRProblem] {
        let references = try voiceReferences(channelKind: channelKind)
        let schedules = try Dictionary(voiceSchedules().map { ($0.id, $0.ivrSchedule) }, uniquingKeysWith: { a, _ in a })
        return VoiceFlowCheck.problems(definition: definition, references: references, schedule: { schedules[$0] })
    }
}
