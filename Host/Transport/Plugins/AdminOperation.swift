import SwitchboardSupport

/// An operation a plugin offers operators (ABI 1.3 admin_call), declared in its manifest's
/// "admin_operations", so the host knows what it may call before any plugin code runs:
///
///     {"name": "number.release", "scope": "instance", "summary": "…", "after": "remove_instance"}
public struct AdminOperation: Sendable, Equatable {
    public enum Scope: String, Sendable {
        /// No instance involved (search a provider account before any instance exists).
        case plugin
        /// About one running instance (buy, adopt or release its number).
        case instance
    }

    /// What the host does once the plugin reported success.
    public enum After: String, Sendable {
        case nothing = "none"
        /// The instance's asset is gone (a released number): the host removes the instance,
        /// which frees its claims. Its conversations stay.
        case removeInstance = "remove_instance"
    }

    public var name: String
    public var scope: Scope
    public var summary: String
    public var after: After

    public var json: JSON {
        ["name": .string(name), "scope": .string(scope.rawValue), "summary": .string(summary), "after": .string(after.rawValue)]
    }

    /// The manifest's list; names are 1-64 characters of a-z, 0-9, '.', '_' or '-', each once.
    static func list(_ value: JSON?) throws(ManifestError) -> [AdminOperation] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw ManifestError("\"admin_operations\" must be an array") }
        var operations: [AdminOperation] = []
        for (index, item) in items.enumerated() {
            let at = "admin_operations[\(index)]"
            guard let name = item["name"]?.stringValue, isValidName(name) else {
                throw ManifestError("\(at).name must be 1-64 characters of a-z, 0-9, '.', '_' or '-'")
            }
            guard !operations.contains(where: { $0.name == name }) else { throw ManifestError("\(at).name: \"\(name)\" is declared twice") }
            guard let scopeName = item["scope"]?.stringValue, let scope = Scope(rawValue: scopeName) else {
                throw ManifestError("\(at).scope must be plugin or instance")
            }
            let afterName = item["after"]?.stringValue ?? After.nothing.rawValue
            guard let after = After(rawValue: afterName) else { throw ManifestError("\(at).after must be none or remove_instance") }
            guard after == .nothing || scope == .instance else { throw ManifestError("\(at).after: remove_instance needs scope instance") }
            operations.append(AdminOperation(name: name, scope: scope, summary: item["summary"]?.stringValue ?? "", after: after))
        }
        return operations
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name.utf8.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D
        }
    }
}
