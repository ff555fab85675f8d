import OneDoorCore
import OneDoorServices

/// 好差评公示 (issue 18 §1): a month's ratings by hall, department and item — how many, the
/// satisfaction rate, the 差评 and how many of them were rectified. Public; counts only.
struct RatingFiguresPage: PageModel {
    struct Row: Sendable {
        var name: String
        var ratings: Int
        var satisfaction: String
        var negative: Int
        var rectification: String
    }

    var title: String { "好差评公示 · \(monthLabel)" }
    var month: String
    var monthLabel: String
    var previous: String
    var next: String
    var halls: [Row]
    var departments: [Row]
    var items: [Row]
    var hasRatings: Bool

    init(_ figures: [RatingGrouping: [RatingFigure]], month: CivilDate, snapshot: CatalogSnapshot) {
        self.month = String(month.description.prefix(7))
        monthLabel = "\(month.year)年\(month.month)月"
        previous = SiteURL.ratingFigures.path(["month": String(month.firstOfMonth(adding: -1).description.prefix(7))])
        next = SiteURL.ratingFigures.path(["month": String(month.firstOfMonth(adding: 1).description.prefix(7))])
        func rows(_ grouping: RatingGrouping, name: (String) -> String) -> [Row] {
            (figures[grouping] ?? []).map {
                Row(name: name($0.key), ratings: $0.ratings, satisfaction: RatingFigure.percent($0.satisfactionBasisPoints), negative: $0.negative,
                    rectification: RatingFigure.percent($0.rectificationBasisPoints))
            }
        }
        halls = rows(.hall) { snapshot.hallsByCode[HallCode(rawValue: $0)]?.name ?? $0 }
        departments = rows(.department) { $0.isEmpty ? "窗口服务（一次一评）" : snapshot.departmentsByCode[DepartmentCode(rawValue: $0)]?.name ?? $0 }
        items = rows(.item) { key in
            key.isEmpty ? "窗口服务（一次一评）" : ItemCode(parsing: key).flatMap { snapshot.itemsByCode[$0]?.guide.name } ?? key
        }
        hasRatings = !halls.isEmpty
    }
}
