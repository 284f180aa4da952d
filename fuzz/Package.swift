// swift-tools-version: 6.0
// libFuzzer targets over the core (SkillKit). Built with `--sanitize=fuzzer` by fuzz/run;
// libFuzzer supplies `main`, each target supplies LLVMFuzzerTestOneInput.
import PackageDescription

let package = Package(
    name: "skillshell-fuzz",
    dependencies: [.package(name: "skillshell", path: "..")],
    targets: [
        .executableTarget(name: "FuzzFrontmatter", dependencies: [.product(name: "SkillKit", package: "skillshell")]),
        .executableTarget(name: "FuzzDraft", dependencies: [.product(name: "SkillKit", package: "skillshell")]),
        .executableTarget(name: "FuzzRouter", dependencies: [.product(name: "SkillKit", package: "skillshell")]),
        .executableTarget(name: "FuzzRender", dependencies: [.product(name: "SkillKit", package: "skillshell"), .product(name: "LocalStudio", package: "skillshell")]),
        .executableTarget(name: "FuzzAgent", dependencies: [.product(name: "SkillKit", package: "skillshell"), .product(name: "LocalStudio", package: "skillshell")]),
    ],
    swiftLanguageModes: [.v6]
)
