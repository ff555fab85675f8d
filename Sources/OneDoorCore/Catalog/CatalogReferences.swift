/// What a guide may refer to: the departments, window categories and item types that exist.
///
/// Validation takes these as plain values so that the rules stay pure and the same rules serve
/// an admin form (references from the database) and an import (references from the file).
public struct CatalogReferences: Sendable {
    public var departments: [DepartmentCode: Department]
    public var windowCategories: Set<String>
    public var itemTypes: Set<String>

    public init(departments: [Department], windowCategories: [WindowCategory], itemTypes: [ItemType]) {
        self.departments = Dictionary(departments.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        self.windowCategories = Set(windowCategories.map(\.code))
        self.itemTypes = Set(itemTypes.map(\.code))
    }
}

/// Sane maximum lengths of catalogue text, so that one field cannot bloat a page or the database.
public enum CatalogLimits {
    public static let name = 100
    public static let shortText = 200
    public static let longText = 2_000
    public static let listEntries = 50
    public static let materials = 60
    public static let maximumDays = 999
    public static let maximumTrips = 9
}
