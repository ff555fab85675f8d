/// A theme as stored: its status and versions like an item's, with the theme of one version.
///
/// A theme case keeps the version it was accepted under, so versions are never rewritten; an
/// edit after publication waits as a newer version until it is published.
public struct ServiceTheme: Sendable, Hashable {
    public var code: String { theme.code }
    public var status: ItemStatus
    public var version: Int
    public var latestVersion: Int
    public var publishedVersion: Int?
    public var theme: Theme

    public init(status: ItemStatus, version: Int, latestVersion: Int, publishedVersion: Int?, theme: Theme) {
        self.status = status
        self.version = version
        self.latestVersion = latestVersion
        self.publishedVersion = publishedVersion
        self.theme = theme
    }
}

/// One version of a theme in its history.
public struct ThemeVersionInfo: Sendable, Hashable {
    public var version: Int
    public var name: String
    public var items: Int
    public var createdAt: Int64
    public var createdBy: String

    public init(version: Int, name: String, items: Int, createdAt: Int64, createdBy: String) {
        self.version = version
        self.name = name
        self.items = items
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}
