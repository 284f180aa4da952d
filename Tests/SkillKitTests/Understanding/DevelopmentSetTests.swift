import Foundation
import SkillKit
import Testing

/// The team's development set for the request parser: every request read as meant.
struct DevelopmentSetTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var request: String
        var expected: [String]
        var testDescription: String { request }
    }

    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("development-set.tsv")

    static let cases: [Case] = {
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let tab = line.firstIndex(of: "\t") else { return nil }
            let expected = line[line.index(after: tab)...].components(separatedBy: " ; ").map { $0.trimmingCharacters(in: .whitespaces) }
            return Case(request: String(line[..<tab]), expected: expected)
        }
    }()

    @Test func theSetIsLargeAndBilingual() {
        #expect(Self.cases.count >= 250)
        #expect(Self.cases.filter { $0.request.unicodeScalars.contains { $0.properties.isIdeographic } }.count >= 80)
    }

    @Test(arguments: cases)
    func readAsMeant(_ item: Case) {
        let actual = OperationNotation.describe(RequestParser().parse(item.request))
        // Exactly as meant: the same verdict the bench gives (cutting the end off is keeping the start).
        #expect(OperationNotation.verdict(expected: item.expected, actual: actual) == .understood, "\(item.request) → \(actual.joined(separator: " ; "))")
    }
}
