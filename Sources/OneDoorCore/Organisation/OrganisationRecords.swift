/// The organisation as a whole, and why a change to it was refused.
//
// Plain values shared by every layer; storage fills them, pages and the API show them.

/// The organisation part of the catalogue.
public struct Organisation: Sendable, Hashable {
    public var regions: [Region]
    public var itemTypes: [ItemType]
    public var windowCategories: [WindowCategory]
    public var departments: [Department]
    public var halls: [Hall]
    public var windows: [ServiceWindow]

    public init(
        regions: [Region] = [], itemTypes: [ItemType] = [], windowCategories: [WindowCategory] = [],
        departments: [Department] = [], halls: [Hall] = [], windows: [ServiceWindow] = []
    ) {
        self.regions = regions
        self.itemTypes = itemTypes
        self.windowCategories = windowCategories
        self.departments = departments
        self.halls = halls
        self.windows = windows
    }

    public var references: CatalogReferences {
        CatalogReferences(departments: departments, windowCategories: windowCategories, itemTypes: itemTypes)
    }
}

/// Thrown when an organisation change is refused for a reason other than invalid fields.
public enum OrganisationError: Error, Sendable, Equatable {
    case hallNotFound(HallCode)
    case windowNotFound(hall: HallCode, number: WindowNumber)
}
