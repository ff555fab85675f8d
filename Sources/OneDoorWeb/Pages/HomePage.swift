import OneDoorCore
import OneDoorServices

/// The home page: search, the five window categories, the hall levels and common items.
struct HomePage: PageModel {
    struct CategoryLink: Sendable {
        var name: String
        var count: Int
        var link: String
    }

    var title: String { "禅城区一门式政务服务" }
    var categories: [CategoryLink]
    var levels: [CategoryLink]
    var common: [ItemRow]
    var itemCount: Int
    /// 一件事一次办: published themes, enterprise first.
    var themes: [ThemeRow]

    /// Items residents and businesses ask for most; shown when present in the catalogue.
    static let commonNames = ["生育登记", "老年人优待证", "居住证", "个人参保证明打印", "企业设立登记", "个体工商户登记", "食品经营许可", "临时居民身份证"]

    init(snapshot: CatalogSnapshot) {
        let published = snapshot.items.filter { $0.status == .published }
        itemCount = published.count
        categories = snapshot.organisation.windowCategories.map { category in
            CategoryLink(
                name: category.name, count: published.filter { $0.guide.windowCategory == category.code }.count,
                link: SiteURL.items.path(["category": category.code])
            )
        }
        levels = HallLevel.allCases.map { level in
            CategoryLink(
                name: "\(level.label)服务中心可办", count: published.filter { $0.guide.hallLevels.isEmpty || $0.guide.hallLevels.contains(level) }.count,
                link: SiteURL.items.path(["level": level.rawValue])
            )
        }
        let byName = Dictionary(published.map { ($0.guide.name, $0) }, uniquingKeysWith: { a, _ in a })
        themes = snapshot.themes.filter { $0.status == .published }.map { ThemeRow($0, snapshot: snapshot) }
        common = HomePage.commonNames.compactMap { byName[$0] }.map { ItemRow($0, snapshot: snapshot) }
    }
}
