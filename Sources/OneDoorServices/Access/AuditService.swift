import OneDoorCore
import OneDoorStorage

/// The audit log (电子监察) as supervisors and administrators read it.
public struct AuditService: Sendable {
    let repository: AuditRepository

    public init(repository: AuditRepository) {
        self.repository = repository
    }

    /// A page of the log, newest first.
    public func list(_ page: PageRequest, by identity: Identity) async throws -> (entries: [AuditEntry], total: Int) {
        try identity.require(.readAuditLog)
        return try await repository.list(page)
    }

    /// The latest entries of one kind (the access-log page's bulk-read flags).
    public func recent(action: String, limit: Int, by identity: Identity) async throws -> [AuditEntry] {
        try identity.require(.readAuditLog)
        return try await repository.recent(action: action, limit: limit)
    }
}
