import OneDoorCore
import OneDoorServices

/// 一件事网上申报, its first page (issue 17 §2): the items the answers chose and the one list of
/// materials, where to be pre-reviewed, how to collect the results, for whom. The answers ride
/// along as hidden fields: they were given on the theme's guide.
struct ThemeApplyPage: PageModel {
    struct Answer: Sendable {
        var key: String
        var value: String
    }

    var title: String { "网上申报：\(themeName)" }
    var themeName: String
    var themeLink: String
    var action: String
    var answers: [Answer]
    var answerWords: String
    var items: [String]
    var materials: Int
    var halls: [ApplyStartPage.HallOption]
    var together: Bool
    var enterpriseTheme: Bool
    var enterprises: [ApplyStartPage.EnterpriseOption] = [] { didSet { hasEnterprises = !enterprises.isEmpty } }
    var hasEnterprises = false
    var forEnterprise = false
    var key: String
    var csrf: String
    var needsRealName: Bool
    var message: String?
    var problems: [ValidationProblem] = [] { didSet { hasProblems = !problems.isEmpty } }
    var hasProblems = false

    init(entry: ServiceTheme, answers: [String: String], snapshot: CatalogSnapshot, form: FormData?, key: String, citizen: CitizenIdentity) {
        let theme = entry.theme
        themeName = theme.name
        themeLink = SiteURL.theme(.value(theme.code)).path(answers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        action = SiteURL.meApplyTheme(.value(theme.code)).path
        self.answers = answers.sorted { $0.key < $1.key }.map { Answer(key: $0.key, value: $0.value) }
        answerWords = theme.answerWords(answers).joined(separator: "；")
        let selected = theme.selected(answers)
        items = selected.map { snapshot.itemsByCode[$0.item]?.guide.name ?? $0.item.rawValue }
        materials = OnlineApplying.themeChecklist(entry, answers: answers, items: snapshot.itemsByCode).count
        let halls = OnlineApplying.halls(snapshot.organisation.halls, handling: selected.compactMap { snapshot.itemsByCode[$0.item]?.guide })
        let chosen = form?["hall"] ?? halls.first?.code.rawValue
        self.halls = halls.map { .init(code: $0.code.rawValue, name: $0.name, selected: $0.code.rawValue == chosen) }
        together = form?["pickUp"] != ThemePickUp.each.rawValue
        enterpriseTheme = theme.serves == .enterprise
        forEnterprise = form?["for"] == "enterprise"
        self.key = key
        csrf = citizen.csrfToken
        needsRealName = citizen.account.realName == .none
    }
}
