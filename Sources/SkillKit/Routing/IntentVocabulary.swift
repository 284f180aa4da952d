import Foundation

/// The words the router recognises, in English and 中文.
enum IntentVocabulary {
    /// Words that mean the user wants something changed, which only the agent can do.
    static let editWords: Set<String> = [
        "compress", "shrink", "reduce", "trim", "cut", "crop", "resize", "scale", "rescale", "add", "insert", "put",
        "place", "remove", "delete", "replace", "change", "make", "convert", "turn", "apply", "set", "rotate", "flip",
        "mirror", "blur", "fade", "mix", "mute", "unmute", "speed", "slow", "loop", "reverse", "merge", "join",
        "combine", "split", "stabilize", "stabilise", "brighten", "darken", "enhance", "improve", "fix", "edit",
        "generate", "create", "caption", "captions", "subtitle", "subtitles", "title", "titles", "overlay", "shorten",
        "lengthen", "extend", "keep", "move", "adjust", "increase", "decrease", "lower", "raise", "boost", "normalize",
        "normalise", "denoise", "sharpen", "color", "colour", "grade", "zoom", "animate", "highlight", "translate",
        "transcribe", "dub", "narrate", "write", "fit", "music", "bgm", "soundtrack", "text", "transition",
        "transitions", "filter", "filters", "effect", "effects", "watermark", "logo", "voiceover", "intro", "outro",
        "roll", "scene", "ending", "clip", "clips", "volume", "aspect", "audio",
    ]

    static let chineseEditWords: [String] = [
        "压缩", "剪", "裁", "切", "加", "删", "去掉", "去除", "换", "替换", "改", "调", "字幕", "音乐", "配乐",
        "背景音", "文字", "标题", "水印", "特效", "滤镜", "转场", "静音", "音量", "速度", "倍速", "旋转", "合并",
        "拼接", "分割", "生成", "制作", "做", "缩短", "转换", "横屏", "比例", "画幅", "变",
    ]

    /// Leading words that carry no meaning for routing ("please", "and then", "帮我").
    static let leadingFillers: [String] = [
        "and then", "and", "then", "also", "finally", "please", "pls", "now", "can you", "could you", "would you",
        "will you", "i want to", "i'd like to", "i would like to", "let's", "lets", "go ahead and", "just", "ok",
        "okay", "so", "and please", "after that", "afterwards",
        "然后", "并且", "最后", "接着", "请", "帮我", "麻烦", "我要", "我想", "给我", "再", "并",
    ]

    static let trailingFillers: [String] = ["please", "for me", "now", "thanks", "thank you", "吧", "一下", "谢谢"]

    static let exportVerbs: Set<String> = ["export", "download", "render", "save"]

    static let exportPhrases: [String] = [
        "send me the video", "send me the file", "send me it", "send it to me", "send it over", "give me the video",
        "give me the file", "get me the video", "send the video", "send me the result", "send me the final video",
    ]

    static let statePhrases: [String] = [
        "show tracks", "show the tracks", "show me the tracks", "list tracks", "list the tracks", "show timeline",
        "show the timeline", "show me the timeline", "what's on the timeline", "what is on the timeline", "timeline",
        "tracks", "project status",
    ]

    /// Places an upload could be meant for that this shell cannot reach.
    static let externalDestinations: Set<String> = ["discord", "youtube", "twitter", "tiktok", "instagram", "x", "reddit"]
}
