// swift-tools-version:6.0
// __NAME__: a Switchboard channel plugin in Swift, made by `switchboard plugins new`. It depends on
// PluginKit from a Switchboard checkout by path; the library exports only switchboard_plugin_v1.
import PackageDescription

let package = Package(
    name: "__NAME__",
    products: [.library(name: "__NAME__", type: .dynamic, targets: ["__NAME__"])],
    dependencies: [.package(path: "__SWITCHBOARD__")],
    targets: [
        .target(name: "__NAME__", dependencies: [.product(name: "PluginKit", package: "__SWITCHBOARD_ID__")], path: "Sources",
                linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=exports.map"])]),
    ]
)
