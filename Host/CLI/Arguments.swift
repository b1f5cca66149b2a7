/// A small argument reader: positional words and --name value / --flag options.
struct Arguments {
    private(set) var positional: [String] = []
    private var options: [String: String] = [:]
    private var flags: Set<String> = []

    init(_ words: [String], flags knownFlags: Set<String> = ["help", "h", "disabled", "json", "secret-stdin", "password-stdin", "take-over", "cc-customer",
                                                                          "sms", "mms", "voice", "drafts",
                                                                          "wait", "yes", "data-requests", "replace"]) throws {
        var i = 0
        while i < words.count {
            let word = words[i]
            if word.hasPrefix("--") || (word.hasPrefix("-") && word.count == 2) {
                var name = String(word.drop { $0 == "-" })
                if let eq = name.firstIndex(of: "=") {
                    options[String(name[..<eq])] = String(name[name.index(after: eq)...])
                    name = ""
                } else if knownFlags.contains(name) {
                    flags.insert(name)
                } else {
                    guard i + 1 < words.count else { throw CLIError("--\(name) needs a value") }
                    options[name] = words[i + 1]
                    i += 1
                }
            } else {
                positional.append(word)
            }
            i += 1
        }
    }

    func option(_ name: String) -> String? { options[name] }
    func flag(_ name: String) -> Bool { flags.contains(name) }
    var wantsHelp: Bool { flag("help") || flag("h") }

    func word(_ index: Int, _ what: String) throws -> String {
        guard index < positional.count else { throw CLIError("missing \(what)") }
        return positional[index]
    }
}

struct CLIError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
