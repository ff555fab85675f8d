/// A service item (政务服务事项) with the guide of one of its versions.
///
/// The item's identity is its implementation code. `status` belongs to the item;
/// `version` says which guide this value holds. `publishedVersion` is the version the public
/// sees; an edit after publication makes a newer version that waits until it is published.
public struct ServiceItem: Sendable, Hashable, Codable {
    public var code: ItemCode { ItemCode(rawValue: guide.implementationCode) }
    public var status: ItemStatus
    public var version: Int
    public var latestVersion: Int
    public var publishedVersion: Int?
    public var guide: ServiceGuide

    public init(status: ItemStatus, version: Int, latestVersion: Int, publishedVersion: Int?, guide: ServiceGuide) {
        self.status = status
        self.version = version
        self.latestVersion = latestVersion
        self.publishedVersion = publishedVersion
        self.guide = guide
    }

    /// True when a version newer than the published one waits for publication.
    public var hasUnpublishedChanges: Bool {
        guard let publishedVersion else { return true }
        return latestVersion > publishedVersion
    }
}
