import Foundation

/// What is not an edit: greetings and questions about the agent, asking where the project
/// stands, asking for the file, and edits this studio knows by name but does not do.
extension ClauseReader {
    static let greeting = rx(#"^(?:hi+|hello+|hey+|heya|hiya|howdy|yo+|sup|hola|gm|good\s+(?:morning|afternoon|evening|day)|what'?s\s+up|whats\s+up|greetings|(?:你好|您好|嗨|哈喽|哈啰|早上好|下午好|晚上好|早|在吗|在不在|哈罗|嘿)(?:呀|啊|哦|哇)?)(?:\s+(?:there|again|friend|buddy|mate|bot|agent|everyone|all))?\s*[!.~]*$"#)
    static let balance = rx(
        #"^(?:(?:so|and|hey|ok|um)[\s,]+)*(?:how\s+(?:many|much)\s+credits?(?:\s+(?:do\s+i|have\s+i|i)\s+(?:have|got)(?:\s+(?:left|remaining))?)?|how\s+much\s+credit\s+(?:do\s+i\s+have|is)\s+left|what'?s\s+my\s+(?:credit\s+)?balance|(?:check|show)\s+(?:my\s+)?(?:credits?|balance)|(?:my\s+)?credits?\s+(?:left|remaining)|am\s+i\s+out\s+of\s+credits?)\s*[?!.]*$|^(?:现在|我的|我)?(?:余额|积分|点数)(?:还有|还剩|剩)?(?:多少|几个)?(?:了)?[?？]?$"#)
    static let help = rx(
        #"^(?:(?:so|and|ok|okay|hey|hi|um)\s+)?(?:what\s+(?:else\s+)?(?:can|could|do)\s+(?:you|u|i)\s+(?:do|help\s+(?:me\s+)?with|ask|say)(?:\s+(?:here|for\s+me|with\s+(?:this|it|my\s+video)))?|what(?:\s+are|\s*'re|re)\s+(?:you|u)\s+(?:able\s+to\s+do|capable\s+of|good\s+(?:at|for))|what\s+(?:can|could)\s+i\s+ask\s+(?:you\s+)?(?:to\s+do|for)|what\s+(?:can|does)\s+this\s+(?:thing\s+)?do|what\s+are\s+you|who\s+are\s+you|how\s+(?:does\s+this|do\s+(?:i|you))\s+(?:work|use\s+(?:this|you|it))|how\s+do\s+i\s+(?:start|begin|use\s+this)|help(?:\s+me)?|what\s+(?:are\s+)?(?:your|the)\s+(?:options|features|commands)|what\s+can\s+this\s+(?:thing\s+|app\s+|tool\s+|bot\s+)?do|what\s+(?:commands|requests|things|words)\s+(?:do|can|will)\s+(?:you|u)\s+(?:understand|take|know|handle|do|support)|what\s+is\s+this|commands|options|what\s+(?:kinds?\s+of\s+|sorts?\s+of\s+)?(?:stuff|things|edits|tricks)\s+(?:can|could|do)\s+(?:you|u)\s+(?:do|handle|make|help\s+with)|what\s+(?:kinds?|sorts?)\s+of\s+(?:stuff|things|edits)\s+(?:are\s+you|r\s+u)\s+(?:able\s+to\s+do|good\s+for)|(?:请问)?你(?:都|还)?(?:会|能|可以)(?:做|干)?(?:些)?(?:什么|啥|嘛)|能(?:做|干)(?:什么|啥)|怎么用|如何使用|帮助|你是谁|有什么功能|可以干嘛)\s*[?!.？]*$"#
    )
    static let thanks = rx(#"^(?:(?:ok|okay|great|cool|awesome|perfect|nice)\s+|好的|好|嗯|行)?(?:thanks?(?:\s+(?:a\s+lot|so\s+much|very\s+much|man|mate|buddy|again))?|thank\s+(?:you|u|ya)(?:\s+(?:so\s+much|very\s+much|again|for\s+(?:the|your|all\s+the)\s+help))?|thanks\s+for\s+(?:the|your|all\s+the)\s+help|谢谢(?:你)?的帮助|(?:非常|十分|太)感谢(?:你)?|thanks?\s+u|thx|ty|tysm|cheers|much\s+appreciated|appreciate\s+it|谢谢(?:你|啦|了)?|太?感谢(?:你|了|啦)?|多谢(?:啦|了|你)?|谢(?:啦|了|咯)|辛苦了)(?:\s+(?:mate|man|bro|dude|buddy|pal|friend|fam|a\s+lot|so\s+much|a\s+(?:ton|bunch|million)|heaps|loads|tons))?(?:,?\s+that'?s\s+(?:all|it))?\s*(?:兄弟|哥们儿?|老铁|大佬|老哥|哥|姐|亲|朋友|伙计|啊|呀|哈)?\s*[!.~]*$"#)
    static let farewell = rx(#"^(?:bye|goodbye|good\s+bye|see\s+you|see\s+ya|cya|later|good\s+night|再见|拜拜|回头见)\s*[!.~]*$"#)
    static let praise = rx(#"^(?:(?:you'?re|you\s+are|ur|youre)\s+(?:awesome|amazing|great|the\s+best|a\s+(?:legend|lifesaver|star))|great|awesome|nice|perfect|cool|good\s+job|(?:great|nice|good|awesome)\s+(?:job|work)|well\s+done|looks\s+(?:good|great)|love\s+it|amazing|sweet|excellent|(?:that'?s|that\s+is|thats)\s+(?:perfect|great|awesome|amazing|nice|good|cool|exactly\s+(?:it|right))|(?:it|this)\s+looks\s+(?:good|great|perfect)|太棒了|不错|很好|完美|好的|好|可以|行|ok|okay)\s*[!.~]*$"#)

    static let status = rx(
        #"\bstatus\b|\bhow\s+long\s+(?:it|the\s+(?:video|clip|timeline|edit))\s+is\b|\bwhat\s+size\s+(?:it'?ll|it\s+will|will\s+it|it\s+would|would\s+it)\s+(?:export|be|come\s+out|end\s+up)\b|^(?:视频)?(?:做|弄|剪|渲染|处理|导|压)?(?:好|完)了(?:吗|没|没有|么)[?？]?$|查看(?:一下)?(?:状态|进度|时间线|项目)|(?:现在|目前)?(?:是)?(?:什么|啥)状态|\bwhat'?s\s+(?:on\s+)?the\s+timeline(?:\s+(?:now|like))?\s*\??$|\btell\s+me\s+what\s+(?:you\s+did|you'?ve\s+done|you\s+have\s+done|changed|is\s+on\s+the\s+timeline)|\bwhat'?s\s+changed(?:\s+so\s+far)?|\bwhat\s+has\s+changed|\bwhat\s+changed(?:\s+so\s+far)?\s*\??$|\b(?:can|could|may)\s+i\s+(?:see|view|look\s+at|check)\s+(?:the\s+|my\s+)?(?:timeline|project|tracks|edit|edits|settings|changes)\b|\bhow\s+long\s+is\s+(?:it|the\s+(?:video|clip|timeline|edit))(?:\s+(?:now|right\s+now|at\s+the\s+moment|currently))?\s*\??$|(?:现在|目前)?(?:视频)?(?:有)?多长(?:了)?|\bwhat'?s\s+(?:going\s+on|happening|up|the\s+(?:status|state))\s+(?:with|on|in)\s+(?:my|the|this)\s+(?:project|video|edit|clip|timeline)|\bwhere\s+(?:are\s+we|am\s+i|is\s+it\s+at|do\s+(?:we|things)\s+stand)|\bwhere'?s\s+(?:my|the)\s+(?:project|video|edit)|\bwhat\s+does\s+(?:the\s+|my\s+)?(?:timeline|project|video|edit)\s+look\s+like|\bwhat'?s\s+in\s+(?:the|my)\s+(?:project|timeline)|\bwhat\s+do\s+(?:we|i)\s+have(?:\s+so\s+far)?|\bwhat\s+(?:have|'ve)\s+(?:we|you|i)\s+got\b|看看(?:现在的?)?(?:项目|时间线|设置)|(?:项目|视频)?现在(?:是)?(?:什么样|怎么样|啥样)|(?:现在|目前)的?(?:项目|视频)(?:是)?(?:什么样|怎么样|啥样)|\bwhat\s+(?:have\s+you|did\s+you)\s+(?:done|do|changed?)|\bshow\s+(?:me\s+)?(?:the\s+|my\s+)?(?:current\s+)?(?:timeline|tracks|project|settings|edits?|changes)\b|\bwhat'?s\s+on\s+(?:the\s+)?timeline|\bhow'?s\s+(?:it|my\s+(?:video|project|edit)|the\s+(?:project|video|edit))\s+(?:going|looking)|\bwhat\s+(?:will|would)\s+(?:the\s+)?export\s+(?:be|look\s+like)|\bcurrent\s+settings\b|\bshow\s+me\s+what\s+(?:you'?ve|you\s+have)\s+(?:got|done)|\bwhat\s+(?:have\s+)?you\s+got\b|(?:现在|目前)?(?:是)?(?:什么|啥)情况|(?:现在|目前|当前)的?(?:情况|状态|进度)|\bwhat'?s\s+the\s+(?:current\s+)?(?:state|status|situation)|\bwhat(?:'?s|\s+does)\s+(?:it|the\s+timeline|the\s+project|my\s+(?:video|project|edit))\s+look\s+like|\blist\s+(?:the\s+|my\s+|all\s+(?:the\s+|my\s+)?)?(?:edits|changes|tracks|settings)\b|\b(?:edits|changes)\s+so\s+far\b|\bwhat\s+edits\s+(?:have\s+you|did\s+you|are\s+there)|(?:现在)?导出(?:的话|以后|后)?(?:文件|视频)?(?:会|能)?有?多大|文件(?:会|能)?有多大|\bhow\s+big\s+(?:will|would)\s+(?:it|the\s+(?:file|video|export))\s+be\b|\bwhat\s+size\s+(?:will|would)\s+(?:it|the\s+(?:file|video|export))\s+be\b|现在怎么样|进度|项目(?:情况|状态)|当前设置|看看(?:时间线|项目|设置)|时间线|做了什么|改了什么|\bhow'?s\s+(?:the\s+|my\s+)?(?:render|export|encode|upload|compression)\w*\s+(?:going|coming(?:\s+along)?|doing|looking)\b|\bhow\s+(?:is|are)\s+(?:the\s+|my\s+)?(?:render|export|encode|upload|compression)\w*\s+(?:going|coming(?:\s+along)?|doing)\b|\bis\s+(?:it|the\s+(?:render|export|video|file)|my\s+(?:render|export|video|file))\s+(?:done|ready|finished)(?:\s+yet)?\s*\??$|\bhow\s+(?:far\s+along|much\s+(?:longer|left))\b|\bany\s+(?:progress|updates?|news)(?:\s+(?:on|about|with|for)\s+(?:the\s+|my\s+)?(?:render|export|video|file|encode|upload|compression)\w*)?\b|\bwhat\s+(?:are\s+)?(?:the\s+|my\s+)?(?:current\s+|export\s+)*settings\b|\bwhat\s+settings\b|(?:现在|目前|当前)?(?:是)?(?:什么|啥|哪些)(?:设置|参数)|(?:设置|参数)(?:是)?(?:什么|啥|怎样|怎么样)|(?:渲染|导出|压缩)(?:得)?(?:怎么样|到哪|好了(?:吗|没)|完了(?:吗|没))"#
    )

    static let export = rx(
        #"\b(?:export|render|download)\w*\b|\bsave\s+(?:it|this|the\s+(?:video|file|result|clip)|a\s+copy)\b|\b(?:give|send|hand|pass)\s+(?:me\s+)?(?:over\s+)?(?:the|my|that|this)?\s*(?:final\s+|finished\s+|edited\s+)?(?:file|video|result|mp4|export|clip|thing|output)\b|\bget\s+me\s+(?:the|my|that)\s+(?:final\s+|finished\s+|edited\s+)?(?:file|video|result|mp4|export|clip|output)\b|\bgimme\b(?!\s+(?:the\s+|just\s+|only\s+)?(?:first|last|final|opening|middle|⟨))|\bcan\s+i\s+(?:have|get)\s+(?:the|my)\s+(?:file|video|mp4|result|export)\b|\b(?:finish|wrap)\s+(?:it|this|things)\s+up\b|\bfinali[sz]e\s+(?:it|this)\b|\bsend\s+(?:it|that)\s+(?:to\s+me|over|back)\b|^(?:just\s+|now\s+|then\s+)?send(?:\s+it)?(?:\s+(?:now|please|pls))?$|\bhand\s+it\s+over\b|\b(?:turn|make|convert|change|save|transform)\s+(?:it\s+|this\s+|the\s+(?:video|clip|file)\s+)?(?:(?:in)?to\s+|as\s+)?(?:an?\s+)?(?=(?:gif|webm|mov|mkv|avi|wmv|flv|mp3|wav|m4a)\b)|\b(?:get|have|want|need)\s+(?:it|this|that|the\s+(?:video|file|clip|result))\s+(?:as|in)\s+(?:an?\s+)?(?=(?:mp4|mov|webm|gif|mkv|avi|m4v|wmv|flv|mp3|wav|m4a)\b)|\b(?:spit|crank|pop|churn|kick|pump|push)\s+(?:out\s+(?:the|my|a|that)\s+(?:final\s+|finished\s+)?(?:file|video|result|mp4|clip|export|output)|(?:it|that|the\s+(?:file|video|result))\s+out)\b|\bi\s+(?:want|need)\s+(?:the|my)\s+(?:file|video|mp4|result)\b(?=\s*(?:now|please|back|asap|when|in|as|at|$|[,.!]))|\bready\s+to\s+(?:download|post|share|upload)\b|导出|生成(?:视频|成片|文件|最终版)|生成(?:最终|最后|完整)的?(?:视频|成片|文件|版本)|出(?:个)?文件|出吧|可以出了|出片|下载|发给我|给我(?:文件|视频|成品)|保存(?:视频|文件)?|出片|输出(?:视频|文件)?|渲染"#
    )
    static let askedFormat = rx(#"\b(?:as|into|to)\s+(?:an?\s+)?(gif|webm|mov|mkv|avi|wmv|flv)\b(?!\s+(?:file|clip|video)\s+(?:i|you|we))"#)
    static let format = rx(#"\b(?:as\s+(?:an?\s+)?|in\s+|to\s+)?(mp4|mov|webm|gif|mkv|avi|m4v|wmv|flv|mp3|wav|m4a|aac|ogg|flac)\b"#)
    static let separately = rx(#"\b(?:each(?!\s+(?:end|side|other))|separately|separate\s+(?:files|videos|exports)|one\s+by\s+one|individually|(?:every|each)\s+(?:video|clip|file)|one\s+file\s+(?:each|per\s+(?:video|clip)))\b|分别|逐个|分开|各自|每个(?:视频|片段|文件)?单独|单独(?!\s*(?:留|保留|要|剪出|截出|拿出))(?:的文件)?"#)
    static let together = rx(#"\b(?:together(?<!\bput\stogether)(?<!\bputting\stogether)(?<!\bputs\stogether)(?<!\bget\stogether)(?<!\bgetting\stogether)|joined|join\s+(?:them|the\s+(?:videos|clips))|merge\w*|combine\w*|stitch\w*|as\s+one|into\s+one|single\s+(?:video|file)|one\s+(?:video|file))\b|合并|合成一个|拼接|拼起来|拼在一起|连起来|连在一起|接在一起|串起来|合在一起|合到一起|放在一起"#)
    static let exportNoise = rx(#"\b(?:export|render|download|save|give|send|get|hand|me|the|my|it|file|video|result|now|please|ready|to|and|as|in|for|share|sharing|post|posting|on|discord|a|an|when|done|copy|final|finished|edited|them|videos|clips|files|all)\b|导出|下载|保存|给我|发|视频|文件|一下"#)

    static let leadingGreeting = rx(#"^(?:hi|hello|hey|heya|hiya|yo|sup|ok|okay|so|um|uh|well|alright|hmm)\b[\s,!.]*(?=\S)|^(?:你好|您好|嗨|哈喽)[\s,!.]*(?=\S)"#)
    static let preamble = rx(
        #"^(?:(?:please\s+)?(?:fix|sort|handle|deal\s+with)\s+(?:it|this|that)(?:\s+(?:please|for\s+me))?|i'?m\s+(?:happy|good|done|fine|satisfied|ok|okay)\s+with\s+(?:it|this|that)|(?:it\s+)?(?:looks|sounds)\s+(?:good|great|fine)|that'?s\s+(?:good|great|fine|perfect)|满意了?|没问题)\s*[!.]*$|^(?:so\s+|ok\s+so\s+)?(?:i|we)\s+(?![^⟨]*\b(?:sideways|upside\s+down|but|hum|hiss|buzz|static|noise)\b)(?:just\s+)?(?:recorded|made|filmed|shot|captured|clipped|streamed|got|uploaded|did|edited)\b[^⟨]*$|^(?:this|it)\s+(?:is|was)\s+(?:my|a|an|the|from|for)\b[^⟨]*$|^(?:(?:ok(?:ay)?|alright|great|cool|right)\s+)?(?:i'?m|im|i\s+am)\s+(?:happy|good|done|fine|satisfied|ready)(?:\s+with\s+(?:it|this|that))?(?:\s+now)?\s*[!.]*$|^(?:i'?m\s+ready|ready|(?:i'?m\s+)?done(?:\s+editing)?|that'?s\s+(?:it|all)|ok(?:ay)?|alright|let'?s\s+go|好了|可以了|就这样|(?:弄|做|改|剪|搞)好了|搞定了?)\s*[!.]*$|^(?:(?:can|could|would|will)\s+you\s+)?(?:please\s+)?(?:edit|fix\s+up|work\s+on|help\s+(?:me\s+)?with|do\s+something\s+with|take\s+a\s+look\s+at)\s+(?:this|it|my\s+(?:video|clip))(?:\s+(?:for\s+me|please))?\s*[?!.]*$|^(?:帮我|请)?(?:剪|弄|处理|编辑|改)一下(?:这个)?(?:视频)?[吧。]*$"#
    )

    mutating func readTalk() {
        if let match = c.first(Self.preamble) {
            c.use(match.range)
            // "that's perfect" alone is praise; before a request it is only a preamble, and the
            // parser drops praise beside a request.
            if c.text(match.range).range(of: #"^(?:that'?s|(?:it\s+)?(?:looks|sounds))\s+(?:good|great|perfect)\s*[!.]*$"#, options: .regularExpression) != nil {
                add(.talk(.praise))
            }
            return
        }
        if let match = c.first(Self.leadingGreeting) { c.use(match.range) }
        // "哈喽哈喽", "感谢感谢", "thanks thanks": a word said twice is said once.
        let whole = c.lower.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ",.!?~")))
            .replacingOccurrences(of: #"(\p{Han}{2}|\b[a-z]+\b)(?:\s*\1)+"#, with: "$1", options: .regularExpression)
        let probe = ClauseText(cased: whole, quotes: [])
        let kinds: [(NSRegularExpression, SmallTalk)] = [
            (Self.greeting, .greeting), (Self.help, .help), (Self.thanks, .thanks), (Self.farewell, .farewell), (Self.praise, .praise), (Self.balance, .balance),
        ]
        for (regex, kind) in kinds where probe.first(regex) != nil {
            add(.talk(kind))
            c.use(0..<c.chars.count)
            return
        }
    }

    /// A clause asked as a question: "what settings will it export with", "how big will the export be?".
    static let question = rx(#"^(?:(?:so|and|ok|okay|um|hey)\s+)?(?:what|which|how|when|where|will|would|does|do|is|are|can|could)\b|\?\s*$|吗\s*$|(?:什么|多大|多少|怎么样|哪些)"#)

    mutating func readStatus() {
        guard let match = c.fresh(Self.status).first else { return }
        c.use(match.range)
        add(.status)
        // "Export" stays for "status, export", but in a question about the status it is part
        // of the question ("what settings will it export with"), not an order.
        let asked = c.first(Self.question) != nil
        for match in c.matches(Self.exportNoise) where asked || c.text(match.range) != "export" { c.use(match.range) }
    }

    mutating func readExport() {
        if let match = c.fresh(Self.separately).first {
            c.use(match.range)
            add(.exportMode(separately: true))
        } else if let match = c.fresh(Self.together).first {
            c.use(match.range)
            add(.exportMode(separately: false))
        }
        guard let match = c.fresh(Self.export).first else {
            // "I want to post this as a gif": a file kind asked for without the word export.
            if let named = c.fresh(Self.askedFormat).first, let group = named.group(0) {
                c.use(named.range)
                add(.refused("Exports here are MP4 (H.264 video, AAC sound), which every Discord client plays; \(c.text(group).uppercased()) isn't written."))
            }
            return
        }
        c.use(match.range)
        var format: String?
        if let named = c.first(Self.format) {
            c.use(named.range)
            format = c.text(named.group(0))
        }
        if let format, !["mp4", "m4v"].contains(format) {
            add(.refused("Exports here are MP4 (H.264 video, AAC sound), which every Discord client plays; \(format.uppercased()) isn't written."))
        } else {
            add(.export(format: format))
        }
        for match in c.matches(Self.exportNoise) { c.use(match.range) }
    }

    // MARK: Known, not done here

    static let unsupportedEdits: [(String, String)] = [
        (#"\b(?:rotat\w+|turn\s+(?:it\s+)?(?:sideways|upside\s+down)|upside\s+down|(?:filmed|shot|recorded)\s+(?:it\s+|this\s+|that\s+)?sideways(?![^,;]*\bbut\s+(?:that'?s|it'?s|its)\s+(?:fine|ok|okay|alright))|(?:is|it'?s|its)\s+sideways)\b|旋转|转90度|拍(?:成)?横了|拍歪了|倒过来了"#, "rotating the picture"),
        (#"\b(?:flip\w*(?!\s+(?:it\s+|this\s+|the\s+(?:video|clip)\s+)?(?:to|into|over\s+to)\s+(?:portrait|landscape|vertical|horizontal|widescreen|wide))|mirror\w*)\b|翻转|镜像"#, "flipping or mirroring"),
        (#"\b(?:filters?|colou?r\s*grad\w*|colou?rs?|saturat\w+|contrast|brightness|brighten\w*|brighter|darken\w*|darker|more\s+(?:vibrant|colou?rful|vivid)|exposure|warmer|cooler|vintage|black[\s-]+and[\s-]+white|grayscale|greyscale|sepia|lut|cinematic|retro|old[\s-]school|vhs|film\s+(?:look|grain)|noir|sharpen\w*|sharper|crisper|denoise|de-?noise)\b|锐化|滤镜|调色|调个色|调一下色|调下色|颜色|色彩|色调|亮度|对比度|饱和度|黑白|调亮|变亮|调暗|变暗|亮一点|暗一点"#, "colour and filters"),
        (#"\b(?:stabili[sz]\w*|shaky|shake)\b|防抖|稳定"#, "stabilising"),
        (#"\b(?:revers\w*|backwards?|rewind)\b|倒放|倒着放"#, "playing it backwards"),
        (#"\b(?:loop\w*|repeat\w*|boomerang)\b|循环|重复"#, "looping"),
        (#"\b(?:blur\w*|pixelat\w*|censor\w*)\b|模糊|打码|马赛克"#, "blurring part of the picture"),
        (#"\bzoom\w*\b|放大|缩放|变焦"#, "zooming"),
        (#"\bmake\s+(?:a\s+|it\s+(?:into\s+)?(?:a\s+)?)?meme(?:\s+(?:out\s+of|of)\s+(?:it|this))?\b|做成表情包"#, "turning it into a meme"),
        (#"\b(?:font(?:\s+size)?|(?:bigger|smaller|larger)\s+(?:text|title|letters|font)|(?:text|title|letters)\s+(?:bigger|smaller|larger|size))\b|字体|字号|字大一点|字小一点"#, "changing the text size or font"),
        (#"\b(?:transitions?|crossfade|cross-fade|dissolve|wipe)\b|转场|过渡"#, "transitions"),
        (#"\bfade\w*\b|淡入|淡出|渐隐|渐显"#, "fades (music already fades out at the end)"),
        (#"\b(?:watermark(?!\s+text)|logo|sticker|emoji|image|picture|photo|gif\s+overlay|meme\s+overlay)\b|水印(?!文字|字)|贴纸|贴图|表情|图片|logo"#, "pictures and stickers on the video"),
        (#"\b(?:green\s*screen|chroma|remove\s+(?:the\s+)?background(?!\s+(?:music|song|track|tune|audio|sound|noise|beat|bgm))|background\s+removal)\b|抠图|绿幕|去背景"#, "removing the background"),
        (#"\b(?:voice\s*over|voiceover|narrat\w+|dub\w*|text\s+to\s+speech|tts)\b|配音|旁白|解说"#, "voiceovers"),
        (#"\b(?:denois\w*|noise\s+reduction|background\s+noise|echo|reverb|autotune|auto-tune|equali[sz]\w*|bass\s+boost|(?:background\s+|electrical\s+|mic\s+|annoying\s+)?(?:hum|hiss|hissing|buzz|buzzing|static))\b|降噪|去噪|混响|回声|杂音|噪音|底噪|电流声"#, "cleaning up the sound"),
        (#"\b(?=upload|post|share|send|publish)(?<!\b(?:want|wanna|need|going|have|like|able)\s(?:to\s)?)(?<!\bi'?ll\s)(?<!\bto\s)(?<!\bi'?m\s)(?<!\bwe'?re\s)(?<!\bbe\s)(?:upload|post|share|send|publish)\w*\s+(?:it\s+|this\s+)?(?:to|on|in)\s+(?:discord|youtube|twitter|tiktok|instagram|reddit|my\s+server|the\s+server)\b|(?:帮我|替我|给我|你)(?:发到|发布到|上传到)"#, "posting it for you (export it, then drag the file into Discord)"),
        (#"\b(?:effects?|glitch|animation|animated|explosions?|particles?|sparkles?|confetti|lens\s+flare|borders?|vignette|frame\s+around|(?:photo|picture)\s+frame)\b|特效|动画|边框|相框"#, "effects, borders and animations"),
        (#"\b(?:split\s+(?:it|the\s+video)|into\s+(?:parts|pieces|chunks|clips))\b|分割|拆分|切成几段"#, "splitting it into several files"),
        (#"\b(?:split[\s-]?screen|side[\s-]by[\s-]side|picture[\s-]in[\s-]picture|pip|split\s+the\s+screen)\b|分屏|画中画"#, "split screens and picture-in-picture"),
        (#"\b(?:undo|revert|go\s+back(?!\s+to\s+(?:normal|regular|the\s+original|original|1x|full))|start\s+over|reset(?!\s+(?:the\s+)?speed))\b|撤销|撤回|恢复原样|重来"#, "undoing edits (upload the video again to start over)"),
    ].map { ($0.0, $0.1) }
    static let unsupportedPatterns: [(NSRegularExpression, String)] = unsupportedEdits.map { (rx($0.0), $0.1) }

    mutating func readUnsupported() {
        // One sentence a clause: "add an echo effect" is named once, as its most specific kind.
        var named = false
        for (regex, name) in Self.unsupportedPatterns {
            for match in c.fresh(regex) {
                c.use(match.range)
                if !named { add(.unsupported(name)) }
                named = true
            }
        }
        if named {
            for match in c.matches(Self.unsupportedNoise) { c.use(match.range) }
            // "crop out the black bars": the thing named is the request, not a shape left open.
            vague = nil
            vagueKind = nil
            loneFit = nil
        }
    }

    static let unsupportedNoise = rx(#"\b(?:it|the|video|clip|a|an|add|make|put|can|you|please|some|on|to|in|of|and|with|little|bit|more|less|look|by|degrees?|way|part|parts|thing)\b|⟨[a-z]\d+⟩|视频|加|把|一下|的|个"#)
}
