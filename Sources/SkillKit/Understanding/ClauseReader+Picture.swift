import Foundation

/// The picture: frame-size presets ("720p", "vertical", "4K"), shapes ("9:16", "square",
/// "cropped"), frame-rate caps ("30fps") and speed ("2x", "slow motion").
extension ClauseReader {
    static let resolutionPlaceholder = rx(#"⟨r(\d+)⟩"#)
    static let resolutionWords = rx(#"\b(?:full\s*hd|fhd)\b|\bhd\b|\bsd\b|\b(?:uhd|ultra\s*hd)\b|高清|超清|标清|全高清"#)
    static let bareResolution = rx(#"(?:\b(?:in|at|to|as|export(?:ed)?|render(?:ed)?|resolution|quality|res|do|go|try|want|use)\s+)⟨n(\d+)⟩|⟨n(\d+)⟩\s*(?:resolution|分辨率)|\bmake\s+(?:it|the\s+(?:video|clip))\s+⟨n(\d+)⟩\s*$|(?:分辨率|清晰度)[^⟨]{0,6}⟨n(\d+)⟩"#)
    static let verticalWords = rx(#"\b(?:vertical(?:ly)?|portrait(?:\s+mode)?|upright|tall|for\s+(?:my\s+)?phones?|phone[\s-]friendly|mobile[\s-]friendly|tik\s*tok|reels?|shorts|(?:instagram|ig|snapchat)\s+stor(?:y|ies)|phone\s+(?:format|screen|shape))\b|竖屏|竖版|竖的|竖向|竖着|抖音|快手"#)
    static let aspectPlaceholder = rx(#"⟨a(\d+)⟩"#)
    static let squareWords = rx(#"\bsquare\b|正方形|方形|方的"#)
    static let landscapeWords = rx(#"\b(?:landscape|widescreen|wide\s*screen|horizontal(?:ly)?|(?<=\b(?:make|go|turn|keep)\s(?:it|this)\s)wide(?!\s*(?:angle|shot|lens|range|open))|^wide(?=\s*(?:please|pls)?\s*[!.,;]*\s*$))\b|横屏|横版|横向|宽屏"#)
    static let cropWords = rx(#"\b(?:crop(?:ped|ping)?|fill(?:s|ed|ing)?(?:\s+the\s+(?:frame|screen))?|cut\s+off\s+the\s+(?:sides|edges))\b|裁剪|裁切|裁掉|裁成|裁为|剪裁成|填满|铺满|放大填充"#)
    static let padWords = rx(#"\b(?:pad(?:ded|ding)?|letterbox(?:ed|ing)?|(?:black\s+)?bars|blur(?:red|ry)?\s+(?:background|bg|sides|bars|edges)|with\s+(?:a\s+)?blur(?:red|ry)?(?:\s+(?:background|bg|sides|bars|edges))?|fit\s+inside|don'?t\s+crop|no\s+crop(?:ping)?|without\s+crop(?:ping)?)\b|黑边|模糊背景|留边|不要裁|不裁"#)
    static let aspectNoise = rx(#"\b(?:aspect(?:\s+ratio)?|ratio|format|shape|frame|make\s+it|turn\s+it|change\s+it|convert\s+(?:it\s+)?to|into|to|as|for|phones?|mobile)\b|比例|画幅|格式|改成|变成|做成"#)

    /// The frame heights people name without a "p": "make it 720", "bring it down to 480".
    static let standardFrameHeights: Set<Int> = [240, 360, 480, 540, 720, 1080, 1440, 2160]
    static let fineNumber = rx(#"⟨n(\d+)⟩\s+(?:is\s+(?:fine|ok|okay|enough|good|plenty)|will\s+do|is\s+all\s+i\s+need)\b"#)
    static let fpsPlaceholder = rx(#"⟨f(\d+)⟩"#)
    static let loneValuePattern = rx(#"^(?:(?:just|then|so)\s+)?(?:(?:can|could|would)\s+(?:you|u)\s+)?(?:please\s+)?(?:make\s+it|set\s+it\s+(?:to|at)|change\s+it\s+to|put\s+it\s+(?:to|at))\s+⟨n(\d+)⟩\s*[!.]*$|^(?:就|那就|帮我)?(?:改成|调成|设为|设成|弄成|变成|改为|调到)\s*⟨[a-z](\d+)⟩(?:吧|就行)?$"#)
    static let frameRateForIt = rx(#"\b(?:fps|frame\s*rate|framerate|frames\s+per\s+second)\b[^⟨,;]{0,40}?\b(?:make|set|change|put|bring|cap|lock|drop|get)\s+(?:it|that|this|them)\s+(?:down\s+)?(?:to\s+|at\s+)?⟨n(\d+)⟩\s*[!.]*$|帧率[^⟨，,]{0,10}?(?:改成|调成|设为|弄成|变成)\s*⟨n(\d+)⟩"#)
    static let frameRateNumber = rx(#"\b(?:frame\s*rate|framerate|fps|frames)\b[^⟨]{0,20}⟨[np](\d+)⟩|⟨n(\d+)⟩\s*(?:frames|fps)|(?:帧率|帧数|帧速率|帧频)[^⟨]{0,6}⟨[np](\d+)⟩"#)
    static let frameRateVague = rx(#"\b(?:lower|reduce|drop|cap|decrease|limit)\w*\s+(?:the\s+)?(?:frame\s*rate|framerate|fps)\b|降低帧率|减少帧率|降帧"#)
    static let frameRateNoise = rx(#"\b(?:frame\s*rate|framerate|fps|cap(?:ped)?|limit(?:ed)?|at|to|max(?:imum)?|lower|reduce|set|the|of|at\s+most)\b|帧率|帧数|帧速率|帧频|帧|改成|调到|设为"#)

    static let flipWords = rx(#"\b(?:flip\w*(?!\s+(?:it\s+|this\s+|that\s+|everything\s+|the\s+(?:video|clip|whole\s+(?:thing|video|clip)|thing|footage|recording)\s+)?(?:to|into|over\s+to)\s+(?:portrait|landscape|vertical|horizontal|widescreen|wide))|mirror\w*|rotat\w+)\b|翻转|镜像|旋转"#)

    /// "crop out the black bars", 去掉黑边: bars in the source, which this studio cannot find.
    static let barsRemoval = rx(
        #"\b(?:crop|remove|get\s+rid\s+of|cut|take|lose|ditch)\s+(?:out\s+|off\s+|away\s+)?(?:the\s+|those\s+|all\s+the\s+)?(?:black\s+bars|letterbox\w*|pillarbox\w*)\b(?:\s+(?:out|off|away))?|(?:去掉|裁掉|剪掉|去除)黑边"#)

    mutating func readPicture() {
        if let match = c.fresh(Self.barsRemoval).first {
            c.use(match.range)
            add(.unsupported("removing black bars"))
        }
        let flips = has(Self.flipWords)
        // Frame sizes.
        for match in c.fresh(Self.resolutionPlaceholder) {
            guard let (_, quantity) = self.quantity(match.range), case .resolution(let value) = quantity.kind else { continue }
            c.use(match.range)
            // "the video is 4K and way too big": the frame it has, not one asked for.
            let start = max(0, match.range.lowerBound - 24)
            let before = c.text(start..<match.range.lowerBound)
            if let cue = before.range(
                of: #"(?:\b(?:the\s+)?(?:video|clip|file|it|this|footage|source)\s+(?:is|was)(?:\s+(?:shot|recorded|filmed)\s+(?:in|at))?|\bit'?s|\bits|\b(?:recorded|shot|filmed|captured)\s+(?:in|at))\s*$"#,
                options: .regularExpression)
            {
                c.use((start + before.distance(from: before.startIndex, to: cue.lowerBound))..<match.range.lowerBound)
                continue
            }
            addResolution(value, written: quantity.written)
        }
        for match in c.fresh(Self.resolutionWords) {
            c.use(match.range)
            let word = c.text(match.range)
            switch word {
            case "hd", "高清": addResolution("720p", written: word)
            case "sd", "标清": addResolution("480p", written: word)
            case let w where w.contains("uhd") || w.contains("ultra") || w == "超清": addResolution("2160p", written: word)
            default: addResolution("1080p", written: word)
            }
        }
        for match in c.matches(Self.bareResolution) where !c.isUsed((match.group(0) ?? match.group(1) ?? match.group(2) ?? match.group(3)) ?? 0..<0) {
            // "make it 720": a frame height, where a length would carry a unit.
            guard let (_, quantity) = self.quantity(match.group(0) ?? match.group(1) ?? match.group(2) ?? match.group(3)), case .number(let value) = quantity.kind,
                let lines = CheckedNumber.integer(value, in: 0...10_000), Self.standardFrameHeights.contains(lines)
            else { continue }
            c.use(match.range)
            addResolution("\(lines)p", written: quantity.written)
        }

        // Shapes.
        var ratio: String?
        if let match = c.fresh(Self.aspectPlaceholder).first, let (_, quantity) = self.quantity(match.range), case .aspect(let value) = quantity.kind {
            c.use(match.range)
            ratio = value
        } else if let match = c.fresh(Self.squareWords).first {
            c.use(match.range)
            ratio = "1:1"
        } else if !flips, let match = c.fresh(Self.landscapeWords).first {
            c.use(match.range)
            ratio = "16:9"
        }
        // "make it wide, 16 by 9": a shape word that agrees with the ratio given says it again.
        if let ratio, let sides = Optional(ratio.split(separator: ":").compactMap { Double($0) }), sides.count == 2 {
            if sides[0] > sides[1], !flips { for match in c.fresh(Self.landscapeWords) { c.use(match.range) } }
            if sides[0] == sides[1] { for match in c.fresh(Self.squareWords) { c.use(match.range) } }
        }
        var fit: FrameFit?
        if let match = c.fresh(Self.padWords).first {
            c.use(match.range)
            fit = .pad
        } else if let match = c.fresh(Self.cropWords).first {
            c.use(match.range)
            fit = .crop
        }
        let vertical = flips ? nil : c.fresh(Self.verticalWords).first
        if let vertical {
            c.use(vertical.range)
            if ratio == nil, fit != nil { ratio = "9:16" } else if ratio == nil { add(.resolution("vertical")) }
        }
        if let ratio {
            add(.aspect(ratio: ratio, fit: fit))
        } else if let fit, vertical == nil, operations.contains(where: { if case .resolution = $0 { return true } else { return false } }) == false {
            // "crop it" alone names no shape: keep it for the trim reader when times follow.
            if !has(Self.timePlaceholder) {
                loneFit = fit
                vague = "Which shape should it be? Say e.g. \"make it 9:16, cropped\" or \"square, padded\"."
                vagueKind = "shape"
            }
        }
        if ratio != nil || vertical != nil {
            for match in c.matches(Self.aspectNoise) { c.use(match.range) }
        }

        // Frame rates.
        for match in c.fresh(Self.fpsPlaceholder) {
            guard let (_, quantity) = self.quantity(match.range), case .fps(let value) = quantity.kind else { continue }
            c.use(match.range)
            // "i recorded at 120fps but 30 is fine": the rate it was made at, then the one wanted.
            let before = c.text(max(0, match.range.lowerBound - 24)..<match.range.lowerBound)
            if before.range(of: #"\b(?:recorded|shot|filmed|captured|streamed|it'?s|is|was|currently|originally)\s+(?:at|in)?\s*(?:⟨r\d+⟩\s*(?:and\s+|,\s*)?)?$"#, options: .regularExpression) != nil {
                if let wanted = c.fresh(Self.fineNumber).first, let (_, other) = self.quantity(wanted.group(0)), let rate = other.value, rate > 0, rate < value {
                    c.use(wanted.range)
                    addFrameRate(rate, written: other.written + " fps")
                }
                // "it's 4k 60fps": the rate it has, not one asked for.
                continue
            }
            addFrameRate(value, written: quantity.written)
        }
        for match in c.fresh(Self.frameRateNumber) {
            guard let (_, quantity) = self.quantity(match.group(0) ?? match.group(1) ?? match.group(2)), let value = quantity.value else { continue }
            c.use(match.range)
            addFrameRate(value, written: quantity.written + " fps")
        }
        if let match = c.first(Self.loneValuePattern), let (_, quantity) = self.quantity(match.group(0) ?? match.group(1)), let value = quantity.value {
            // "帧率不知道多少，改成30": the value, for what the clause before named.
            loneValue = (value, quantity.written)
        }
        // "idk what fps this is but make it 30": a bare number for "it" after the frame rate was named.
        if let match = c.fresh(Self.frameRateForIt).first, let (_, quantity) = self.quantity(match.group(0) ?? match.group(1)), let value = quantity.value {
            c.use(match.range)
            addFrameRate(value, written: quantity.written + " fps")
        }
        if !operations.contains(where: { if case .frameRate = $0 { return true } else { return false } }), let match = c.fresh(Self.frameRateVague).first {
            c.use(match.range)
            add(.frameRate(30))
        }
        if operations.contains(where: { if case .frameRate = $0 { return true } else { return false } }) {
            for match in c.matches(Self.frameRateNoise) { c.use(match.range) }
        }
    }

    mutating func addResolution(_ value: String, written: String) {
        if value == "vertical" {
            add(.resolution("vertical"))
            return
        }
        let height = Int(value.dropLast()) ?? 0
        if height > 1080 {
            add(.refused("Exports here go up to 1080p, so \(written.uppercased() == "4K" ? "4K" : written) isn't available; say 1080p for the sharpest."))
        } else {
            add(.resolution(value))
        }
    }

    mutating func addFrameRate(_ value: Double, written: String) {
        guard value >= 1, value <= 120 else {
            add(.refused("A frame rate of \(written) isn't possible here; choose between 1 and 120 fps, e.g. 30fps."))
            return
        }
        add(.frameRate(value))
    }

    // MARK: Speed

    static let factorPlaceholder = rx(#"⟨x(\d+)⟩"#)
    static let speedWords = rx(#"\b(?:speed\w*|sped|fast(?:er)?|quick(?:er)?|slow(?:er|ed)?|slo-?mo|playback|pace|tempo|timelapse|time-lapse)\b|播放|倍速|加速|快进|慢放|慢动作|放慢|减速|速度|快放"#)
    static let doubleSpeed = rx(#"\b(?:twice\s+as\s+fast|double(?:\s+the)?\s+(?:speed|time)|double\s+speed|2\s*x\s+faster)\b|两倍速|二倍速|双倍速"#)
    static let quarterSpeed = rx(#"\bquarter[\s-]speed\b|\b(?:a\s+|one\s+)?quarter\s+(?:of\s+)?(?:the\s+|its\s+)?(?:normal\s+|original\s+|regular\s+)?speed\b|四分之一速度"#)
    static let halfSpeed = rx(#"\b(?:half(?:\s+of)?(?:\s+the|\s+its)?\s+(?:normal\s+|original\s+|regular\s+)?speed|half\s+as\s+fast|twice\s+as\s+slow)\b|半速|一半速度|放慢一半|慢一半|速度减半|(?:放慢|降|减|调|慢)到一半|速度(?:降|减|调|放慢)?(?:到|为)一半|一半的速度"#)
    static let slowMotion = rx(#"\bslow[\s-]?mo(?:tion)?\b|\bslo[\s-]?mo\b|慢动作|慢镜头|慢放"#)
    static let normalSpeed = rx(#"\b(?:normal|original|regular|real)[\s-]?(?:speed|time|pace)\b|\breset\s+(?:the\s+)?speed\b|\bspeed\s+back\s+to\s+normal\b|原速|正常速度|恢复速度|恢复正常速度"#)
    static let speedNumber = rx(#"(?:倍速|\bspeed(?:\s+(?:of|at|to))?|\b(?:slow|speed)\s+(?:it\s+|this\s+|that\s+|everything\s+|the\s+(?:video|clip|whole\s+(?:thing|video|clip)|thing|footage|recording)\s+)?(?:down|up)\s+to|速度(?:调到|调成|调为|改成|改为|设为|设成|变成|变为|为)?)\s*⟨[nx](\d+)⟩"#)
    static let vagueSpeed = rx(#"\b(?:speed\s+(?:it\s+|this\s+|that\s+|everything\s+|the\s+(?:video|clip|whole\s+(?:thing|video|clip)|thing|footage|recording)\s+)?up|faster|quicker|slow\s+(?:it\s+|this\s+|that\s+|everything\s+|the\s+(?:video|clip|whole\s+(?:thing|video|clip)|thing|footage|recording)\s+)?down|slower)\b|加速|快一点|快点|放慢|慢一点|减速"#)
    static let speedNoise = rx(#"\b(?:speed\w*|sped|up|down|it|to|at|play(?:back)?|make|set|fast(?:er)?|slow(?:er)?|times|the|video|clip|by)\b|速度|倍|播放|调|到|成"#)

    /// "speed it up by 50%", "25% slower", "加速50%".
    /// "slow down to half", "1.5 speed", "speed 1.5" without an x.
    static let halfByWords = rx(#"\b(?:slow|speed)\s+(?:it\s+|this\s+|that\s+|everything\s+|the\s+(?:video|clip|whole\s+(?:thing|video|clip)|thing|footage|recording)\s+)?down\s+(?:to\s+|by\s+)?(?:a\s+)?half(?:\s+speed)?\b"#)
    static let speedAfterVague = rx(#"\b(?:faster|quicker|slower|speed\s+(?:it\s+|this\s+)?up|slow\s+(?:it\s+|this\s+)?down)\b[^⟨]{0,20}?\b(?:like|say|maybe|about|around|roughly|to|at)\s+⟨[nx](\d+)⟩"#)
    static let bareSpeedNumber = rx(#"(?:^|\s)⟨n(\d+)⟩\s+speed\b"#)
    /// "at 50% speed", "75% of the normal speed", "speed 150%", "速度50%": a share of the normal speed.
    static let shareOfSpeed = rx(#"⟨p(\d+)⟩\s+(?:of\s+)?(?:the\s+|its\s+)?(?:normal\s+|original\s+|regular\s+|full\s+|real\s+)?(?:speed|pace|playback\s+speed)\b|\b(?:playback\s+)?speed\s+(?:of\s+|at\s+|to\s+)?⟨p(\d+)⟩|(?:速度|倍速|播放速度)\s*(?:调到|改成|为)?\s*⟨p(\d+)⟩"#)
    static let speedByPercent = rx(#"\b(?:speed|sped)\s+(?:it\s+|this\s+|that\s+|everything\s+|the\s+(?:video|clip|whole\s+(?:thing|video|clip)|thing|footage|recording)\s+)?(up|down)\s+by\s+⟨p(\d+)⟩|\bslow\s+(?:it\s+|this\s+|that\s+|everything\s+|the\s+(?:video|clip|whole\s+(?:thing|video|clip)|thing|footage|recording)\s+)?(down)\s+by\s+⟨p(\d+)⟩|⟨p(\d+)⟩\s+(faster|slower|quicker)\b|(加速|减速|提速|放慢)\s*⟨p(\d+)⟩|\b(?:slow|speed|set)\s+(?:it\s+|this\s+|the\s+(?:video|clip|speed)\s+)?(?:down\s+|up\s+)?(to)\s+⟨p(\d+)⟩(?:\s+speed)?"#)

    mutating func readSpeed() {
        let speedy = has(Self.speedWords) || has(Self.doubleSpeed)
        var found = false
        if let match = c.fresh(Self.speedByPercent).first {
            let groups = (0..<match.groups.count).compactMap { match.group($0) }
            let direction = groups.map { c.text($0) }.first { ["up", "down", "faster", "slower", "quicker", "加速", "减速", "提速", "放慢", "to"].contains($0) } ?? "up"
            if let placeholder = match.range.lowerBound < c.chars.count ? groups.first(where: { c.text($0).allSatisfy(\.isNumber) }) : nil,
                let (_, quantity) = self.quantity(placeholder), let percent = quantity.value
            {
                c.use(match.range)
                let slower = ["down", "slower", "减速", "放慢"].contains(direction)
                // "slow it to 75%": a share of the normal speed, not a change by that much.
                addSpeed(direction == "to" ? percent / 100 : (slower ? 1 - percent / 100 : 1 + percent / 100), written: quantity.written)
                found = true
            }
        }
        for match in c.fresh(Self.factorPlaceholder) where !found {
            guard let (_, quantity) = self.quantity(match.range), case .factor(let value) = quantity.kind else { continue }
            // "2x smaller" is a size and "2x louder" a volume: those readers took theirs already.
            let bare =
                !quantity.written.lowercased().contains("time")
                && c.text(match.range.upperBound..<min(c.chars.count, match.range.upperBound + 12)).range(of: #"^\s*(?:speed|faster|slower|and\b|,|$|please\b|pls\b|plz\b|thanks\b|thx\b)"#, options: .regularExpression) != nil
            guard speedy || quantity.written.contains("倍") || bare || c.lower.contains("倍") else { continue }
            c.use(match.range)
            let slower = c.lower.range(of: #"slow|慢"#, options: .regularExpression) != nil
            // "慢放一倍", "slow it down 2x": slower by that much; "one time slower" is half speed.
            // "加快一倍": faster by one whole speed, so twice as fast.
            let fasterByOne = !slower && value == 1 && c.lower.range(of: #"(?:加快|快了?|加速|提速)\s*⟨x\d+⟩"#, options: .regularExpression) != nil
            addSpeed(slower ? (value > 1 ? 1 / value : (value == 1 ? 0.5 : value)) : (fasterByOne ? 2 : value), written: quantity.written)
            found = true
        }
        if !found, let match = c.fresh(Self.shareOfSpeed).first,
            let placeholder = (0..<match.groups.count).compactMap({ match.group($0) }).first,
            let (_, quantity) = self.quantity(placeholder), let percent = quantity.value
        {
            c.use(match.range)
            addSpeed(percent / 100, written: quantity.written)
            found = true
        }
        if !found, let match = c.fresh(Self.halfByWords).first { c.use(match.range); addSpeed(0.5, written: "0.5x"); found = true }
        if !found, let match = c.fresh(Self.bareSpeedNumber).first, let (_, quantity) = self.quantity(match.group(0)), let value = quantity.value {
            c.use(match.range)
            addSpeed(value, written: quantity.written + "x")
            found = true
        }
        if !found, let match = c.fresh(Self.speedNumber).first, let (_, quantity) = self.quantity(match.group(0)), let value = quantity.value {
            c.use(match.range)
            addSpeed(value, written: quantity.written + "x")
            found = true
        }
        if !found, let match = c.fresh(Self.doubleSpeed).first { c.use(match.range); addSpeed(2, written: "2x"); found = true }
        if !found, let match = c.fresh(Self.quarterSpeed).first { c.use(match.range); addSpeed(0.25, written: "0.25x"); found = true }
        if !found, let match = c.fresh(Self.halfSpeed).first ?? c.fresh(Self.slowMotion).first { c.use(match.range); addSpeed(0.5, written: "0.5x"); found = true }
        if !found, let match = c.fresh(Self.normalSpeed).first { c.use(match.range); add(.speed(1)); found = true }
        if !found, let match = c.fresh(Self.speedAfterVague).first, let (_, quantity) = self.quantity(match.group(0)), let value = quantity.value, value > 0, value <= 8 {
            // "make it play faster, like 1.5": the vague word with its example.
            c.use(match.range)
            addSpeed(value, written: quantity.written + "x")
            found = true
        }
        if !found, let match = c.fresh(Self.vagueSpeed).first {
            c.use(match.range)
            vague =
                c.text(match.range).range(of: #"slow|慢|减速"#, options: .regularExpression) != nil
                ? "How much slower? Say 0.5x for half speed, or 0.75x."
                : "How much faster? Say 1.5x or 2x, for example."
            vagueKind = "speed"
            found = true
        }
        if found { for match in c.matches(Self.speedNoise) { c.use(match.range) } }
    }

    static let speedRefusal = "Speed can go from 0.5x to 4x here; "

    mutating func addSpeed(_ value: Double, written: String) {
        guard value >= 0.5, value <= 4 else {
            add(.refused(Self.speedRefusal + "\(written) is outside that, so I left the speed alone."))
            return
        }
        add(.speed(value))
    }
}
