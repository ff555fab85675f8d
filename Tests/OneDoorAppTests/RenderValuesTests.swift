import Mustache
@testable import OneDoorWeb
import Testing

@Suite struct RenderValuesTests {
    struct Row: Sendable { var name: String; var note: String?; var tags: [String] }
    struct Model: Sendable { var title: String; var rows: [Row]; var empty: [Row] }

    @Test func modelsBecomeDictionariesThatRenderTheSame() throws {
        let model = Model(title: "办件", rows: [Row(name: "甲", note: nil, tags: ["a", "b"]), Row(name: "乙", note: "急", tags: [])], empty: [])
        let flat = RenderValues.flatten(model)
        let dictionary = try #require(flat as? [String: Any])
        #expect((dictionary["rows"] as? [Any])?.first is [String: Any])
        let template = try MustacheTemplate(string: "{{title}}:{{#rows}}[{{name}}{{#note}}!{{note}}{{/note}}{{^note}}-{{title}}{{/note}}{{#tags}}<{{.}}>{{/tags}}]{{/rows}}{{^empty}}none{{/empty}}")
        #expect(template.render(flat) == template.render(model))
        #expect(template.render(flat) == "办件:[甲-办件<a><b>][乙!急]none")
    }
}
