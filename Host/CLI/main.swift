#if canImport(Glibc)
import Glibc
#endif

// Block the shutdown signals before any thread starts, so every thread inherits the mask
// and only ShutdownSignal.wait receives them.
var shutdownSignals = sigset_t()
sigemptyset(&shutdownSignals)
sigaddset(&shutdownSignals, SIGINT)
sigaddset(&shutdownSignals, SIGTERM)
pthread_sigmask(SIG_BLOCK, &shutdownSignals, nil)
signal(SIGPIPE, SIG_IGN)

let words = Array(CommandLine.arguments.dropFirst())
do {
    let args = try Arguments(words)
    switch args.positional.first {
    case "serve": try Commands.serve(args)
    case "plugins": try Commands.plugins(args)
    case "channels": try Commands.channels(args)
    case "credentials": try Commands.credentials(args)
    case "keys": try Commands.keys(args)
    case "agents": try Commands.agents(args)
    case "knowledge": try StackCommands.knowledge(args)
    case "stacks": try StackCommands.stacks(args)
    case "side": try SideCommands.side(args)
    case "numbers": try NumberCommands.numbers(args)
    case "contacts": try PrivacyCommands.contacts(args)
    case "security": try PrivacyCommands.security(args)
    case "store": try StoreCommands.store(args)
    case nil where args.wantsHelp, "help": print(Help.top)
    case nil:
        print(Help.top)
        exit(2)
    case let other?:
        throw CLIError("unknown command \(other)\n\n\(Help.top)")
    }
} catch {
    var message = "switchboard: \(error)\n"
    _ = message.withUTF8 { write(2, $0.baseAddress, $0.count) }
    exit(1)
}
