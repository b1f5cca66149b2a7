/// How a team picks an agent for a conversation. Only available agents under their capacity
/// are candidates; when none qualifies the conversation waits in the team's queue.
public enum AssignmentStrategy: String, Sendable, CaseIterable {
    /// In turn, after the agent who got the previous one.
    case roundRobin = "round_robin"
    /// The agent with the fewest active conversations.
    case capacity
    /// Agents with every skill the conversation needs (its topic, and tags that are skills); fewest active first.
    case skill
    /// Agents who take the conversation's channel instance; fewest active first.
    case channel

    /// An agent who could take a conversation now.
    public struct Candidate: Sendable, Equatable {
        public var agentID: String
        public var active: Int
        public var skills: Set<String>
        public var channelInstanceIDs: Set<String>

        public init(agentID: String, active: Int, skills: Set<String> = [], channelInstanceIDs: Set<String> = []) {
            self.agentID = agentID
            self.active = active
            self.skills = skills
            self.channelInstanceIDs = channelInstanceIDs
        }
    }

    /// What the conversation needs.
    public struct Need: Sendable, Equatable {
        public var requiredSkills: Set<String>
        public var channelInstanceID: String
        /// Round-robin: the agent who got the team's previous conversation.
        public var lastAssignedAgent: String?

        public init(requiredSkills: Set<String>, channelInstanceID: String, lastAssignedAgent: String?) {
            self.requiredSkills = requiredSkills
            self.channelInstanceID = channelInstanceID
            self.lastAssignedAgent = lastAssignedAgent
        }
    }

    /// The agent to assign, or nil to wait in the queue. Candidates are already available and under capacity.
    public func pick(from candidates: [Candidate], for need: Need) -> String? {
        let fewestActive: ([Candidate]) -> String? = { pool in
            pool.min { ($0.active, $0.agentID) < ($1.active, $1.agentID) }?.agentID
        }
        switch self {
        case .roundRobin:
            let ordered = candidates.map(\.agentID).sorted()
            guard let last = need.lastAssignedAgent else { return ordered.first }
            return ordered.first { $0 > last } ?? ordered.first
        case .capacity:
            return fewestActive(candidates)
        case .skill:
            return fewestActive(candidates.filter { need.requiredSkills.isSubset(of: $0.skills) })
        case .channel:
            return fewestActive(candidates.filter { $0.channelInstanceIDs.contains(need.channelInstanceID) })
        }
    }
}
