import Foundation
import Testing

@testable import SkillKit

struct GUITranslatorTests {
    static let cases: [(String, [ShellAction], String)] = [
        ("Click Export to download your video.", [.export], "Starting the export now."),
        ("Your clip is ready! Click the \"Export\" button when you're happy.", [.export], "Your clip is ready! Starting the export now."),
        ("Tap Download to save it.", [.export], "Starting the export now."),
        ("Press the Export button.", [.export], "Starting the export now."),
        ("Use the Export button in the top bar.", [.export], "Starting the export now."),
        ("点击“导出”即可下载。", [.export], "现在开始导出。"),
        ("点击导出按钮。", [.export], "现在开始导出。"),
        ("Preview it in the timeline.", [.previewTimeline], "Here is the timeline."),
        ("You can check the result on the timeline.", [.previewTimeline], "Here is the timeline."),
        ("在时间线中预览效果。", [.previewTimeline], "当前时间线如下。"),
        ("Open the project panel to see your clips.", [.showState], "Here is the current project."),
        ("Then open the Text tab.", [.showState], "Here is the current project."),
        ("打开项目查看素材。", [.showState], "当前项目如下。"),
        ("Drag the music onto the timeline.", [.sendEdit("add the music to the timeline")], "Sending that as an edit: add the music to the timeline."),
        ("Drag the title to the top of the frame.", [.sendEdit("move the title to the top of the frame")], "Sending that as an edit: move the title to the top of the frame."),
        ("把文字拖到顶部。", [.sendEdit("把文字移动到顶部")], "已作为编辑发送：把文字移动到顶部"),
        ("Drag and drop your video files here to get started.", [.promptUpload], "Type or drop a file path here to upload it."),
        ("Click Upload to add more clips.", [.promptUpload], "Type or drop a file path here to upload it."),
        ("Click \"Add Captions\" to generate subtitles.", [], "Say \"add captions\" and I'll do it."),
        ("Click Apply to confirm.", [], "Changes are applied as soon as you ask for them."),
        ("Adjust the volume slider in the Audio panel.", [], "Say \"audio\" and I'll do it."),
        ("在右侧面板中调整亮度。", [], "直接告诉我要改什么即可。"),
    ]

    @Test(arguments: cases)
    func translates(sentence: String, actions: [ShellAction], text: String) {
        let translation = GUITranslator().translate(sentence)
        #expect(translation.actions == actions, "\(sentence)")
        #expect(translation.text == text, "\(sentence)")
    }

    @Test func leavesOrdinaryTextAlone() {
        let plain = "I trimmed the clip to 20 seconds and added captions. The file will be about 8 MB."
        let translation = GUITranslator().translate(plain)
        #expect(translation.text == plain)
        #expect(translation.actions.isEmpty)
    }

    @Test func translatesOnlyTheGUISentences() {
        let translation = GUITranslator().translate("Captions added. Preview it in the timeline, then click Export.")
        #expect(translation.text == "Captions added. Here is the timeline. Starting the export now.")
        #expect(translation.actions == [.previewTimeline, .export])
    }

    @Test func noGUIWordSurvives() {
        let guiWords = ["click", "tap", "drag", "drop", "button", "panel", "点击", "拖", "打开", "按钮", "面板"]
        for (sentence, _, _) in Self.cases {
            let out = GUITranslator().translate(sentence).text.lowercased()
            for word in guiWords {
                #expect(!out.contains(word) || out.contains("type or drop"), "'\(word)' survived in: \(out)")
            }
        }
    }

    @Test func sentenceSplitterBuffersStreamedText() {
        var splitter = SentenceSplitter()
        #expect(splitter.append("Trimmed to 10.5 sec").isEmpty)
        #expect(splitter.append("onds. Click Exp") == ["Trimmed to 10.5 seconds. "])
        #expect(splitter.append("ort.") == [])
        #expect(splitter.finish() == "Click Export.")
        #expect(SentenceSplitter.sentences(of: "完成。点击导出。") == ["完成。", "点击导出。"])
    }
}
