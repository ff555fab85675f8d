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
        link = SiteURL.item(.value(item.code)).path
    }
}
