/// The words of every message the platform sends (ADR 0029): the built-in templates, each of
/// which an administrator may reword as a new version. A message is rendered from the book's
/// current version when it is written to the outbox; what was sent stays in the outbox as sent.
///
/// An edited template may use only the variables its message supplies (those of the built-in
/// template) and must keep the ones the message is for — a correction notice without its list,
/// a code message without the code, would tell the citizen nothing.
public struct TemplateBook: Sendable, Hashable {
    public private(set) var templates: [String: MessageTemplate]
    /// The version of each template in use: 0 is the built-in one.
    public private(set) var versions: [String: Int]
    /// The site's public address (`ONEDOOR_PUBLIC_URL`), for links to 我的 in messages; empty:
    /// messages carry no link.
    public var site = ""

    public init(templates: [String: MessageTemplate] = TemplateBook.builtIn, versions: [String: Int] = [:]) {
        self.templates = templates
        self.versions = versions
    }

    /// The built-in templates, by code.
    public static let builtIn: [String: MessageTemplate] = CaseMessages.templates
        .merging(ApplicationMessages.templates) { a, _ in a }
        .merging(AppointmentMessages.templates) { a, _ in a }
        .merging([CitizenMessages.codeTemplate.code: CitizenMessages.codeTemplate]) { a, _ in a }
        .merging(TicketMessages.templates) { a, _ in a }
        .merging(PushMessages.templates) { a, _ in a }
        .merging(ThemeMessages.templates) { a, _ in a }
        .merging(RatingMessages.templates) { a, _ in a }
        .merging(ComplaintMessages.templates) { a, _ in a }
        .merging(SupervisionAlerts.templates) { a, _ in a }

    public static let standard = TemplateBook()

    /// When each message is sent, as administrators read it.
    public static let purposes: [String: String] = [
        "citizen-code": "登录验证码", "application-received": "网上申报已提交", "application-correction": "网上预审需补齐补正",
        "application-originals": "预审通过，告知携带原件", "case-accepted": "办件已受理", "case-correction": "窗口一次性告知补正",
        "case-not-accepted": "不予受理", "case-granted": "准予决定", "case-denied": "不予许可决定", "case-ready": "办结待领取",
        "case-ready-electronic": "办结（电子送达）", "case-posted": "结果已邮寄", "case-special-start": "特别程序开始",
        "case-special-end": "特别程序结束", "case-material-due": "容缺材料到期前 3 天提醒", "licence-renewal": "电子证照到期前 30 天提醒", "appointment-booked": "预约成功",
        "appointment-reminder": "预约前一天提醒", "appointment-cancelled": "预约已取消", "ticket-near": "排队快到了（前面 3 人）",
        "push-recommendation": "推送办：办结一件事后为申请人推荐下一步", "theme-accepted": "一件事一次受理（列出全部事项）",
        "theme-correction": "一件事补齐补正（一次告知全部事项所缺材料）",
        "rating-feedback": "差评整改后反馈评价人",
        "complaint-received": "投诉、举报、咨询、建议已受理（编号和查询码）", "complaint-replied": "投诉、举报、咨询、建议的答复",
        "supervision-alert": "电子监察预警（给值班监察人员）",
        "theme-carry-on": "一件事前置事项未获准予，牵头部门决定继续办理其余事项", "theme-stopped": "一件事前置事项未获准予，牵头部门决定终止",
        "theme-ready": "一件事全部办结，统一出件",
    ]

    /// Variables an edited template must keep.
    public static let required: [String: Set<String>] = [
        "citizen-code": ["code"], "application-correction": ["list"], "application-originals": ["list", "hall"],
        "case-posted": ["tracking"], "case-material-due": ["material", "due"], "licence-renewal": ["licence", "until"], "appointment-booked": ["date", "time"],
        "appointment-reminder": ["time"], "ticket-near": ["number", "ahead"], "push-recommendation": ["target"],
        "complaint-received": ["number", "code"], "complaint-replied": ["reply"], "supervision-alert": ["rule", "count", "items"],
    ]

    /// The current template of `code`.
    public func template(_ code: String) -> MessageTemplate? { templates[code] }

    /// The `{{link}}` of a message: "详见：<site><path>", or nothing without a public address.
    public func link(_ path: String) -> String { site.isEmpty ? "" : "详见：" + site + path }

    /// The current template of `code` filled with `values`; nil when there is no such template
    /// or a value is missing (a message not sent rather than one with "{{…}}" in it).
    public func render(_ code: String, _ values: [String: String]) -> (subject: String, text: String)? {
        guard let template = templates[code], case .success(let rendered) = template.render(values) else { return nil }
        return rendered
    }

    /// The book with `template` as version `version` of its code.
    public func with(_ template: MessageTemplate, version: Int) -> TemplateBook {
        var copy = self
        copy.templates[template.code] = template
        copy.versions[template.code] = version
        return copy
    }

    /// A new wording of the built-in template `code`, or every problem with it.
    public static func check(code: String, subject: String, text: String) -> Result<MessageTemplate, ValidationFailed> {
        var c = ProblemCollector()
        guard let standard = builtIn[code] else {
            return .failure(ValidationFailed([ValidationProblem(path: "code", reason: "没有编码为“\(code.prefix(40))”的消息模板")]))
        }
        let subject = subject.trimmingWhitespace(), text = text.trimmingWhitespace()
        c.requireText("text", text, label: "消息正文", maxLength: 500)
        if subject.count > 100 { c.add("subject", "邮件标题不能超过 100 字") }
        let edited = MessageTemplate(code: code, channel: standard.channel, subject: subject, text: text)
        let allowed = Set(standard.placeholders)
        let used = edited.placeholders
        for name in used where !allowed.contains(name) {
            c.add("text", "模板变量“\(name)”不可用；可用的变量：\(standard.placeholders.map { "{{\($0)}}" }.joined(separator: "、"))")
        }
        for name in (required[code] ?? []).sorted() where !used.contains(name) {
            c.add("text", "消息必须包含变量 {{\(name)}}")
        }
        if case .failure(let malformed) = edited.render(Dictionary(uniqueKeysWithValues: used.map { ($0, "") })) {
            c.add(contentsOf: malformed.problems.filter { !$0.reason.contains("没有取值") })
        }
        if !c.problems.isEmpty { return .failure(ValidationFailed(c.problems)) }
        return .success(edited)
    }
}
