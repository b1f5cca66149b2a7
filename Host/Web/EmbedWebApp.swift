import Foundation
import PackagePlugin

/// Embeds the web app (Host/Web/app) into the target it is applied to, as a generated Swift
/// source (`EmbeddedWebApp.files`), so the binary always serves the app of its own commit: no
/// copy step, no folder to find at run time.
///
/// The command's inputs are the app's files, so editing one re-embeds the app. The app folder
/// sits inside this plugin target's folder (excluded from its sources) on purpose: SwiftPM
/// re-plans the build, and so asks this plugin for the file list again, when the folder
/// structure of a target changes — a file added to the app is picked up at the next build.
@main
struct EmbedWebApp: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let web = context.package.directoryURL.appending(path: "Host/Web")
        let app = web.appending(path: "app")
        let script = web.appending(path: "embed.sh")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedWebApp.swift")
        return [.buildCommand(displayName: "Embedding the web app",
                              executable: URL(fileURLWithPath: "/bin/sh"),
                              arguments: [script.path, app.path, output.path],
                              inputFiles: [script] + (try Self.files(under: app)),
                              outputFiles: [output])]
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
