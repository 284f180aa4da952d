import Foundation

/// A named upload limit, such as Discord's free tier, kept as data because such limits change.
public struct SizeLimit: Sendable, Equatable {
    /// A short identifier, such as `discord-free`.
    public var name: String
    /// The limit in bytes.
    public var bytes: Int64
    /// A readable label, such as "Discord free".
    public var label: String
    /// Where the figure comes from.
    public var source: String?
    /// When the figure was last checked.
    public var checked: String?

    public init(name: String, bytes: Int64, label: String? = nil, source: String? = nil, checked: String? = nil) {
        self.name = name
        self.bytes = bytes
        self.label = label ?? name
        self.source = source
        self.checked = checked
    }

    init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue, let bytes = json["bytes"]?.doubleValue, bytes > 0 else { return nil }
        self.init(
            name: name,
            bytes: Int64(bytes),
            label: json["label"]?.stringValue,
            source: json["source"]?.stringValue,
            checked: json["checked"]?.stringValue ?? json["date"]?.stringValue
        )
    }
}
