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
    /// 一件事 (issue 17): versioned like items, checked against the document's own items.
    /// Absent in files written before themes existed.
    public var themes: [ThemeRecord]
    /// 推送办 (issue 17 §3): the items filed under each life stage, and the rules that push them.
    public var lifeStages: [LifeStageItems]
    public var pushRules: [PushRule]

    public init(
        regions: [Region], itemTypes: [ItemType], windowCategories: [WindowCategory],
        departments: [Department], halls: [Hall], windows: [ServiceWindow], items: [ItemRecord], themes: [ThemeRecord] = [],
        lifeStages: [LifeStageItems] = [], pushRules: [PushRule] = []
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
        self.themes = themes
        self.lifeStages = lifeStages
        self.pushRules = pushRules
    }

    private enum CodingKeys: String, CodingKey {
        case format, formatVersion, regions, itemTypes, windowCategories, departments, halls, windows, items, themes, lifeStages, pushRules
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion)
        regions = try c.decode([Region].self, forKey: .regions)
        itemTypes = try c.decode([ItemType].self, forKey: .itemTypes)
        windowCategories = try c.decode([WindowCategory].self, forKey: .windowCategories)
        departments = try c.decode([Department].self, forKey: .departments)
        halls = try c.decode([Hall].self, forKey: .halls)
        windows = try c.decode([ServiceWindow].self, forKey: .windows)
        items = try c.decode([ItemRecord].self, forKey: .items)
        themes = try c.decodeIfPresent([ThemeRecord].self, forKey: .themes) ?? []
        lifeStages = try c.decodeIfPresent([LifeStageItems].self, forKey: .lifeStages) ?? []
        pushRules = try c.decodeIfPresent([PushRule].self, forKey: .pushRules) ?? []
    }

    /// One theme with all its versions, oldest first.
    public struct ThemeRecord: Sendable, Hashable, Codable {
        public var status: ItemStatus
        public var publishedVersion: Int?
        public var versions: [Theme]

        public init(status: ItemStatus, publishedVersion: Int?, versions: [Theme]) {
            self.status = status
            self.publishedVersion = publishedVersion
            self.versions = versions
        }

        public var code: String { versions.last?.code ?? "" }
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
