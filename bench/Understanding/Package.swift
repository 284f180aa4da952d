// swift-tools-version: 6.0
// The understanding benchmark: requests through the local studio's agent (bench/understanding).
import PackageDescription

let package = Package(
    name: "skillshell-bench-understanding",
    dependencies: [.package(name: "skillshell", path: "../..")],
    targets: [
        .executableTarget(
            name: "UnderstandingBench",
            dependencies: [
                .product(name: "SkillKit", package: "skillshell"),
                .product(name: "LocalStudio", package: "skillshell"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
