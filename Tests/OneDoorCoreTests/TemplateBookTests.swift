import OneDoorCore
import Testing

/// Reworded templates (ADR 0029): only the message's own variables, the required ones kept,
/// well-formed; the book renders the current version.
@Suite struct TemplateBookTests {
    @Test func everyBuiltInTemplateIsCheckedAndNamed() throws {
        for (code, template) in TemplateBook.builtIn {
            #expect(TemplateBook.purposes[code] != nil, "\(code) has no purpose")
            // The built-in wording passes its own check.
            #expect((try? TemplateBook.check(code: code, subject: template.subject, text: template.text).get()) != nil, "\(code)")
        }
    }

    @Test func anEditNamesEveryProblem() {
        guard case .failure(let failed) = TemplateBook.check(code: "application-correction", subject: String(repeating: "题", count: 101),
                                                             text: "请补正{{items}}，申报号{{id}") else {
            Issue.record("a bad edit was taken"); return
        }
        let reasons = failed.problems.map(\.reason)
        #expect(reasons.contains { $0.contains("标题不能超过 100 字") })
        #expect(reasons.contains { $0.contains("“items”不可用") && $0.contains("{{list}}") })
        #expect(reasons.contains { $0.contains("必须包含变量 {{list}}") })
        #expect(reasons.contains { $0.contains("没有对应的“}}”") })
        guard case .failure(let unknown) = TemplateBook.check(code: "no-such", subject: "", text: "x") else { Issue.record("unknown code"); return }
        #expect(unknown.problems.map(\.path) == ["code"])
        guard case .failure(let empty) = TemplateBook.check(code: "case-accepted", subject: "", text: "  ") else { Issue.record("empty text"); return }
        #expect(empty.problems.map(\.path) == ["text"])
    }

    @Test func theBookRendersTheCurrentVersion() throws {
        let edited = try TemplateBook.check(code: "case-granted", subject: "决定", text: "【禅城政务】{{item}}已准予（{{number}}）").get()
        let book = TemplateBook.standard.with(edited, version: 2)
        #expect(book.versions["case-granted"] == 2 && TemplateBook.standard.versions["case-granted"] == nil)
        #expect(book.render("case-granted", ["item": "食品经营许可", "number": "CC-1"])?.text == "【禅城政务】食品经营许可已准予（CC-1）")
        #expect(book.render("case-granted", ["item": "食品经营许可"]) == nil) // a missing value: no message rather than "{{number}}"
        #expect(book.render("no-such", [:]) == nil)
    }
}
