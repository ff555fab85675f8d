import OneDoorCore
import OneDoorStorage

/// An immutable view of the published catalogue, with its search index.
///
/// Public reads (lists, guides, search) are served from here without touching the database;
/// ``CatalogService`` swaps in a new snapshot after every catalogue change.
public struct CatalogSnapshot: Sendable {
    public let organisation: Organisation
    /// Published and suspended items, in the catalogue's display order.
    public let items: [ServiceItem]
    public let itemsByCode: [ItemCode: ServiceItem]
    public let departmentsByCode: [DepartmentCode: Department]
    public let categoriesByCode: [String: WindowCategory]
    public let itemTypesByCode: [String: ItemType]
    public let hallsByCode: [HallCode: Hall]
    let search: CatalogSearchIndex
    /// Published and suspended themes (一件事), enterprise ones first, then by code.
    public let themes: [ServiceTheme]
    public let themesByCode: [String: ServiceTheme]
    /// Searched before the items: "开餐馆" finds 我要开餐馆 above every item.
    let themeSearch: CatalogSearchIndex
    /// 推送办: the items filed under each life stage, the rules, and the rules indexed by trigger.
    public let lifeStages: [LifeStageItems]
    public let pushRules: [PushRule]
    public let pushes: PushEvaluator
    /// Increases with every reload; caches derived from a snapshot key on it.
    public let generation: Int

    public init(organisation: Organisation, items: [ServiceItem], themes: [ServiceTheme] = [], lifeStages: [LifeStageItems] = [],
                pushRules: [PushRule] = [], pinyin: PinyinInitials?, generation: Int) {
        self.lifeStages = lifeStages
        self.pushRules = pushRules
        pushes = PushEvaluator(pushRules)
        self.organisation = organisation
        self.generation = generation
        departmentsByCode = Dictionary(organisation.departments.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        categoriesByCode = Dictionary(organisation.windowCategories.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        itemTypesByCode = Dictionary(organisation.itemTypes.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        hallsByCode = Dictionary(organisation.halls.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let categoryOrder = Dictionary(organisation.windowCategories.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        let departmentOrder = Dictionary(organisation.departments.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        // Display order: by window category, then department, then code (stable and predictable).
        let sorted = items.sorted { a, b in
            let ca = categoryOrder[a.guide.windowCategory] ?? .max, cb = categoryOrder[b.guide.windowCategory] ?? .max
            if ca != cb { return ca < cb }
            let da = departmentOrder[a.guide.department] ?? .max, db = departmentOrder[b.guide.department] ?? .max
            if da != db { return da < db }
            return a.code < b.code
        }
        self.items = sorted
        itemsByCode = Dictionary(sorted.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let departments = departmentsByCode
        search = CatalogSearchIndex(
            documents: sorted.map { SearchDocument(guide: $0.guide, departmentName: departments[$0.guide.department]?.name ?? "") },
            pinyin: pinyin
        )
        let themes = themes.sorted { ($0.theme.serves == .enterprise ? 0 : 1, $0.code) < ($1.theme.serves == .enterprise ? 0 : 1, $1.code) }
        self.themes = themes
        themesByCode = Dictionary(themes.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let byCode = itemsByCode
        themeSearch = CatalogSearchIndex(
            documents: themes.map { entry in
                SearchDocument(code: ItemCode(rawValue: entry.code), name: entry.theme.name, aliases: entry.theme.aliases,
                               tags: entry.theme.items.compactMap { byCode[$0.item]?.guide.name })
            },
            pinyin: pinyin
        )
    }

    /// The guides of a theme's items as published (an item withdrawn from the catalogue is absent).
    public func guides(of theme: Theme) -> [ItemCode: ServiceGuide] {
        var guides: [ItemCode: ServiceGuide] = [:]
        for entry in theme.items { if let item = itemsByCode[entry.item] { guides[entry.item] = item.guide } }
        return guides
    }

    /// What a push names to its holder: the item's name, or the theme as "“我要开餐馆”一件事".
    public func pushTargetName(_ target: PushTarget) -> String {
        switch target {
        case .item(let code): itemsByCode[code]?.guide.name ?? code.rawValue
        case .theme(let code): "“\(themesByCode[code]?.theme.name ?? code)”一件事"
        }
    }

    /// Published themes matching search text, best first (suspended ones are not offered).
    public func themes(matching text: String) -> [ServiceTheme] {
        let text = text.trimmingWhitespace()
        guard !text.isEmpty else { return [] }
        return themeSearch.search(text).compactMap { themesByCode[$0.code.rawValue] }.filter { $0.status == .published }
    }

    public static let empty = CatalogSnapshot(organisation: Organisation(), items: [], pinyin: nil, generation: 0)

    /// Items matching a query: ranked by relevance when there is search text, else in display order.
    public func list(_ query: ItemQuery) -> ItemPage {
        var matches: [ServiceItem]
        let text = query.text?.trimmingWhitespace() ?? ""
        if text.isEmpty {
            matches = items
        } else {
            matches = search.search(text).compactMap { itemsByCode[$0.code] }
        }
        if let category = query.category { matches = matches.filter { $0.guide.windowCategory == category } }
        if let department = query.department { matches = matches.filter { $0.guide.department == department } }
        if let level = query.hallLevel {
            matches = matches.filter { $0.guide.hallLevels.isEmpty || $0.guide.hallLevels.contains(level) }
        }
        if !query.includeSuspended { matches = matches.filter { $0.status == .published } }
        let pageSize = query.pageSize
        let page = query.page
        let start = min((page - 1) * pageSize, matches.count)
        let end = min(start + pageSize, matches.count)
        return ItemPage(items: Array(matches[start..<end]), total: matches.count, page: page, pageSize: pageSize)
    }
}

/// What a list or search asks for.
public struct ItemQuery: Sendable, Equatable {
    public static let maximumPageSize = 100
    public static let maximumTextLength = 50

    public var text: String?
    public var category: String?
    public var department: DepartmentCode?
    public var hallLevel: HallLevel?
    public var includeSuspended: Bool
    public var page: Int
    public var pageSize: Int

    public init(
        text: String? = nil, category: String? = nil, department: DepartmentCode? = nil, hallLevel: HallLevel? = nil,
        includeSuspended: Bool = true, page: Int = 1, pageSize: Int = 20
    ) {
        self.text = text
        self.category = category
        self.department = department
        self.hallLevel = hallLevel
        self.includeSuspended = includeSuspended
        self.page = page
        self.pageSize = pageSize
    }

    /// Problems with paging and text length, with query-parameter paths.
    public func problems() -> [ValidationProblem] {
        var c = ProblemCollector()
        c.add(contentsOf: PageRequest(page: page, pageSize: pageSize, maximumPageSize: ItemQuery.maximumPageSize).problems())
        if let text { c.limitText("q", text, label: "搜索词", maxLength: ItemQuery.maximumTextLength) }
        return c.problems
    }
}

/// One page of items.
public struct ItemPage: Sendable {
    public var items: [ServiceItem]
    public var total: Int
    public var page: Int
    public var pageSize: Int

    public init(items: [ServiceItem], total: Int, page: Int, pageSize: Int) {
        self.items = items
        self.total = total
        self.page = page
        self.pageSize = pageSize
    }

    public var pageCount: Int { max(1, (total + pageSize - 1) / pageSize) }
}
