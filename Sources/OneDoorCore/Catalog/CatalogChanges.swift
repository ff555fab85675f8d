/// What a catalogue change reports back: versions, refusals, import counts.
//
// Plain values shared by every layer; storage fills them, pages and the API show them.

/// A version of an item as stored: who made it and when.
public struct ItemVersionInfo: Sendable, Hashable {
    public var version: Int
    public var name: String
    public var createdAt: Int64
    public var createdBy: String

    public init(version: Int, name: String, createdAt: Int64, createdBy: String) {
        self.version = version
        self.name = name
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

/// Thrown when a catalogue change is refused for a reason other than invalid fields.
public enum CatalogError: Error, Sendable, Equatable {
    case itemNotFound(ItemCode)
    case itemExists(String)
    /// The item changed since the editor loaded it (optimistic concurrency).
    case versionConflict(code: ItemCode, expected: Int, actual: Int)
    case invalidTransition(String)
    case themeNotFound(String)
    case themeExists(String)
    /// The theme changed since the editor loaded it.
    case themeVersionConflict(code: String, expected: Int, actual: Int)
}

/// What an import changed.
public struct ImportSummary: Sendable, Equatable {
    public var itemsCreated = 0
    public var itemsUpdated = 0
    public var itemsDeleted = 0
    public var themes = 0

    public init(itemsCreated: Int = 0, itemsUpdated: Int = 0, itemsDeleted: Int = 0) {
        self.itemsCreated = itemsCreated
        self.itemsUpdated = itemsUpdated
        self.itemsDeleted = itemsDeleted
    }
}
