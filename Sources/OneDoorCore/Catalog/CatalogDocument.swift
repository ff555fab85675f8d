/// The whole catalogue — organisation and items — as one file (docs/catalog-format.md).
///
/// Import is all or nothing: ``validate()`` names every invalid record with its path, and the
/// storage layer replaces the catalogue in one transaction only when there are none.
public struct CatalogDocument: Sendable, Hashable, Codable {
    public static let formatName = "onedoor-catalog"
    public static let currentFormatVersion = 1

    public var format: String
    public var formatVersion: Int
    public var regions: [Region]
    public var itemTypes: [ItemType]
    public var windowCategories: [WindowCategory]
    public var departments: [Department]
    public var halls: [Hall]
    public var windows: [ServiceWindow]
    public var items: [ItemRecord]

    public init(
        regions: [Region], itemTypes: [ItemType], windowCategories: [WindowCategory],
        departments: [Department], halls: [Hall], windows: [ServiceWindow], items: [ItemRecord]
    ) {
        self.format = CatalogDocument.formatName
        self.formatVersion = CatalogDocument.currentFormatVersion
        self.regions = regions
        self.itemTypes = itemTypes
        self.windowCategories = windowCategories
        self.departments = departments
        self.halls = halls
        self.windows = windows
        self.items = items
    }

    /// One item with all its versions, oldest first (version n is `versions[n-1]`).
    public struct ItemRecord: Sendable, Hashable, Codable {
        public var status: ItemStatus
        public var publishedVersion: Int?
        public var versions: [ServiceGuide]

        public init(status: ItemStatus, publishedVersion: Int?, versions: [ServiceGuide]) {
            self.status = status
            self.publishedVersion = publishedVersion
            self.versions = versions
        }

        public var code: ItemCode { ItemCode(rawValue: versions.last?.implementationCode ?? "") }
    }
}
