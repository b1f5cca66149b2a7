/// The flow as a directed graph of node ids, for reachability and loop checks.
struct IVRGraph {
    let successors: [String: [String]]

    init(_ flow: IVRFlow) {
        var successors: [String: [String]] = [:]
        for id in flow.nodeOrder {
            let node = flow.nodes[id]!
            successors[id] = node.kind.exitNames.compactMap { node.exits[$0] }.filter { flow.nodes[$0] != nil }
        }
        self.successors = successors
    }

    /// Nodes reachable from the starts (included).
    func reachable(from starts: [String]) -> Set<String> {
        var seen = Set(starts.filter { successors[$0] != nil })
        var stack = Array(seen)
        while let id = stack.popLast() {
            for next in successors[id] ?? [] where seen.insert(next).inserted { stack.append(next) }
        }
        return seen
    }

    /// Nodes from which one of the targets can be reached (targets included).
    func reaching(_ targets: Set<String>) -> Set<String> {
        var predecessors: [String: [String]] = [:]
        for (id, nexts) in successors { for next in nexts { predecessors[next, default: []].append(id) } }
        var seen = targets
        var stack = Array(targets)
        while let id = stack.popLast() {
            for previous in predecessors[id] ?? [] where seen.insert(previous).inserted { stack.append(previous) }
        }
        return seen
    }

    /// Strongly connected components that hold a cycle (Tarjan), among `members` when given.
    func cycles(order: [String], within members: Set<String>? = nil) -> [Set<String>] {
        func next(_ id: String) -> [String] { (successors[id] ?? []).filter { members?.contains($0) ?? true } }
        var index: [String: Int] = [:]
        var lowLink: [String: Int] = [:]
        var onStack: Set<String> = []
        var stack: [String] = []
        var components: [Set<String>] = []
        var counter = 0

        func connect(_ id: String) {
            index[id] = counter
            lowLink[id] = counter
            counter += 1
            stack.append(id)
            onStack.insert(id)
            for next in next(id) {
                if index[next] == nil {
                    connect(next)
                    lowLink[id] = min(lowLink[id]!, lowLink[next]!)
                } else if onStack.contains(next) {
                    lowLink[id] = min(lowLink[id]!, index[next]!)
                }
            }
            guard lowLink[id] == index[id] else { return }
            var component: Set<String> = []
            while let top = stack.popLast() {
                onStack.remove(top)
                component.insert(top)
                if top == id { break }
            }
            if component.count > 1 || next(id).contains(id) { components.append(component) }
        }
        for id in order where index[id] == nil && (members?.contains(id) ?? true) { connect(id) }
        return components
    }
}
