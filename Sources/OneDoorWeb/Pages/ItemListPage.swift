import OneDoorCore
import OneDoorServices

/// A list of items: search results or a category, department or hall-level listing.
struct ItemListPage: PageModel {
    var title: String
    var heading: String
    var text: String
    var rows: [ItemRow]
    var total: Int
    var page: Int
    var pageCount: Int
    var previousLink: String?
    var nextLink: String?
    var empty: Bool
    var paged: Bool
    var problems: [ValidationProblemRow]
    /// 一件事 matching the search, above the items on the first page ("开餐馆" → 我要开餐馆).
    var themes: [ThemeRow]
    var hasThemes: Bool

    init(query: ItemQuery, result: ItemPage, snapshot: CatalogSnapshot, problems: [ValidationProblem] = []) {
        let text = query.text ?? ""
        var filters: [String] = []
        if let c = query.category { filters.append(snapshot.categoriesByCode[c]?.name ?? c) }
        if let d = query.department { filters.append(snapshot.departmentsByCode[d]?.name ?? d.rawValue) }
        if let l = query.hallLevel { filters.append("\(l.label)服务中心可办") }
        heading = text.isEmpty
            ? (filters.isEmpty ? "全部事项" : filters.joined(separator: " · "))
            : "“\(text)”的搜索结果" + (filters.isEmpty ? "" : "（\(filters.joined(separator: " · "))）")
        title = heading
        self.text = text
        rows = result.items.map { ItemRow($0, snapshot: snapshot) }
        total = result.total
        page = result.page
        pageCount = result.pageCount
        let link = { (page: Int) in
            SiteURL.items.path(["q": query.text, "category": query.category, "department": query.department?.rawValue, "level": query.hallLevel?.rawValue, "page": String(page)])
        }
        previousLink = page > 1 ? link(page - 1) : nil
        nextLink = page < result.pageCount ? link(page + 1) : nil
        self.problems = problems.map(ValidationProblemRow.init)
        themes = query.page == 1 && problems.isEmpty ? snapshot.themes(matching: text).prefix(3).map { ThemeRow($0, snapshot: snapshot) } : []
        hasThemes = !themes.isEmpty
        empty = rows.isEmpty
        paged = pageCount > 1
    }
}
