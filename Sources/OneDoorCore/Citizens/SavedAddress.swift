/// A delivery address the citizen keeps in 我的 (issue 15 §2), chosen again when a result is to
/// be posted instead of typed on every application.
public struct SavedAddress: Sendable, Hashable {
    public var id: Int64
    public var address: PostalAddress
    public var createdAt: Int64

    public init(id: Int64, address: PostalAddress, createdAt: Int64) {
        self.id = id
        self.address = address
        self.createdAt = createdAt
    }

    /// A citizen keeps at most this many: enough for home, work and a parent's, and a bound on
    /// what one account can store.
    public static let limit = 10
}
