import Foundation

/// Suggestions for Tab: slash commands, skill names after `/skill`, and file paths.
public struct Completer: Sendable {
    /// What can replace the word being typed.
    public struct Completion: Sendable, Equatable {
        /// The word as typed, which every candidate extends.
        public var partial: String
        /// Full replacements for `partial`; a folder ends in "/", other candidates are complete.
        public var candidates: [String]

        public init(partial: String, candidates: [String]) {
            self.partial = partial
            self.candidates = candidates
        }
    }

    let skillNames: @Sendable () -> [String]
    let home: URL
    let currentDirectory: URL

    public init(
        skillNames: @escaping @Sendable () -> [String],
        home: URL = PathExpansion.home,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) {
        self.skillNames = skillNames
        self.home = home
        self.currentDirectory = currentDirectory
    }

    /// Candidates for the word that ends at the cursor.
    public func complete(_ textBeforeCursor: String) -> Completion {
        let partial = Self.lastWord(of: textBeforeCursor)
        let isFirstWord = textBeforeCursor.trimmingCharacters(in: .whitespaces) == partial && !partial.isEmpty
        if isFirstWord, partial.hasPrefix("/"), !partial.dropFirst().contains("/") {
            let commands = SlashCommand.all.map(\.name).filter { $0.hasPrefix(partial.lowercased()) }
            if !commands.isEmpty { return Completion(partial: partial, candidates: commands) }
        }
        let trimmedLeading = textBeforeCursor.drop { $0 == " " }
        if trimmedLeading.hasPrefix("/skill "), textBeforeCursor.hasSuffix(partial) {
            let before = trimmedLeading.dropLast(partial.count).trimmingCharacters(in: .whitespaces)
            if before == "/skill" {
                return Completion(partial: partial, candidates: skillNames().filter { $0.hasPrefix(partial) }.sorted())
            }
        }
        if partial.hasPrefix("/") || partial.hasPrefix("~") || partial.hasPrefix(".") || partial.contains("/")
            || trimmedLeading.hasPrefix("/upload ")
        {
            return Completion(partial: partial, candidates: paths(completing: partial))
        }
        return Completion(partial: partial, candidates: [])
    }

    /// The last word, keeping backslash-escaped spaces inside it.
    static func lastWord(of text: String) -> String {
        var word = ""
        var index = text.endIndex
        while index > text.startIndex {
            let previous = text.index(before: index)
            let character = text[previous]
            if character == " " {
                let escaped = previous > text.startIndex && text[text.index(before: previous)] == "\\"
                if !escaped { break }
            }
            word.insert(character, at: word.startIndex)
            index = previous
        }
        return word
    }

    private func paths(completing partial: String) -> [String] {
        let unescaped = partial.replacingOccurrences(of: "\\ ", with: " ")
        let expanded = PathExpansion.expandTilde(unescaped, home: home)
        let directoryPart: String
        let namePrefix: String
        if expanded.hasSuffix("/") {
            directoryPart = expanded
            namePrefix = ""
        } else {
            if let slash = expanded.lastIndex(of: "/") {
                directoryPart = slash == expanded.startIndex ? "/" : String(expanded[..<slash])
                namePrefix = String(expanded[expanded.index(after: slash)...])
            } else {
                directoryPart = ""
                namePrefix = expanded
            }
        }
        let directory =
            directoryPart.isEmpty
            ? currentDirectory.path
            : (directoryPart.hasPrefix("/") ? directoryPart : currentDirectory.appendingPathComponent(directoryPart).path)
        // try?: a folder that cannot be listed completes to nothing.
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        // Candidates keep the user's own spelling of the folder part ("~/", "./").
        let typedDirectory: String
        if unescaped.hasSuffix("/") {
            typedDirectory = unescaped
        } else if let slash = unescaped.lastIndex(of: "/") {
            typedDirectory = String(unescaped[...slash])
        } else {
            typedDirectory = ""
        }
        return
            entries
            .filter { $0.hasPrefix(namePrefix) && (namePrefix.hasPrefix(".") || !$0.hasPrefix(".")) }
            .sorted()
            .map { entry in
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: directory + "/" + entry, isDirectory: &isDirectory)
                let candidate = typedDirectory + entry + (isDirectory.boolValue ? "/" : "")
                return candidate.replacingOccurrences(of: " ", with: "\\ ")
            }
    }
}
