extension IVRNode {
    static let exitPattern = "lowercase letters, digits and _"

    /// Reads `nodes.<id>`: `type`, `params` and `exits`.
    static func parse(id: String, fields: IVRFields) throws(IVRFlowError) -> IVRNode {
        let type = try fields.string("type")
        let params = try fields.optionalObject("params") ?? IVRFields(object: [:], path: fields.field("params"))
        let kind = try parseKind(type: type, params: params, fields: fields)
        var exits: [String: String] = [:]
        if let wired = try fields.optionalObject("exits") {
            for (name, target) in wired.object {
                guard kind.exitNames.contains(name) else { throw wired.fail(name, "is not an exit of a \(type) node") }
                if target.isNull { continue }
                guard let node = target.stringValue else { throw wired.fail(name, "must name a node") }
                if !node.isEmpty { exits[name] = node }
            }
        }
        return IVRNode(id: id, type: type, kind: kind, exits: exits, speech: try params.speechSettings())
    }

    private static func parseKind(type: String, params p: IVRFields, fields: IVRFields) throws(IVRFlowError) -> IVRNodeKind {
        switch type {
        case "say": return .say(text: try p.string("text"))
        case "menu": return .menu(try parseMenu(p))
        case "collect":
            return .collect(IVRCollect(
                prompt: try p.string("prompt"), variable: try p.string("variable"),
                numDigits: try p.optionalInt("numDigits", in: 1...32), finishOnKey: try p.optionalString("finishOnKey") ?? "#",
                timeoutSeconds: try p.int("timeoutSec", default: 5, in: 1...60),
                maxAttempts: try p.int("maxAttempts", default: 3, in: 1...5)))
        case "branch":
            var cases: [IVRBranchCase] = []
            for c in try p.objects("cases") {
                let exit = try exitName(c, "exit")
                let values = try c.strings("equals")
                if values.isEmpty { throw c.fail("equals", "needs at least one value") }
                cases.append(IVRBranchCase(exit: exit, variable: try c.string("variable"), values: values))
            }
            if cases.isEmpty { throw p.fail("cases", "needs at least one case") }
            try unique(cases.map(\.exit), reserved: ["default"], in: p, list: "cases")
            return .branch(IVRBranch(cases: cases))
        case "hours_check": return .hoursCheck(scheduleID: try p.string("scheduleId"))
        case "queue":
            return .queue(queueID: try p.string("queueId"), maxWaitSeconds: try p.int("maxWaitSec", default: 600, in: 10...7200),
                          offersCallback: try p.bool("offerCallback", default: false))
        case "callback": return .callback(queueID: try p.optionalString("queueId"))
        case "dial": return .dial(number: try p.string("number"), timeoutSeconds: try p.int("timeoutSec", default: 30, in: 5...600))
        case "record":
            return .record(prompt: try p.optionalString("prompt"), maxLengthSeconds: try p.int("maxLengthSec", default: 120, in: 1...3600),
                           transcribe: try p.bool("transcribe", default: false))
        case "send_sms": return .sendSMS(instance: try p.string("instance"), text: try p.string("text"))
        case "route_to_channel":
            return .routeToChannel(instance: try p.string("instance"), text: try p.string("text"), goodbye: try p.optionalString("goodbye"))
        case "ai_agent":
            let outcomes = try p.strings("outcomes").map { "outcome_" + $0 }
            try unique(outcomes, reserved: ["resolved", "human", "timeout", "error"], in: p, list: "outcomes")
            return .aiAgent(stackID: try p.string("stackId"), maxTurns: try p.int("maxTurns", default: 8, in: 1...30), outcomes: outcomes)
        case "hangup": return .hangUp(goodbye: try p.optionalString("goodbye"))
        default: throw fields.fail("type", "unknown node type '\(type)'")
        }
    }

    private static func parseMenu(_ p: IVRFields) throws(IVRFlowError) -> IVRMenu {
        var inputs: [IVRInputMode] = []
        for (index, name) in try p.strings("input").enumerated() {
            guard let mode = IVRInputMode(rawValue: name) else { throw p.fail("input.\(index)", "must be dtmf or speech") }
            inputs.append(mode)
        }
        if inputs.isEmpty { inputs = [.dtmf] }
        var options: [IVRMenuOption] = []
        for o in try p.objects("options") {
            let digits = try o.optionalString("digits")
            let phrases = try o.strings("phrases")
            if digits == nil && phrases.isEmpty { throw o.fail("digits", "an option needs digits or phrases") }
            options.append(IVRMenuOption(exit: try exitName(o, "exit"), digits: digits, phrases: phrases))
        }
        if options.isEmpty { throw p.fail("options", "needs at least one option") }
        try unique(options.map(\.exit), reserved: ["no_match", "timeout", "max_attempts"], in: p, list: "options")
        var keys: Set<String> = []
        for (index, option) in options.enumerated() {
            if let digits = option.digits, !keys.insert(digits).inserted {
                throw p.fail("options.\(index).digits", "the key \(digits) already picks another option")
            }
        }
        return IVRMenu(prompt: try p.string("prompt"), inputs: inputs, timeoutSeconds: try p.int("timeoutSec", default: 5, in: 1...60),
                       maxAttempts: try p.int("maxAttempts", default: 3, in: 1...5), options: options)
    }

    private static func exitName(_ fields: IVRFields, _ key: String) throws(IVRFlowError) -> String {
        let name = try fields.string(key)
        guard name.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }) else {
            throw fields.fail(key, "an exit name uses \(exitPattern)")
        }
        return name
    }

    private static func unique(_ names: [String], reserved: Set<String>, in p: IVRFields, list: String) throws(IVRFlowError) {
        var seen: Set<String> = []
        for (index, name) in names.enumerated() {
            guard !reserved.contains(name), seen.insert(name).inserted else {
                throw p.fail("\(list).\(index)", "exit '\(name)' is used twice or reserved")
            }
        }
    }
}
