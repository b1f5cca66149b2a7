// swift-tools-version:6.0
// Switchboard: a self-hosted customer-support host that loads channel plugins
// through a C ABI. No package dependencies: only Debian's system C libraries.
import PackageDescription

let package = Package(
    name: "Switchboard",
    products: [
        .executable(name: "switchboard", targets: ["SwitchboardCLI"]),
        // For plugins built outside this repository: `.product(name: "PluginKit", package: ...)`.
        .library(name: "PluginKit", targets: ["PluginKit"]),
        // Each shipped Swift channel is its own shared library, loaded at run time.
        .library(name: "SwitchboardAPIChannel", type: .dynamic, targets: ["APIChannel"]),
        .library(name: "SwitchboardEmailChannel", type: .dynamic, targets: ["EmailChannel"]),
        .library(name: "SwitchboardWebChatChannel", type: .dynamic, targets: ["WebChatChannel"]),
        .library(name: "SwitchboardMessengerChannel", type: .dynamic, targets: ["MessengerChannel"]),
        .library(name: "SwitchboardInstagramChannel", type: .dynamic, targets: ["InstagramChannel"]),
        .library(name: "SwitchboardSlackChannel", type: .dynamic, targets: ["SlackChannel"]),
        .library(name: "SwitchboardSMSChannel", type: .dynamic, targets: ["SMSChannel"]),
        .library(name: "SwitchboardVoiceChannel", type: .dynamic, targets: ["VoiceChannel"]),
        .library(name: "SwitchboardWhatsAppChannel", type: .dynamic, targets: ["WhatsAppChannel"]),
        // The C services (sb_c_services) on their own, for C plugins' test harnesses that stand in for the host.
        .library(name: "SwitchboardCServices", type: .dynamic, targets: ["SwitchboardCServices"]),
        .library(name: "SwitchboardAmazonChannel", type: .dynamic, targets: ["AmazonChannel"]),
        // scripts/bench's in-process measurements (ABI crossing, store without HTTP).
        .executable(name: "switchboard-bench", targets: ["SwitchboardBench"]),
    ],
    targets: [
        // System C libraries (Debian -dev packages; see README).
        .systemLibrary(name: "CSQLite", path: "Host/System/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        // libpq: the store on PostgreSQL (`serve --store postgres://…`).
        .systemLibrary(name: "CPostgres", path: "Host/System/CPostgres", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCurl", path: "Host/System/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", path: "Host/System/CMicroHTTPD", pkgConfig: "libmicrohttpd",
                       providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(name: "CCrypto", path: "Host/System/CCrypto", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),
        // crypt(3) from libxcrypt: yescrypt password hashes.
        .systemLibrary(name: "CCrypt", path: "Host/System/CCrypt", pkgConfig: "libcrypt",
                       providers: [.apt(["libcrypt-dev"])]),
        // libqrencode: QR codes the host draws (two-factor enrolment, "continue on WhatsApp").
        .systemLibrary(name: "CQREncode", path: "Host/System/CQREncode", pkgConfig: "libqrencode",
                       providers: [.apt(["libqrencode-dev"])]),
        // libarchive: the zip a customer's data export is handed over in (any system opens a zip).
        .systemLibrary(name: "CArchive", path: "Host/System/CArchive", pkgConfig: "libarchive",
                       providers: [.apt(["libarchive-dev"])]),
        // C shims for the variadic C APIs Swift cannot call (curl_easy_setopt, MHD_start_daemon).
        .target(name: "CShims", dependencies: ["CCurl", "CMicroHTTPD", "CSQLite"], path: "Host/System/CShims"),

        // The plugin contract: one C header (+ its layout lock), and PluginKit for Swift plugins.
        .target(name: "SwitchboardPluginAPI", path: "PluginAPI/C", sources: ["layout_lock.c"]),
        .target(name: "PluginKit", dependencies: ["SwitchboardPluginAPI", "SwitchboardCommon"], path: "PluginAPI/Kit"),
        // JSON and signatures, shared by the host and Swift plugins.
        .target(name: "SwitchboardCommon", dependencies: ["CCrypto"], path: "PluginAPI/Common"),

        // ABI 1.3's services for plugins in plain C (host->c): JSON, hashes, encodings, multipart, Markdown.
        .target(name: "SwitchboardCServices", dependencies: ["SwitchboardPluginAPI", "SwitchboardCommon", "CCrypto"],
                path: "PluginAPI/CServices"),

        // Host: support → domain → transport → CLI. Domain knows nothing of HTTP or plugins.
        .target(name: "SwitchboardSupport", dependencies: ["SwitchboardCommon", "CCrypto", "CCurl", "CShims", "CQREncode", "CArchive"], path: "Host/Support"),
        .target(name: "SwitchboardDomain", dependencies: ["SwitchboardSupport", "CSQLite", "CPostgres", "CCrypt", "CShims"], path: "Host/Domain"),
        .target(name: "SwitchboardTransport",
                dependencies: ["SwitchboardDomain", "SwitchboardSupport", "SwitchboardPluginAPI", "SwitchboardCServices", "CShims", "CMicroHTTPD"],
                path: "Host/Transport", exclude: ["REST/OpenAPI"], plugins: ["EmbedWebApp"]),
        // The agents' web app (Host/Web/app: HTML, CSS, JS, no build step of its own) is compiled into
        // the host at build time, so the binary serves /app with nothing to install beside it; so is the
        // OpenAPI document's data (Host/Transport/REST/OpenAPI, JSON files per area). The same
        // tool embeds the web chat widget (Plugins/WebChat/Widget) into the web chat plugin's library.
        .plugin(name: "EmbedWebApp", capability: .buildTool(), path: "Host/Web", exclude: ["app", "embed.sh"]),
        // The CLI embeds the plugin templates (Host/CLI/PluginTemplates) and the ABI header for
        // `plugins new` and `plugins sdk`.
        .executableTarget(name: "SwitchboardCLI", dependencies: ["SwitchboardTransport", "SwitchboardSupport"],
                          path: "Host/CLI", exclude: ["PluginTemplates"], plugins: ["EmbedWebApp"]),

        // Shipped channel plugins (one folder each: sources, manifest, README, fake provider).
        .target(name: "APIChannel", dependencies: ["PluginKit"], path: "Plugins/API",
                exclude: ["plugin.json", "README.md", "exports.map"],
                // Export only the entry symbol, so the library never binds to the host's copies of shared code.
                linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=Plugins/API/exports.map"])]),
        // Mailgun: the mail code the email and Amazon channels share — route forwards (form,
        // signature, replay guard), parsing, threading, attachments, the REST client, outbound mail,
        // event receipts, the domain check. A static target; no manifest.
        .target(name: "MailgunPlatform", dependencies: ["PluginKit"], path: "Plugins/Mailgun",
                exclude: ["Fake", "README.md", "FakeMailgun.md"]),
        // The loopback Mailgun (REST API and signed route forwards/events): test support shipped beside
        // the Mailgun module, never linked into a plugin; the email and Amazon channels are tested against it.
        .target(name: "MailgunFake", dependencies: ["SwitchboardTransport", "SwitchboardSupport"], path: "Plugins/Mailgun/Fake"),
        .target(name: "EmailChannel", dependencies: ["PluginKit", "MailgunPlatform"], path: "Plugins/Email",
                exclude: ["plugin.json", "README.md", "exports.map"],
                linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=Plugins/Email/exports.map"])]),
        // Amazon buyer messaging: the buyer–seller relay by mail (MailgunPlatform), orders and
        // Messaging API actions from the SP-API. Its fake LWA + SP-API is test support, never linked into it.
        .target(name: "AmazonChannel", dependencies: ["PluginKit", "MailgunPlatform"], path: "Plugins/Amazon",
                exclude: ["Fake", "plugin.json", "README.md", "exports.map", "FakeSellingPartnerAPI.md"],
                linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=Plugins/Amazon/exports.map"])]),
        .target(name: "AmazonFake", dependencies: ["SwitchboardTransport", "SwitchboardSupport"], path: "Plugins/Amazon/Fake"),
        // Web chat: the plugin (Plugin/), its embeddable widget (Widget/: plain JS and CSS, embedded at
        // build time) and its pure rules (Logic/: tokens, configuration, fallback), which unit tests link
        // without the plugin's export map.
        .target(name: "WebChatLogic", dependencies: ["SwitchboardCommon"], path: "Plugins/WebChat/Logic"),
        .target(name: "WebChatChannel", dependencies: ["PluginKit", "WebChatLogic"], path: "Plugins/WebChat",
                exclude: ["Logic", "Widget", "plugin.json", "README.md", "exports.map"], sources: ["Plugin"],
                linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=Plugins/WebChat/exports.map"])],
                plugins: ["EmbedWebApp"]),

        // Meta: the code Messenger, Instagram and WhatsApp share — webhook signature and
        // handshake, batch walking, the Graph client, error mapping and the channel logic itself,
        // parameterised by product. A static target each plugin links; no manifest of its own.
        .target(name: "MetaPlatform", dependencies: ["PluginKit"], path: "Plugins/Meta",
                exclude: ["Fake", "README.md", "FakeGraphAPI.md"]),
        .target(name: "MessengerChannel", dependencies: ["PluginKit", "MetaPlatform"], path: "Plugins/Messenger",
                exclude: ["plugin.json", "README.md", "exports.map"],
                linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=Plugins/Messenger/exports.map"])]),
        .target(name: "InstagramChannel", dependencies: ["PluginKit", "MetaPlatform"], path: "Plugins/Instagram",
                exclude: ["plugin.json", "README.md", "exports.map"],
                linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=Plugins/Instagram/exports.map"])]),
        .target(name: "WhatsAppChannel", dependencies: ["PluginKit", "MetaPlatform"], path: "Plugins/WhatsApp",
                exclude: ["plugin.json", "README.md", "exports.map"],
                linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=Plugins/WhatsApp/exports.map"])]),
        // The fake Meta Graph API and webhook signer (test support shipped beside the Meta plugins, never
        // linked into one): integration tests and benchmarks hold the Messenger and Instagram channels to it.
        .target(name: "MetaFake", dependencies: ["SwitchboardTransport", "SwitchboardSupport"], path: "Plugins/Meta/Fake"),

        // Twilio: the account code SMS (and later Voice) share — request signature, REST client,
        // number provisioning, error codes, segment counting. A static target; no manifest.
        .target(name: "TwilioPlatform", dependencies: ["PluginKit"], path: "Plugins/Twilio",
                exclude: ["Fake", "README.md", "FakeTwilio.md"]),
        .target(name: "SMSChannel", dependencies: ["PluginKit", "TwilioPlatform"], path: "Plugins/SMS",
                exclude: ["plugin.json", "README.md", "exports.map"],
                linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=Plugins/SMS/exports.map"])]),
        // Voice: calls on Twilio answered by the host's IVR engine (voice_step); the same account code as SMS.
        .target(name: "VoiceChannel", dependencies: ["PluginKit", "TwilioPlatform"], path: "Plugins/Voice",
                exclude: ["plugin.json", "README.md", "exports.map"],
                linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=Plugins/Voice/exports.map"])]),
        // The fake Twilio REST API and webhook signer (test support, never linked into a plugin).
        .target(name: "TwilioFake", dependencies: ["SwitchboardTransport", "SwitchboardSupport"], path: "Plugins/Twilio/Fake"),

        // Slack: side conversations only (a person, a group DM or a channel, threaded back). Its fake
        // Slack (Web API methods and a signing, retrying Events sender) is test support, never linked into it.
        .target(name: "SlackChannel", dependencies: ["PluginKit"], path: "Plugins/Slack",
                exclude: ["Fake", "plugin.json", "README.md", "exports.map", "slack-app-manifest.json"],
                linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=Plugins/Slack/exports.map"])]),
        .target(name: "SlackFake", dependencies: ["SwitchboardTransport", "SwitchboardSupport"], path: "Plugins/Slack/Fake"),

        // Telegram: the channel is plain C (Plugins/Telegram, built by its Makefile); its fake Bot API
        // (token in the path, multipart uploads, 429s, the 20 MB download limit, a secret-header webhook
        // sender) is test support in Swift, never linked into the plugin.
        .target(name: "TelegramFake", dependencies: ["SwitchboardTransport", "SwitchboardSupport"], path: "Plugins/Telegram/Fake"),

        .executableTarget(name: "SwitchboardBench", dependencies: ["SwitchboardTransport", "SwitchboardDomain", "SwitchboardSupport"],
                          path: "Benchmarks/Swift"),

        .testTarget(name: "DomainTests", dependencies: ["SwitchboardDomain", "SwitchboardSupport"],
                    path: "Tests/DomainTests"),
        .testTarget(name: "TransportTests", dependencies: ["SwitchboardTransport", "SwitchboardDomain", "SwitchboardSupport"],
                    path: "Tests/TransportTests"),
        .testTarget(name: "MetaPlatformTests", dependencies: ["MetaPlatform"], path: "Tests/MetaPlatformTests"),
        .testTarget(name: "TwilioPlatformTests", dependencies: ["TwilioPlatform", "TwilioFake", "SwitchboardSupport"],
                    path: "Tests/TwilioPlatformTests", exclude: ["segment_cases.json"]),
        .testTarget(name: "WebChatTests", dependencies: ["WebChatLogic"], path: "Tests/WebChatTests"),
        // Start the real host binary on loopback; need `scripts/stage-plugins` first (scripts/test does it).
        .testTarget(name: "IntegrationTests", dependencies: ["SwitchboardTransport", "SwitchboardSupport", "MetaFake", "SlackFake", "TwilioFake", "TelegramFake", "AmazonFake", "MailgunFake"], path: "Tests/IntegrationTests"),
    ]
)
