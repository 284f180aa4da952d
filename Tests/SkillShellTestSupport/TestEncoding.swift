/// How renders in tests are made cheaper, in one place: x264's fastest preset and no picture
/// measurement (no colour measurement, no SSIM report), except where a test asks for the real ones.
public enum TestEncoding {
    /// The preset for renders in tests.
    public static let x264Preset = "ultrafast"
    /// Whether renders in tests measure the picture.
    public static let measuresPicture = false

    /// The same, for a `skillshell` process: `StudioConfiguration`'s two variables, each left as
    /// it is when `environment` already sets it.
    public static func applied(to environment: [String: String]) -> [String: String] {
        var environment = environment
        environment["SKILLSHELL_MEASURE_PICTURE"] = environment["SKILLSHELL_MEASURE_PICTURE"] ?? (measuresPicture ? "1" : "0")
        environment["SKILLSHELL_X264_PRESET"] = environment["SKILLSHELL_X264_PRESET"] ?? x264Preset
        return environment
    }
}
