import OneDoorCore
import OneDoorServices

/// A theme as a tile or a row: what it is, how many items, the days it saves.
struct ThemeRow: Sendable {
    var code: String
    var name: String
    var summary: String
    var link: String
    var items: Int
    var serialDays: Int
    var parallelDays: Int
    var suspended: Bool

    init(_ entry: ServiceTheme, snapshot: CatalogSnapshot) {
        let theme = entry.theme
        let figures = ThemeFigures.of(theme.selected(theme.answersSelectingAll), guides: snapshot.guides(of: theme))
        code = theme.code
        name = theme.name
        summary = theme.summary
        link = SiteURL.theme(.value(theme.code)).path
        items = figures.items
        serialDays = figures.serialDays
        parallelDays = figures.parallelDays
        suspended = entry.status == .suspended
    }
}

/// 一件事一次办: the published themes, for enterprises and for people.
struct ThemeListPage: PageModel {
    var title: String { "一件事一次办" }
    var enterprise: [ThemeRow]
    var person: [ThemeRow]

    init(snapshot: CatalogSnapshot) {
        enterprise = snapshot.themes.filter { $0.theme.serves == .enterprise }.map { ThemeRow($0, snapshot: snapshot) }
        person = snapshot.themes.filter { $0.theme.serves == .person }.map { ThemeRow($0, snapshot: snapshot) }
    }
}

/// A theme's guide (issue 17 §1): its questions, the items the answers select with their
/// departments, limits and prerequisites, and the figures computed from the catalogue — days one
/// after the other against in parallel, materials item by item against the one merged list.
struct ThemeGuidePage: PageModel {
    struct Question: Sendable {
        var key: String
        var text: String
        var yesNo: Bool
        var yes: Bool
        var no: Bool
        var value: String
    }

    struct ItemLine: Sendable {
        var number: Int
        var name: String
        var link: String
        var departmentName: String
        var promisedLimit: String
        var waitsFor: String?
        var condition: String?
        var critical: Bool
        var suspended: Bool
    }

    struct MaterialLine: Sendable {
        var number: Int
        var name: String
        var forItems: String
        var required: Bool
        var deferrable: Bool
    }

    struct PassedLine: Sendable {
        var name: String
        var from: String
        var to: String
    }

    var title: String { theme.name }
    var theme: Theme
    var code: String
    var version: Int
    var serves: String
    var leadDepartment: String
    var suspended: Bool
    var draft: Bool
    var questions: [Question]
    var hasQuestions: Bool
    /// No answers yet: the page lists every item the theme may need.
    var unanswered: Bool
    var problems: [ValidationProblemRow]
    var items: [ItemLine]
    var materials: [MaterialLine]
    var passed: [PassedLine]
    var itemCount: Int
    var serialDays: Int
    var parallelDays: Int
    var materialsSeparately: Int
    var materialsMerged: Int
    var tripsSeparately: Int
    var criticalPath: String
    var formLink: String
    var intakeLink: String
    /// 网上申报 once every question is answered and every item chosen may be applied for online.
    var applyLink: String?

    init(entry: ServiceTheme, answers: [String: String], snapshot: CatalogSnapshot) {
        let theme = entry.theme
        self.theme = theme
        code = theme.code
        version = entry.version
        serves = theme.serves == .enterprise ? "企业" : "个人"
        leadDepartment = snapshot.departmentsByCode[theme.leadDepartment]?.name ?? theme.leadDepartment.rawValue
        suspended = entry.status == .suspended
        draft = entry.status == .draft
        let problems = ThemeValidation.answerProblems(theme, answers)
        self.problems = problems.map(ValidationProblemRow.init)
        let given = problems.isEmpty ? answers : [:]
        unanswered = given.isEmpty
        questions = theme.questions.map {
            Question(key: $0.key, text: $0.text, yesNo: $0.kind == .yesNo, yes: answers[$0.key] == "yes", no: answers[$0.key] == "no",
                     value: answers[$0.key] ?? "")
        }
        hasQuestions = !theme.questions.isEmpty
        let selected = theme.selected(unanswered ? theme.answersSelectingAll : given)
        let guides = snapshot.guides(of: theme)
        let figures = ThemeFigures.of(selected, guides: guides)
        let name = { (code: ItemCode) in guides[code]?.name ?? code.rawValue }
        let critical = Set(figures.criticalPath)
        let questionText = Dictionary(theme.questions.map { ($0.key, $0.text) }, uniquingKeysWith: { a, _ in a })
        items = selected.enumerated().map { i, entry in
            let guide = guides[entry.item]
            return ItemLine(
                number: i + 1, name: name(entry.item), link: SiteURL.item(.value(entry.item)).path,
                departmentName: guide.flatMap { snapshot.departmentsByCode[$0.department]?.name } ?? "",
                promisedLimit: guide?.promisedLimit.phrase ?? "",
                waitsFor: entry.after.isEmpty ? nil : entry.after.map(name).joined(separator: "、") + "办结后开始",
                condition: entry.condition.map { Self.phrase($0, question: questionText[$0.question] ?? $0.question) },
                critical: critical.contains(entry.item) && figures.criticalPath.count > 1,
                suspended: snapshot.itemsByCode[entry.item]?.status != .published
            )
        }
        let merged = ThemeMaterials.merged(selected, guides: guides)
        materials = merged.filter(\.asked).enumerated().map { i, line in
            MaterialLine(number: i + 1, name: line.name, forItems: line.items.map(name).joined(separator: "、"), required: line.required,
                         deferrable: line.deferrable)
        }
        passed = merged.compactMap { line in
            guard let producer = line.producedBy, !line.passedTo.isEmpty else { return nil }
            return PassedLine(name: line.name, from: name(producer), to: line.passedTo.map(name).joined(separator: "、"))
        }
        itemCount = figures.items
        serialDays = figures.serialDays
        parallelDays = figures.parallelDays
        materialsSeparately = figures.materialsSeparately
        materialsMerged = figures.materialsMerged
        tripsSeparately = figures.tripsSeparately
        criticalPath = figures.criticalPath.map(name).joined(separator: " → ")
        formLink = SiteURL.theme(.value(theme.code)).path
        intakeLink = SiteURL.themeIntake(.value(theme.code)).path(given.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        let answeredAll = theme.questions.allSatisfy { given[$0.key] != nil }
        let online = selected.allSatisfy { entry in
            snapshot.itemsByCode[entry.item].map { $0.status == .published && $0.guide.onlineDepth.rawValue >= OnlineDepth.two.rawValue } ?? false
        }
        applyLink = entry.status == .published && answeredAll && online
            ? SiteURL.meApplyTheme(.value(theme.code)).path(given.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }) : nil
    }

    /// "设置户外招牌时" — the condition in the applicant's words.
    static func phrase(_ condition: ThemeCondition, question: String) -> String {
        let asked = question.hasSuffix("？") ? String(question.dropLast()) : question
        switch condition {
        case .yes: return "“\(asked)”选“是”时办理"
        case .no: return "“\(asked)”选“否”时办理"
        case .above(_, let threshold): return "\(asked)大于 \(threshold.formatted0) 时办理"
        }
    }
}

extension Double {
    /// 300, not 300.0; 2.5 as it is.
    var formatted0: String { rounded() == self && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}
