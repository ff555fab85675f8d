import OneDoorCore
import OneDoorServices

/// Themes both ways, field by field: a request's condition that says neither `is` nor `above`
/// is named as a problem with its path, not left to a decoder's message.
extension Convert {
    static func theme(_ theme: Theme) throws -> Components.Schemas.Theme {
        Components.Schemas.Theme(
            code: theme.code, name: theme.name, summary: theme.summary, aliases: theme.aliases,
            serves: try APIEnums.themeServes.api(theme.serves), leadDepartment: theme.leadDepartment.rawValue,
            items: theme.items.map(themeItem), questions: try theme.questions.map {
                .init(key: $0.key, text: $0.text, kind: try APIEnums.themeQuestionKind.api($0.kind))
            },
            promisedDays: theme.promisedDays)
    }

    static func themeItem(_ item: ThemeItem) -> Components.Schemas.ThemeItem {
        let condition: Components.Schemas.ThemeCondition? = item.condition.map {
            switch $0 {
            case .yes(let key): .init(question: key, _is: .yes)
            case .no(let key): .init(question: key, _is: .no)
            case .above(let key, let threshold): .init(question: key, above: threshold)
            }
        }
        return .init(item: item.item.rawValue, after: item.after.isEmpty ? nil : item.after.map(\.rawValue), condition: condition)
    }

    /// A theme from a request body; every condition that is not exactly one of the two kinds is
    /// a problem under `path`.
    static func theme(_ body: Components.Schemas.Theme, path: String = "") throws -> Theme {
        var c = ProblemCollector()
        let items = body.items.enumerated().map { i, item -> ThemeItem in
            var condition: ThemeCondition?
            if let given = item.condition {
                switch (given._is, given.above) {
                case (.yes?, nil): condition = .yes(given.question)
                case (.no?, nil): condition = .no(given.question)
                case (nil, let threshold?) where threshold.isFinite: condition = .above(given.question, threshold)
                default: c.add(path + "items[\(i)].condition", "条件应为 is（yes 或 no）与 above（数值）二者之一")
                }
            }
            return ThemeItem(item: ItemCode(rawValue: item.item), after: (item.after ?? []).map(ItemCode.init(rawValue:)), condition: condition)
        }
        try c.throwIfAny()
        return Theme(
            code: body.code, name: body.name, summary: body.summary ?? "", aliases: body.aliases ?? [],
            serves: try APIEnums.themeServes.core(body.serves), leadDepartment: DepartmentCode(rawValue: body.leadDepartment),
            items: items, questions: try (body.questions ?? []).map {
                ThemeQuestion(key: $0.key, text: $0.text, kind: try APIEnums.themeQuestionKind.core($0.kind))
            },
            promisedDays: body.promisedDays)
    }

    /// A theme with what the answers select, its figures and its one material list.
    static func serviceTheme(_ entry: ServiceTheme, answers: [String: String], snapshot: CatalogSnapshot) throws -> Components.Schemas.ServiceTheme {
        let theme = entry.theme
        let selected = theme.selected(answers.isEmpty ? theme.answersSelectingAll : answers)
        let guides = snapshot.guides(of: theme)
        let figures = ThemeFigures.of(selected, guides: guides)
        return Components.Schemas.ServiceTheme(
            code: theme.code, status: try APIEnums.itemStatus.api(entry.status), version: entry.version, latestVersion: entry.latestVersion,
            publishedVersion: entry.publishedVersion, theme: try Self.theme(theme), selected: selected.map(themeItem),
            figures: .init(items: figures.items, serialDays: figures.serialDays, parallelDays: figures.parallelDays,
                           criticalPath: figures.criticalPath.map(\.rawValue), materialsSeparately: figures.materialsSeparately,
                           materialsMerged: figures.materialsMerged, tripsSeparately: figures.tripsSeparately),
            materials: ThemeMaterials.merged(selected, guides: guides).map {
                .init(name: $0.name, _type: $0.type, items: $0.items.map(\.rawValue), required: $0.required, deferrable: $0.deferrable,
                      producedBy: $0.producedBy?.rawValue, passedTo: $0.passedTo.map(\.rawValue))
            })
    }

    static func themeSummary(_ entry: ServiceTheme, snapshot: CatalogSnapshot) throws -> Components.Schemas.ThemeSummary {
        let theme = entry.theme
        let figures = ThemeFigures.of(theme.selected(theme.answersSelectingAll), guides: snapshot.guides(of: theme))
        return .init(code: theme.code, name: theme.name, summary: theme.summary, serves: try APIEnums.themeServes.api(theme.serves),
                     status: try APIEnums.itemStatus.api(entry.status), items: figures.items, serialDays: figures.serialDays,
                     parallelDays: figures.parallelDays, promisedDays: theme.promisedDays)
    }
}
