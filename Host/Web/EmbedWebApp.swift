import Foundation
import PackagePlugin

/// Embeds a folder of web files (HTML, CSS, JS, JSON) into the target it is applied to, as a
/// generated Swift source (`<name>.files`), so a binary always serves the files of its own commit:
/// no copy step, no folder to find at run time. Two targets use it: the host (the agents' web app,
/// Host/Web/app → `EmbeddedWebApp`) and the web chat plugin (its widget, Plugins/WebChat/Widget →
/// `EmbeddedWidget`).
///
/// The command's inputs are the folder's files, so editing one re-embeds it. Each folder sits
/// inside a target's folder (excluded from its sources) on purpose: SwiftPM re-plans the build, and
/// so asks this plugin for the file list again, when the folder structure of a target changes — a
/// file added to the folder is picked up at the next build.
@main
struct EmbedWebApp: BuildToolPlugin {
    /// What each target that applies this plugin embeds: a folder (relative to the package) and
    /// the name of the generated enum.
    static let bundles: [String: [(folder: String, name: String)]] = [
        // The OpenAPI document's data files (base, components, paths/<area>.json) → `EmbeddedOpenAPI`.
        "SwitchboardTransport": [("Host/Web/app", "EmbeddedWebApp"), ("Host/Transport/REST/OpenAPI", "EmbeddedOpenAPI")],
        "WebChatChannel": [("Plugins/WebChat/Widget", "EmbeddedWidget")],
        // `switchboard plugins new` and `plugins sdk`: the plugin templates and the ABI header.
        "SwitchboardCLI": [("Host/CLI/PluginTemplates", "EmbeddedPluginTemplates"), ("PluginAPI/C/include", "EmbeddedPluginHeader")],
    ]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let bundles = Self.bundles[target.name] else {
            Diagnostics.error("EmbedWebApp does not know what to embed into \(target.name): add it to EmbedWebApp.bundles")
            return []
        }
        let script = context.package.directoryURL.appending(path: "Host/Web/embed.sh")
        return try bundles.map { bundle in
            let folder = context.package.directoryURL.appending(path: bundle.folder)
            let output = context.pluginWorkDirectoryURL.appending(path: "\(bundle.name).swift")
            return .buildCommand(displayName: "Embedding \(bundle.folder)",
                                 executable: URL(fileURLWithPath: "/bin/sh"),
                                 arguments: [script.path, folder.path, output.path, bundle.name, bundle.folder],
                                 inputFiles: [script] + (try Self.files(under: folder)),
                                 outputFiles: [output])
        }
    }

    /// Every regular file under root (dot files skipped).
    static func files(under root: URL) throws -> [URL] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else { return [] }
        var files: [URL] = []
        for case let url as URL in walker where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }
}
