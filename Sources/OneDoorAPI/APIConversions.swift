import Foundation
import OneDoorCore
import OneDoorServices

/// Conversions between the domain types and the types generated from openapi.yaml.
///
/// The schemas mirror the domain types' JSON field for field, so converting is re-coding; a
/// drift between spec and domain shows up as a failing API test, not as silently lost fields.
enum Convert {
    static func recode<T: Decodable>(_ value: some Encodable, as type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: JSONEncoder().encode(value))
    }

    static func guide(_ guide: ServiceGuide) throws -> Components.Schemas.ServiceGuide {
        try recode(guide, as: Components.Schemas.ServiceGuide.self)
    }

    static func guide(_ guide: Components.Schemas.ServiceGuide) throws -> ServiceGuide {
        try recode(guide, as: ServiceGuide.self)
    }

    static func item(_ item: ServiceItem, snapshot: CatalogSnapshot) throws -> Components.Schemas.ServiceItem {
        Components.Schemas.ServiceItem(
            code: item.code.rawValue,
            status: try APIEnums.itemStatus.api(item.status),
            version: item.version,
            latestVersion: item.latestVersion,
            publishedVersion: item.publishedVersion,
            departmentName: snapshot.departmentsByCode[item.guide.department]?.name ?? item.guide.department.rawValue,
            categoryName: snapshot.categoriesByCode[item.guide.windowCategory]?.name ?? item.guide.windowCategory,
            limitsPhrase: item.guide.limitsPhrase,
            tripsPhrase: item.guide.tripsPhrase,
            guide: try guide(item.guide)
        )
    }

    static func summary(_ item: ServiceItem, snapshot: CatalogSnapshot) throws(EnumMismatch) -> Components.Schemas.ItemSummary {
        let g = item.guide
        return Components.Schemas.ItemSummary(
            code: item.code.rawValue, name: g.name, status: try APIEnums.itemStatus.api(item.status), itemType: g.itemType,
            department: g.department.rawValue, departmentName: snapshot.departmentsByCode[g.department]?.name ?? g.department.rawValue,
            windowCategory: g.windowCategory, categoryName: snapshot.categoriesByCode[g.windowCategory]?.name ?? g.windowCategory,
            caseKind: try APIEnums.caseKind.api(g.caseKind), limitsPhrase: g.limitsPhrase, trips: g.trips,
            tripsPhrase: g.tripsPhrase, aliases: g.aliases
        )
    }

    static func account(_ a: StaffAccount) throws(EnumMismatch) -> Components.Schemas.Account {
        Components.Schemas.Account(
            id: a.id, username: a.username, displayName: a.displayName, staffNumber: a.staffNumber,
            role: try APIEnums.role.api(a.role), hall: a.hall?.rawValue, department: a.department?.rawValue,
            isChiefRepresentative: a.isChiefRepresentative, disabled: a.disabled, mustChangePassword: a.mustChangePassword
        )
    }

    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    static func kiosk(_ k: Kiosk) -> Components.Schemas.Kiosk {
        Components.Schemas.Kiosk(id: k.id, hall: k.hall.rawValue, name: k.name, createdAt: date(k.createdAt), revokedAt: k.revokedAt.map(date), active: k.isActive)
    }
}
