import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `posix_spawn` needs beyond Foundation: a clean signal state, and the two file actions
/// that Glibc's Swift module leaves out (declared only for `_GNU_SOURCE`), looked up by name
/// once (glibc 2.29 and 2.34, macOS 10.15).
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
    /// open files, another tool's pipe) leaks into a tool. Where the C library has no
    /// close-from action, each descriptor open now is closed by name.
    static func closeFrom(_ lowest: Int32, _ actions: inout posix_spawn_file_actions_t) {
        if let closeFromFunction, closeFromFunction(&actions, lowest) == 0 { return }
        let listed =
            // try?: no listing: no descriptors are marked, and the spawn closes from 3 anyway.
            (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))
            ?? (try? FileManager.default.contentsOfDirectory(atPath: "/dev/fd")) ?? []
        for descriptor in listed.compactMap(Int32.init) where descriptor >= lowest && fcntl(descriptor, F_GETFD) != -1 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }

    /// Sets `attributes` so the child starts with no blocked signals and default handling of
    /// every signal, whatever the spawning thread had (Swift's worker threads block nearly
    /// all); with `inOwnGroup`, in a process group of its own.
    static func startClean(_ attributes: inout posix_spawnattr_t, inOwnGroup: Bool) {
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if inOwnGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
    }
}
