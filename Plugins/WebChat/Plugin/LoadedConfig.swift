import PluginKit
import WebChatLogic

/// The configuration in force, with what is derived from it: the widget secret (fetched from the
/// host's credentials by id) and the origin policy.
struct LoadedConfig: Sendable {
    let config: WidgetConfig
    let secret: String
    let origins: OriginPolicy

    /// Throws `PluginError.invalid` naming the setting at fault (the host answers the operator 400).
    static func load(configJSON: String, host: PluginHost, info: InstanceInfo) throws -> LoadedConfig {
        let config: WidgetConfig
        do {
            config = try WidgetConfig.parse(configJSON, languages: WidgetAssets.languages)
        } catch {
            throw PluginError.invalid(field: error.field, message: error.message)
        }
        let secret: String
        do {
            secret = try host.credential(config.secretCredential)
        } catch PluginError.notFound {
            throw PluginError.invalid(field: "secret_credential", message: "credential \"\(config.secretCredential)\" does not exist")
        }
        // The secret signs every visitor token and the site's user hashes: a short one is guessable.
        guard secret.utf8.count >= 16 else {
            throw PluginError.invalid(field: "secret_credential", message: "the widget secret must be at least 16 bytes long")
        }
        return LoadedConfig(config: config, secret: secret, origins: OriginPolicy(allowed: config.allowedOrigins, own: ownOrigin(info)))
    }

    /// The host's own origin (its public URL without the path), which may always use the widget.
    static func ownOrigin(_ info: InstanceInfo) -> String? {
        let url = info.publicBaseURL
        guard let scheme = url.firstRange(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        return String(url[..<scheme.upperBound]) + rest.prefix { $0 != "/" }
    }
}
