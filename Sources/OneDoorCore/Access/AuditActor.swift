/// Who did what, for the audit log (written by the services, read by administrators and supervisors).
//
// Plain values shared by every layer; storage fills them, pages and the API show them.

/// Who changed something, and from where: recorded with catalogue versions and in the audit log.
public struct AuditActor: Sendable, Hashable {
    public var accountID: Int64?
    public var name: String
    public var client: String

    public init(accountID: Int64?, name: String, client: String = "") {
        self.accountID = accountID
        self.name = name
        self.client = client
    }

    /// The command line (imports, demo seeding).
    public static let system = AuditActor(accountID: nil, name: "system", client: "cli")
}

/// One entry of the audit log: who did what to which record, when and from where.
public struct AuditEntry: Sendable, Hashable {
    public var id: Int64
    public var at: Int64
    public var actorID: Int64?
    public var actor: String
    public var action: String
    public var target: String
    public var detail: String
    public var client: String

    public init(id: Int64, at: Int64, actorID: Int64?, actor: String, action: String, target: String, detail: String, client: String) {
        self.id = id
        self.at = at
        self.actorID = actorID
        self.actor = actor
        self.action = action
        self.target = target
        self.detail = detail
        self.client = client
    }
}
