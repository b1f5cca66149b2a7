import PluginKit

/// What the instance handling a shared webhook post needs to act for the sibling that owns an
/// asset: the owner's own access token (a Page token belongs to its Page). The owner records
/// which credential holds it in its key-value state; the handler reads that through the owner's
/// services, so nothing is shared between instances but what the host hands over.
enum OwnerContext {
    static let tokenCredentialKey = "config/access_token_credential"

    /// Called by every instance when it starts and when it is reconfigured.
    static func remember(_ connection: MetaConnection, on host: PluginHost) throws {
        try host.kvSet(tokenCredentialKey, connection.accessTokenCredential)
    }

    /// A Graph client with the owner's token, on the handler's connection (the same app); nil
    /// when the owner has not recorded its token yet (it is still starting).
    static func graph(for owner: PluginHost, connection: MetaConnection) -> GraphClient? {
        guard let id = owner.storedString(tokenCredentialKey), let token = try? owner.credential(id), !token.isEmpty else {
            return nil
        }
        var ownerConnection = connection
        ownerConnection.accessToken = token
        ownerConnection.accessTokenCredential = id
        return GraphClient(host: owner, connection: ownerConnection)
    }
}
