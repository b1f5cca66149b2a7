/// Per-node and per-edge counts over stored calls, read back from each call's path, for the
/// editor's overlay: how many calls entered a node, how many ended there, how many took each exit.
public struct IVRFlowStats: Equatable, Sendable {
    public struct NodeCounts: Equatable, Sendable {
        public var entered = 0
        public var endedHere = 0

        public init(entered: Int = 0, endedHere: Int = 0) {
            self.entered = entered
            self.endedHere = endedHere
        }
    }

    public var nodes: [String: NodeCounts] = [:]
    /// "node:exit" → calls that left the node by that exit.
    public var edges: [String: Int] = [:]

    public init() {}

    /// Adds one call, walked on the flow of the revision it was pinned to. A call still under way
    /// counts where it went, not where it ended.
    public mutating func add(path: [String], ended: Bool, flow: IVRFlow) {
        guard flow.nodes[flow.entry] != nil else { return }
        var current = flow.entry
        nodes[current, default: NodeCounts()].entered += 1
        for entry in path {
            let parts = entry.split(separator: ": ", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                // A hang-up node writes its bare id, and the call ends there.
                if flow.nodes[entry] != nil { nodes[entry, default: NodeCounts()].endedHere += 1 }
                return
            }
            let id = String(parts[0]), label = String(parts[1])
            if id == "guard" {
                // The limit broke before the node was entered: the guard node is entered instead.
                nodes[current, default: NodeCounts()].entered -= 1
                current = flow.limits.guardNode
                nodes[current, default: NodeCounts()].entered += 1
                continue
            }
            guard let node = flow.nodes[id], let exit = node.exit(forPathLabel: label), let target = node.exits[exit] else { continue }
            edges["\(id):\(exit)", default: 0] += 1
            current = target
            nodes[current, default: NodeCounts()].entered += 1
        }
        if ended { nodes[current, default: NodeCounts()].endedHere += 1 }
    }
}

extension IVRNode {
    /// The exit behind a path label (`resume(with:)` writes the key pressed or the words heard, not the exit).
    func exit(forPathLabel label: String) -> String? {
        let names = kind.exitNames
        if names.contains(label) { return label }
        if label.hasPrefix("no match") { return "no_match" }
        switch kind {
        case .menu(let menu):
            if label.count >= 2, label.hasPrefix("\""), label.hasSuffix("\"") {
                return menu.option(speech: String(label.dropFirst().dropLast()))?.exit
            }
            return menu.option(digits: label)?.exit
        case .record: return label == "no audio" ? "no_audio" : nil
        case .aiAgent: return names.contains("outcome_" + label) ? "outcome_" + label : nil
        default: return nil
        }
    }
}
