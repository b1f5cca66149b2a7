import SwitchboardSupport

/// The credentials one plugin context may read with credential_get: exactly those its
/// configuration (or, for a plugin-scope admin call, its arguments) names in the fields the
/// manifest lists under `credentials`. Any other id is refused, so a plugin cannot read the
/// secrets of other channels by guessing their ids.
struct CredentialScope: Sendable, Equatable {
    private(set) var ids: Set<String> = []

    static let none = CredentialScope()

    /// The ids named by `object`'s credential fields (string values only; others name nothing).
    static func named(by object: JSONObject, fields: [String]) -> CredentialScope {
        CredentialScope(ids: Set(fields.compactMap { object[$0]?.stringValue }.filter { !$0.isEmpty }))
    }

    /// As `named(by:fields:)` on a configuration document; one that is not a JSON object names nothing.
    static func named(byConfig configJSON: String, fields: [String]) -> CredentialScope {
        guard let object = (try? JSON.parse(configJSON))?.objectValue else { return .none }
        return named(by: object, fields: fields)
    }

    func admits(_ id: String) -> Bool { ids.contains(id) }
}
