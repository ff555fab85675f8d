/// What a theme saves, computed from the catalogue (issue 17 §1): working days one after the
/// other (the sum of the items' promised limits) against in parallel (the longest chain of
/// prerequisites), and materials asked item by item against once for the theme.
public struct ThemeFigures: Sendable, Hashable {
    public var items: Int
    public var serialDays: Int
    public var parallelDays: Int
    /// The chain that sets the parallel days, first to last.
    public var criticalPath: [ItemCode]
    public var materialsSeparately: Int
    public var materialsMerged: Int
    /// Visits item by item (each item's own count) against one visit for the theme.
    public var tripsSeparately: Int

    /// `guides` holds the guide of every selected item. Materials of one catalogue type (the
    /// applicant's own ID card, their 营业执照 …) are asked once; the same item-specific name too;
    /// a paper one of the theme's items produces (its result: 营业执照 from 企业设立登记) is not
    /// asked of the applicant at all — it passes from that item to the next.
    public static func of(_ selected: [ThemeItem], guides: [ItemCode: ServiceGuide]) -> ThemeFigures {
        let days = Dictionary(selected.map { ($0.item, guides[$0.item]?.promisedLimit.days ?? 0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(selected.map { ($0.item, $0.after) }, uniquingKeysWith: { a, _ in a })
        // Of two chains with the same days the one with more items is shown (a same-day item at
        // the end still waits for the rest).
        func longer(_ a: (days: Int, path: [ItemCode]), _ b: (days: Int, path: [ItemCode])) -> Bool {
            (a.days, a.path.count) < (b.days, b.path.count)
        }
        // The longest path ending at each item (the graph is acyclic: validated before).
        var finish: [ItemCode: (days: Int, path: [ItemCode])] = [:]
        func end(_ code: ItemCode, depth: Int = 0) -> (days: Int, path: [ItemCode]) {
            if let known = finish[code] { return known }
            guard depth <= selected.count else { return (days[code] ?? 0, [code]) }  // a cycle never recurses forever
            let before = (after[code] ?? []).map { end($0, depth: depth + 1) }.max(by: longer) ?? (days: 0, path: [])
            let result = (before.days + (days[code] ?? 0), before.path + [code])
            finish[code] = result
            return result
        }
        let longest = selected.map { end($0.item) }.max(by: longer) ?? (days: 0, path: [])

        let separately = selected.reduce(0) { $0 + (guides[$1.item]?.materials.count ?? 0) }
        let merged = ThemeMaterials.merged(selected, guides: guides).filter(\.asked).count
        return ThemeFigures(items: selected.count, serialDays: selected.reduce(0) { $0 + (days[$1.item] ?? 0) }, parallelDays: longest.days,
                            criticalPath: longest.path, materialsSeparately: separately, materialsMerged: merged,
                            tripsSeparately: selected.reduce(0) { $0 + (guides[$1.item]?.trips ?? 0) })
    }

    /// The catalogue type an item's result is (its electronic licence, or a certificate by name).
    public static func producedType(_ result: ItemResult) -> String? {
        if let licence = result.licenceType, let type = MaterialCatalog.standard.first(where: { $0.licenceType == licence }) { return type.code }
        return MaterialCatalog.classify(result.name)?.type.code
    }
}
