import Foundation
import OneDoorCore
import OneDoorServices

/// An item as a row of a list.
struct ItemRow: Sendable {
    var code: String
    var name: String
    var departmentName: String
    var categoryName: String
    var limits: String
    var trips: String
    var fullyOnline: Bool
    var suspended: Bool
    var link: String

    init(_ item: ServiceItem, snapshot: CatalogSnapshot) {
        code = item.code.rawValue
        name = item.guide.name
        departmentName = snapshot.departmentsByCode[item.guide.department]?.name ?? item.guide.department.rawValue
        categoryName = snapshot.categoriesByCode[item.guide.windowCategory]?.name ?? ""
        limits = item.guide.limitsPhrase
        trips = item.guide.tripsPhrase
        fullyOnline = item.guide.trips == 0
        suspended = item.status == .suspended
        link = SitePaths.item(item.code)
    }
}

/// Every link the pages build, in one place so that links and routes cannot drift apart.
enum SitePaths {
    static let home = "/"
    static let departments = "/departments"
    static let halls = "/halls"
    static let login = "/login"
    static let logout = "/logout"
    static let admin = "/admin"
    static let adminCatalog = "/admin/catalog"
    static let adminAccounts = "/admin/accounts"
    static let adminAudit = "/admin/audit"

    static func item(_ code: ItemCode) -> String { "/items/\(code)" }
    static func itemPrint(_ code: ItemCode) -> String { "/items/\(code)/print" }
    static func publish(_ code: ItemCode) -> String { "/admin/items/\(code)/publish" }
    static func suspend(_ code: ItemCode) -> String { "/admin/items/\(code)/suspend" }

    static func items(text: String? = nil, category: String? = nil, department: DepartmentCode? = nil, level: String? = nil, page: Int? = nil) -> String {
        var parts: [String] = []
        func add(_ name: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            parts.append("\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? "")")
        }
        add("q", text)
        add("category", category)
        add("department", department?.rawValue)
        add("level", level)
        add("page", page.map(String.init))
        return "/items" + (parts.isEmpty ? "" : "?" + parts.joined(separator: "&"))
    }
}

extension CharacterSet {
    static let urlQueryValueAllowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.remove(charactersIn: "&=+?#")
        return set
    }()
}
