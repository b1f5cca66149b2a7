import Foundation
import PackagePlugin

/// Embeds the web app (Host/Web/app) into the target it is applied to, as a generated Swift
/// source (`EmbeddedWebApp.files`). It runs at every build whose inputs changed, so the
/// binary always serves the app of its own commit: no copy step, no folder to find at run time.
@main
struct EmbedWebApp: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL.appending(path: "Host/Web/app")
        let paths = try Self.files(under: root)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedWebApp.swift")
        return [.buildCommand(displayName: "Embedding the web app (\(paths.count) files)",
                              executable: try context.tool(named: "WebEmbed").url,
                              // The paths are arguments, so a file added or removed changes the command and it runs again.
                              arguments: [root.path, output.path] + paths,
                              inputFiles: paths.map { root.appending(path: $0) },
                              outputFiles: [output])]
    }

    /// Every regular file under root (dot files skipped), relative, sorted.
    static func files(under root: URL) throws -> [String] {
        let rootPath = root.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else { return [] }
        var paths: [String] = []
        for case let url as URL in walker where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(rootPath + "/") else { continue }
            paths.append(String(path.dropFirst(rootPath.count + 1)))
        }
        return paths.sorted()
    }
}
