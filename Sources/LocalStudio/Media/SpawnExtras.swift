#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two `posix_spawn` file actions that Glibc's Swift module leaves out (they are declared
/// only for `_GNU_SOURCE`): looked up by name once, from glibc 2.29 and 2.34, and macOS 10.15.
enum SpawnExtras {
    private typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    private static let changeDirectoryFunction: ChangeDirectory? = lookUp("posix_spawn_file_actions_addchdir_np")
    private static let closeFromFunction: CloseFrom? = lookUp("posix_spawn_file_actions_addclosefrom_np")

    private static func lookUp<Function>(_ name: String) -> Function? {
        #if canImport(Glibc)
        let everywhere = UnsafeMutableRawPointer(bitPattern: 0)  // RTLD_DEFAULT
        #else
        let everywhere = UnsafeMutableRawPointer(bitPattern: -2)  // RTLD_DEFAULT
        #endif
        guard let symbol = dlsym(everywhere, name) else { return nil }
        return unsafeBitCast(symbol, to: Function.self)
    }

    /// Makes the child start in `path`; `false` when this C library cannot.
    static func changeDirectory(_ path: String, _ actions: inout posix_spawn_file_actions_t) -> Bool {
        guard let changeDirectoryFunction else { return false }
        return changeDirectoryFunction(&actions, path) == 0
    }

    /// Closes every descriptor from `lowest` up in the child, so none the shell holds (sockets,
    /// open files) leaks into a tool; where the C library cannot, descriptors made by Swift are
    /// close-on-exec anyway.
    static func closeFrom(_ lowest: Int32, _ actions: inout posix_spawn_file_actions_t) {
        _ = closeFromFunction?(&actions, lowest)
    }
}
