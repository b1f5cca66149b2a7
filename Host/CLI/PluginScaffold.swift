import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// `switchboard plugins new` and `plugins sdk`: plugins built outside this repository, from the
/// templates and the header compiled into the binary (Host/CLI/PluginTemplates, the ABI header).
enum PluginScaffold {
    /// A plugin folder: manifest, a working echo channel, build file, README, fake provider, and
    /// tests (for C a harness with a fake host; for both an end-to-end script in the real host).
    static func new(_ args: Arguments) throws {
        guard let lang = args.option("lang"), lang == "c" || lang == "swift" else { throw CLIError("new needs --lang c or --lang swift") }
        let name = try args.word(2, "plugin NAME")
        guard (2...27).contains(name.count), name.first!.isASCII, name.first!.isLetter,
              name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
            throw CLIError("NAME: 2 to 27 of a-z, 0-9 and _, starting with a letter (it becomes the plugin id, channel kind and library name)")
        }
        let dir = FileSystem.absolute(args.option("dir") ?? name)
        guard FileSystem.list(dir).isEmpty else { throw CLIError("--dir \(dir) is not empty") }
        let checkout = FileSystem.absolute(args.option("switchboard") ?? Self.checkout)
        let replacements = [("__SWITCHBOARD_ID__", checkout.split(separator: "/").last.map { $0.lowercased() } ?? "switchboard"),
                            ("__SWITCHBOARD__", checkout), ("__NAME__", name)]
        var written: [String] = []
        for (path, text) in EmbeddedPluginTemplates.files {
            let relative: Substring
            if path.hasPrefix(lang + "/") { relative = path.dropFirst(lang.count + 1) }
            else if path.hasPrefix("shared/") { relative = path.dropFirst("shared/".count) }
            else { continue }
            var content = text.description
            for (placeholder, value) in replacements { content = content.replacingAll(placeholder, with: value) }
            try FileSystem.writeAtomically(Array(content.utf8), to: "\(dir)/\(relative)", mode: relative.hasSuffix(".py") || relative.hasSuffix(".sh") ? 0o755 : 0o644)
            written.append(String(relative))
        }
        print("created \(lang) plugin \(name) in \(dir): \(written.sorted().joined(separator: ", "))")
    }

    /// The header, a pkg-config file and the C services library (for C harnesses' fake hosts).
    static func sdk(_ args: Arguments) throws {
        let dir = FileSystem.absolute(try args.word(2, "DIR"))
        guard let header = EmbeddedPluginHeader.files.first(where: { $0.path == "switchboard_plugin.h" }) else {
            throw CLIError("this build carries no plugin header")
        }
        try FileSystem.writeAtomically(Array(header.text.description.utf8), to: "\(dir)/include/switchboard_plugin.h")
        let pc = """
            prefix=\(dir)
            includedir=${prefix}/include
            libdir=${prefix}/lib

            Name: switchboard-plugin
            Description: Switchboard channel plugin ABI (header only; plugins link nothing)
            Version: 1.3
            Cflags: -I${includedir}

            """
        try FileSystem.writeAtomically(Array(pc.utf8), to: "\(dir)/lib/pkgconfig/switchboard-plugin.pc")
        var extra = ""
        let services = Self.executableDirectory + "/libSwitchboardCServices.so"
        if let library = FileSystem.readBytes(services) {
            try FileSystem.writeAtomically(library, to: "\(dir)/lib/libSwitchboardCServices.so", mode: 0o755)
            extra = ", lib/libSwitchboardCServices.so"
        }
        print("SDK in \(dir): include/switchboard_plugin.h, lib/pkgconfig/switchboard-plugin.pc\(extra)")
        print("export PKG_CONFIG_PATH=\(dir)/lib/pkgconfig")
    }

    /// The checkout this binary was built from: Swift templates depend on its PluginKit by path.
    static let checkout: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)   // Host/CLI/PluginScaffold.swift
        return parts.joined(separator: "/")
    }()

    /// Where this executable lives (the C services library is built beside it).
    static var executableDirectory: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return "." }
        let path = String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    }
}

private extension String {
    /// Every occurrence of target replaced (byte-wise: placeholders are ASCII).
    func replacingAll(_ target: String, with replacement: String) -> String {
        let text = Array(utf8), needle = Array(target.utf8), with = Array(replacement.utf8)
        guard !needle.isEmpty else { return self }
        var out: [UInt8] = []
        var i = 0
        while i < text.count {
            if i + needle.count <= text.count, text[i..<(i + needle.count)].elementsEqual(needle) {
                out += with
                i += needle.count
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
