/// Path pieces of text the user typed, taken apart without Foundation's NSString path methods,
/// which crash on some malformed input (found by fuzz/run: "//" followed by an invalid byte).
public enum PathText {
    /// The text after the last "/".
    public static func lastComponent(_ path: String) -> Substring {
        path.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(path)
    }

    /// What follows the last "." of the last component, or "" when there is none.
    public static func pathExtension(_ path: String) -> String {
        let name = lastComponent(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        let ext = name[name.index(after: dot)...]
        return ext.contains(" ") ? "" : String(ext)
    }

    /// The last component without its extension.
    public static func stem(_ path: String) -> String {
        let name = lastComponent(path)
        let ext = pathExtension(path)
        return ext.isEmpty ? String(name) : String(name.dropLast(ext.count + 1))
    }
}
