// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "skillshell",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "skillshell", targets: ["skillshell"]),
        .library(name: "SkillKit", targets: ["SkillKit"]),
        // For the benchmarks in bench/, which run the local studio's agent directly.
        .library(name: "LocalStudio", targets: ["LocalStudio"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // C libraries, each behind exactly one Swift target.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
        ),
        .systemLibrary(
            name: "CEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
        ),

        // The core: no C, no printing.
        .target(name: "SkillKit", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "SkillKitTesting", dependencies: ["SkillKit"]),
        .target(name: "LineEditor", dependencies: ["CEdit"]),
        .target(name: "CloudBackend", dependencies: ["SkillKit", "CCurl"]),
        .target(
            name: "LocalStudio",
            dependencies: [
                "SkillKit",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system", condition: .when(platforms: [.linux])),
            ]
        ),
        .target(
            name: "StudioServer",
            dependencies: [
                "LocalStudio", "SkillKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // The studio's records in PostgreSQL, for `serve --database` (several API nodes, one database).
        .target(
            name: "StudioDatabase",
            dependencies: [
                "LocalStudio", "SkillKit",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The two skills' plugins: they know the core and nothing else.
        .target(name: "DiscordCompressor", dependencies: ["SkillKit"], path: "Plugins/DiscordCompressor"),
        .target(name: "DiscordSharing", dependencies: ["SkillKit"], path: "Plugins/DiscordSharing"),

        .executableTarget(
            name: "skillshell",
            dependencies: [
                "SkillKit", "LineEditor", "CloudBackend", "LocalStudio", "StudioServer", "StudioDatabase", "DiscordCompressor", "DiscordSharing",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // What the tests share: clips made once a run, the in-process server, the binary and
        // `serve` launchers, a scriptable fault server, tags and the one test error type.
        .target(
            name: "SkillShellTestSupport",
            dependencies: [
                "SkillKit", "LocalStudio", "StudioServer",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/SkillShellTestSupport"
        ),

        .testTarget(name: "SkillKitTests", dependencies: ["SkillKit", "SkillKitTesting"], exclude: ["SkillCorpus"]),
        .testTarget(
            name: "DiscordPluginsTests",
            dependencies: ["DiscordCompressor", "DiscordSharing", "SkillKit", "SkillKitTesting"]
        ),
        .testTarget(name: "LocalStudioTests", dependencies: ["LocalStudio", "SkillKit", "SkillKitTesting", "SkillShellTestSupport"]),
        .testTarget(name: "StudioServerTests", dependencies: ["StudioServer", "LocalStudio", "SkillKit", "SkillShellTestSupport", "skillshell"]),
        .testTarget(
            name: "StudioDatabaseTests",
            dependencies: ["StudioDatabase", "LocalStudio", "SkillKit", "SkillShellTestSupport", "skillshell", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "CloudBackendTests",
            dependencies: [
                "CloudBackend", "StudioServer", "LocalStudio", "SkillKit", "SkillKitTesting", "SkillShellTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ShellTests",
            dependencies: ["skillshell", "SkillKit", "LocalStudio", "SkillShellTestSupport", .product(name: "Hummingbird", package: "hummingbird")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
