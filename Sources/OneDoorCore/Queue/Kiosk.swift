/// A ticket machine (取号机) registered to a hall by an administrator.
///
/// Tickets and kiosk check-ins are given only to a registered kiosk: a ticket is a place in a
/// queue of the hall, and taking one must need presence there. Without it one address took sixty
/// tickets in under a second, and anyone could use up a person's daily tickets by typing their
/// ID number from home. The kiosk proves itself with a device token (shown once, stored only as
/// its SHA-256); revoking the kiosk ends it at once.
public struct Kiosk: Sendable, Hashable {
    public var id: String
    public var hall: HallCode
    /// Where it stands, e.g. "一楼大厅入口".
    public var name: String
    public var createdAt: Int64
    public var revokedAt: Int64?

    public init(id: String, hall: HallCode, name: String, createdAt: Int64, revokedAt: Int64? = nil) {
        self.id = id
        self.hall = hall
        self.name = name
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    public var isActive: Bool { revokedAt == nil }

    /// Every device token starts so: requests can tell a kiosk's token from a staff session's
    /// without a lookup.
    public static let tokenPrefix = "kiosk_"

    /// Problems with a new kiosk's name, with field paths.
    public static func nameProblems(_ name: String) -> [ValidationProblem] {
        var c = ProblemCollector()
        c.requireText("name", name, label: "取号机名称", maxLength: 50)
        return c.problems
    }
}
