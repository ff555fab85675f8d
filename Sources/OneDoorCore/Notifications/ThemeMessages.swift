/// What the applicant of a theme case is told (issue 17 §2): once at acceptance — every item,
/// the theme's promised date — and, for 统一出件, once when the last item concludes, instead of
/// a "ready" message per item.
public enum ThemeMessages {
    public static let templates: [String: MessageTemplate] = Dictionary(uniqueKeysWithValues: [
        MessageTemplate(code: "theme-accepted", channel: .sms, subject: "一件事受理通知",
                        text: "您申请的“{{theme}}”已一次受理，共{{count}}个事项（{{items}}），主件号{{number}}，承诺{{promised}}前全部办结。{{link}}"),
        MessageTemplate(code: "theme-correction", channel: .sms, subject: "一件事补齐补正告知",
                        text: "您申请的“{{theme}}”需补齐补正以下材料（一次告知）：{{missing}}。请带齐后到任一服务中心综合窗口办理（主件号{{number}}）。{{link}}"),
        MessageTemplate(code: "theme-carry-on", channel: .sms, subject: "一件事继续办理告知",
                        text: "您申请的“{{theme}}”中“{{refused}}”未获准予，牵头部门决定其余事项继续办理：{{reason}}。依赖该事项的“{{cut}}”已撤回（主件号{{number}}）。{{link}}"),
        MessageTemplate(code: "theme-stopped", channel: .sms, subject: "一件事终止办理告知",
                        text: "您申请的“{{theme}}”中“{{refused}}”未获准予，牵头部门决定终止办理：{{reason}}。未办结的事项已一并撤回（主件号{{number}}）。{{link}}"),
        MessageTemplate(code: "theme-ready", channel: .sms, subject: "一件事办结领取通知",
                        text: "您申请的“{{theme}}”已全部办结，请凭受理通知书到任一服务中心综合窗口一次领取全部结果（主件号{{number}}）。{{link}}"),
    ].map { ($0.code, $0) })

    /// The acceptance message of a theme case numbered in storage (its number is put in for
    /// ``CaseMessages/numberPlaceholder``).
    public static func accepted(_ theme: ThemeCase, book: TemplateBook = .standard) -> [OutgoingMessage] {
        let number = theme.number.rawValue.isEmpty ? CaseMessages.numberPlaceholder : theme.number.rawValue
        guard let text = book.render("theme-accepted", ["theme": theme.themeName, "count": String(theme.children.count),
                                                        "items": theme.children.map(\.itemName).joined(separator: "、"), "number": number,
                                                        "promised": theme.promisedDeadline?.chinese ?? "期限", "link": book.link("/me")]) else { return [] }
        return messages(theme, key: "theme:\(number):accepted", template: "theme-accepted", text: text)
    }

    /// The one 补齐补正 notice of a theme at the window, everything missing across its items.
    public static func correction(_ theme: ThemeCase, book: TemplateBook = .standard) -> [OutgoingMessage] {
        let number = theme.number.rawValue.isEmpty ? CaseMessages.numberPlaceholder : theme.number.rawValue
        guard let text = book.render("theme-correction", ["theme": theme.themeName, "missing": (theme.correction ?? []).joined(separator: "；"),
                                                          "number": number, "link": book.link("/me")]) else { return [] }
        return messages(theme, key: "theme:\(number):correction", template: "theme-correction", text: text)
    }

    /// The lead department's decision after a refused prerequisite, with its reason: which item
    /// was refused, and what was withdrawn with it (carry on) or that everything open was (stop).
    public static func decided(_ theme: ThemeCase, stopped: Bool, reason: String, refused: [String], withdrawn: [String],
                               book: TemplateBook = .standard) -> [OutgoingMessage] {
        let template = stopped ? "theme-stopped" : "theme-carry-on"
        guard let text = book.render(template, ["theme": theme.themeName, "refused": refused.joined(separator: "、"), "reason": reason.trimmingWhitespace(),
                                                "cut": withdrawn.isEmpty ? "无" : withdrawn.joined(separator: "、"), "number": theme.number.rawValue,
                                                "link": book.link("/me")]) else { return [] }
        return messages(theme, key: "theme:\(theme.number):\(template)", template: template, text: text)
    }

    /// The one "collect everything" message of a 统一出件 theme.
    public static func ready(_ theme: ThemeCase, book: TemplateBook = .standard) -> [OutgoingMessage] {
        guard let text = book.render("theme-ready", ["theme": theme.themeName, "number": theme.number.rawValue, "link": book.link("/me")]) else { return [] }
        return messages(theme, key: "theme:\(theme.number):ready", template: "theme-ready", text: text)
    }

    static func messages(_ theme: ThemeCase, key: String, template: String, text: (subject: String, text: String)) -> [OutgoingMessage] {
        CaseMessages.smsAndEmail(key: key, template: template, text: text.text, subject: text.subject, phone: CaseMessages.mobile(theme.applicant.phone),
                                 email: theme.applicant.email.flatMap { EmailAddress.isValid($0) ? $0 : nil }, about: CaseMessages.enterpriseKey(theme.applicant))
    }

    /// Templates a 统一出件 child does not send on its own.
    public static let heldForTheTheme: Set<String> = ["case-ready", "case-ready-electronic"]
}
