// Build-time tool (run by the EmbedWebApp build plugin): turns the files of the web app
// (Host/Web/app) into one Swift source, so the host binary carries its own app and
// `switchboard serve` needs no folder beside it. Text files only: they become raw string
// literals (cheap to compile, readable in the generated file).
// usage: WebEmbed <app folder> <output.swift> <relative path>...
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: WebEmbed <app folder> <output.swift> <relative path>...\n".utf8))
    exit(2)
}
let root = URL(fileURLWithPath: arguments[1])
let output = URL(fileURLWithPath: arguments[2])
let paths = arguments.dropFirst(3).sorted()

/// The fewest `#`s that make a raw string delimiter the text cannot close or interpolate.
func hashes(for text: String) -> String {
    var count = 1
    while text.contains("\"\"\"" + String(repeating: "#", count: count)) || text.contains("\\" + String(repeating: "#", count: count)) {
        count += 1
    }
    return String(repeating: "#", count: count)
}

var source = """
    // Generated at build time by WebEmbed from Host/Web/app. Do not edit: edit the app's files.
    enum EmbeddedWebApp {
        /// (path relative to the app folder, contents), sorted by path.
        static let files: [(path: String, text: StaticString)] = [

    """
for path in paths {
    let data = try Data(contentsOf: root.appendingPathComponent(path))
    guard let text = String(data: data, encoding: .utf8), !text.contains("\r") else {
        FileHandle.standardError.write(Data("WebEmbed: \(path) is not UTF-8 text with LF line ends; only such files can be embedded\n".utf8))
        exit(1)
    }
    let h = hashes(for: text)
    // A multi-line literal drops the line break before its closing delimiter, and with the
    // delimiter in column 0 no indentation is stripped: the text comes back byte for byte.
    source += "        (\"\(path)\", \(h)\"\"\"\n\(text)\n\"\"\"\(h)),\n"
}
source += "    ]\n}\n"
let existing = try? String(contentsOf: output, encoding: .utf8)
if existing != source {
    try source.write(to: output, atomically: true, encoding: .utf8)
}
