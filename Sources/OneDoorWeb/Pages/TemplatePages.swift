import OneDoorCore
import OneDoorServices

/// Every message template: what it is for, its version and wording in use.
struct TemplatesPage: PageModel {
    struct Row: Sendable {
        var link: String
        var code: String
        var purpose: String
        var channel: String
        var version: String
        var text: String
    }

    var title: String { "消息模板" }
    var rows: [Row]

    init(entries: [MessageTemplateService.Entry]) {
        rows = entries.map {
            Row(link: SiteURL.adminTemplate(.value($0.code)).path, code: $0.code, purpose: $0.purpose, channel: $0.current.channel.label,
                version: $0.version == 0 ? "内置" : "第 \($0.version) 版", text: $0.current.text)
        }
    }
}

/// One template: the form for a new version, the variables, the built-in wording and the history.
struct TemplatePage: PageModel {
    struct VersionRow: Sendable {
        var version: Int
        var at: String
        var author: String
        var note: String
        var text: String
    }

    var title: String { "消息模板：\(purpose)" }
    var code: String
    var purpose: String
    var action: String
    var version: Int
    var versionLabel: String
    var subject: String
    var text: String
    var builtInText: String
    var builtInSubject: String
    var variables: String
    var required: String
    var history: [VersionRow]
    var hasHistory: Bool
    var message: String?
    var problems: [String] = []
    var hasProblems = false

    init(entry: MessageTemplateService.Entry, history: [TemplateVersion]) {
        code = entry.code
        purpose = entry.purpose
        action = SiteURL.adminTemplate(.value(entry.code)).path
        version = entry.version
        versionLabel = entry.version == 0 ? "内置" : "第 \(entry.version) 版"
        subject = entry.current.subject
        text = entry.current.text
        builtInText = entry.builtIn.text
        builtInSubject = entry.builtIn.subject
        variables = entry.variables.map { "{{\($0)}}" }.joined(separator: " ")
        required = entry.required.map { "{{\($0)}}" }.joined(separator: " ")
        self.history = history.map {
            VersionRow(version: $0.version, at: PageDates.dateTime($0.createdAt), author: $0.author, note: $0.note, text: $0.template.text)
        }
        hasHistory = !history.isEmpty
    }
}
