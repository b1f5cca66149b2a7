extension PluginHost {
    /// The secret a configuration names by credential id under `field`. An absent, unknown or
    /// empty credential is the configuration's fault: throws `PluginError.invalid` naming `field`,
    /// so the operator learns which setting to fix (never the value).
    public func credential(field: String, in config: JSONObject) throws -> String {
        guard let id = config[field]?.stringValue, !id.isEmpty else { throw PluginError.invalid(field: field, message: "is required") }
        let value: String
        do {
            value = try credential(id)
        } catch PluginError.notFound {
            throw PluginError.invalid(field: field, message: "credential \"\(id)\" does not exist")
        }
        guard !value.isEmpty else { throw PluginError.invalid(field: field, message: "credential \"\(id)\" is empty") }
        return value
    }
}
