import PluginKit
import WebChatLogic

/// The configuration in force, with what is derived from it: the widget secret (fetched from the
/// host's credentials by id) and the origin policy.
struct LoadedConfig: Sendable {
    let config: WidgetConfig
    let secret: String
    let origins: OriginPolicy

    static let recommendedSecretBytes = 32

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
        guard !secret.isEmpty else {
            throw PluginError.invalid(field: "secret_credential", message: "credential \"\(config.secretCredential)\" is empty")
        }
        // The secret signs every visitor token and the site's user hashes: a short one can be guessed.
        if secret.utf8.count < recommendedSecretBytes {
            host.log(.warn, "the widget secret is \(secret.utf8.count) bytes; use at least \(recommendedSecretBytes) random bytes")
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
