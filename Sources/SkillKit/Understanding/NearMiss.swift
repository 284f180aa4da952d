import Foundation

/// Reads mistyped words as the word the lexicon has ("compres" → "compress"), when exactly one
/// lexicon word is that close. Short words and common English words are never changed.
enum NearMiss {
    /// The words requests are made of: the targets of a correction.
    static let lexicon: [String] = [
        "compress", "compression", "shrink", "smaller", "discord", "nitro", "export", "download", "render",
        "captions", "caption", "subtitles", "subtitle", "transcribe", "music", "background", "volume", "louder",
        "quieter", "original", "sound", "audio", "mute", "unmute", "title", "trim", "shorten", "remove", "delete",
        "vertical", "horizontal", "landscape", "portrait", "square", "widescreen", "aspect", "seconds", "second",
        "minutes", "minute", "speed", "faster", "slower", "framerate", "frames", "resolution", "status", "project",
        "timeline", "separately", "together", "beginning", "middle", "first", "last", "center", "centre", "bottom",
        "corner", "please", "megabytes", "gigabytes", "kilobytes", "percent", "quarter", "third", "double", "twice",
        "video", "reduce", "decrease", "increase", "soundtrack", "english", "chinese", "overlay", "everything",
        "except", "between", "until", "quality", "size", "limit", "under", "below", "maximum", "target", "half",
        "clip", "file", "text", "keep", "only", "just", "cut", "crop", "basic", "safe", "slow", "motion", "fast",
        "ratio", "padded", "blurred", "letterbox", "cropped", "subs", "render", "hello", "thanks", "help",
    ]

    /// Common words that look like lexicon words but mean something else.
    static let protected: Set<String> = [
        "expert", "report", "import", "spend", "speak", "spent", "steed", "power", "lover", "lower", "tower",
        "round", "found", "pound", "wound", "bound", "mound", "sounds", "hound", "little", "subtle", "titled",
        "titles", "trims", "trimmed", "trimming", "later", "latter", "letter", "better", "bitter",
        "clips", "files", "filed", "filled", "while", "whole", "there", "these", "those", "three", "other",
        "music's", "video's", "videos", "audios", "minutes", "seconds", "captain", "caution", "section",
        "shrine", "shrunk", "shrinks", "smallest", "larger", "bigger", "faster", "slower", "louder", "quieter",
        "mutes", "muted", "muting", "center", "centre", "centered", "exports", "exported", "exporting", "renders",
        "rendered", "speeds", "speedup", "volumes", "corners", "squares", "squared", "firsts", "lasts", "lasted",
        "project", "projects", "thanks", "thank", "hello", "helps", "helped", "until", "under", "below", "above",
        "about", "after", "again", "right", "could", "would", "should", "where", "which", "their", "think",
        "thing", "things", "every", "still", "start", "started", "maybe", "really", "great", "thats", "that's",
        "what's", "it's", "don't", "can't", "won't", "make", "makes", "making", "made", "upload", "uploaded",
        "friend", "friends", "server", "channel", "stream", "streams", "streaming", "gaming", "game", "games",
        "screen", "phone", "laptop", "story", "stories", "short", "shorts", "shorter", "tiktok", "reels",
        "youtube", "twitter", "instagram", "reddit", "share", "shared", "sharing", "share", "posting", "posted",
        "birthday", "party", "wedding", "meme", "memes", "funny", "moment", "moments", "highlight", "highlights",
        "intro", "outro", "ending", "opening", "without", "within", "through", "around", "rather", "little",
        "ready", "pretty", "quick", "quickly", "slowly", "simple", "again", "along", "among", "whatever", "entire",
        "subscribe", "welcome", "watching", "kinda", "gonna", "wanna", "gimme", "lemme", "dunno", "doing",
        "going", "having", "being", "title's", "limits", "limited", "targets", "cutting", "compressing",
        "compressed", "shrinking", "reduced", "reducing", "removed", "removing", "deleted", "deleting",
        "trimmed", "shortened", "shortening", "halve", "halves", "halved", "thirds", "quarters", "doubled",
        "sized", "sizes", "sizing", "seize", "since", "sense", "single", "simply", "small", "smell", "smile",
        "slows", "slowed", "blurry", "blurred", "blurs", "crops", "cropped", "cropping", "square", "text's",
        "tests", "texts", "texted", "next", "exit", "exist", "exact", "exactly", "extra", "voice", "voices",
        "noise", "noises", "source", "course", "bound", "sound's", "mound", "marker", "makers", "master",
        "matter", "minute", "second", "speech", "speed", "frame", "frames", "first", "final", "finally",
        "middle", "muddle", "riddle", "fiddle", "paddle", "saddle", "tiles", "times", "tiles", "timer",
        "tinier", "tiny", "likes", "liked", "listen", "listened", "lyrics", "music", "audio", "title",
    ]

    /// The corrected text and the corrections made, as (typed, read) pairs.
    static func correct(_ text: String) -> (text: String, corrections: [(typed: String, read: String)]) {
        var corrections: [(String, String)] = []
        var out = ""
        var word = ""
        func flush() {
            defer { word = "" }
            guard !word.isEmpty else { return }
            let lower = word.lowercased()
            if let read = correction(for: lower) {
                corrections.append((word, read))
                out += read
            } else {
                out += word
            }
        }
        var inQuote = false
        for character in text {
            if character == "⟦" { inQuote = true }
            if character == "⟧" { inQuote = false }
            if !inQuote, character.isASCII, character.isLetter || character == "'" {
                word.append(character)
            } else {
                flush()
                out.append(character)
            }
        }
        flush()
        return (out, corrections)
    }

    static func correction(for word: String) -> String? {
        guard word.count >= 5, !protected.contains(word), !known.contains(word), !knownInflection(word) else { return nil }
        let allowed = word.count >= 8 ? 2 : 1
        var best: [String] = []
        var bestDistance = allowed + 1
        // A typo rarely changes the first letter; a word that starts differently is another word.
        for candidate in lexicon where abs(candidate.count - word.count) <= allowed && candidate.first == word.first {
            let distance = EditDistance.damerau(word, candidate, limit: allowed)
            if distance < bestDistance {
                bestDistance = distance
                best = [candidate]
            } else if distance == bestDistance, !best.contains(candidate) {
                best.append(candidate)
            }
        }
        return bestDistance <= allowed && best.count == 1 ? best[0] : nil
    }

    static let known = Set(lexicon)

    static func knownInflection(_ word: String) -> Bool {
        for suffix in ["s", "es", "ed", "d", "ing", "er", "ly"] where word.hasSuffix(suffix) {
            let stem = String(word.dropLast(suffix.count))
            if known.contains(stem) || known.contains(stem + "e") || protected.contains(stem) { return true }
            if let last = stem.last, stem.dropLast().last == last, known.contains(String(stem.dropLast())) { return true }
        }
        return false
    }
}

/// Edit distance with transpositions (optimal string alignment), stopping early past `limit`.
enum EditDistance {
    static func damerau(_ a: String, _ b: String, limit: Int) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
        var previous2 = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            previous2 = previous
            previous = current
        }
        return previous[y.count]
    }
}
