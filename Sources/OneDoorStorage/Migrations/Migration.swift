import Foundation

/// A numbered schema change, the same in meaning on both databases.
///
/// Migrations never change once released: a later change is a new migration.
public struct Migration: Sendable {
    public let id: Int
    public let name: String
    public let statements: @Sendable (SQLDialect) -> [String]

    public init(id: Int, name: String, statements: @escaping @Sendable (SQLDialect) -> [String]) {
        self.id = id
        self.name = name
        self.statements = statements
    }
}

/// Runs pending migrations, each in its own transaction, and records them in `schema_migrations`.
public enum Migrator {
    /// Every migration of the product, in order.
    public static let all: [Migration] = [
        .m0001Organisation,
        .m0002Catalog,
        .m0003Accounts,
        .m0004Calendar,
        .m0005Cases,
        .m0006CaseListIndexes,
        .m0007Queues,
        .m0008QueueDayFigures,
        .m0009Appointments,
        .m0010PasswordChange,
        .m0011Kiosks,
        .m0012ApplicantHistory,
        .m0013Outbox,
        .m0014Citizens,
        .m0015OutboxRecipients,
        .m0016AppointmentPhones,
        .m0017CaseFiles,
        .m0018OutboxReferences,
        .m0019Applications,
        .m0020CaseTrips,
        .m0021Enterprises,
        .m0022ProvinceSignIn,
        .m0023HolderLookups,
        .m0024CitizenSettings,
        .m0025MessageTemplates,
        .m0026TicketPhones,
        .m0027Blobs,
        .m0028DepartmentPreReview,
        .m0029ProvinceSessions,
        .m0030OutboxAbout,
        .m0031Licences,
        .m0032LogChains,
        .m0033BaseRecords,
        .m0034Themes,
        .m0035ThemeCases,
        .m0036Pushes,
        .m0037CaseFees,
        .m0038Ratings,
        .m0039Supervision,
        .m0040Complaints,
        .m0041CaseFigures,
        .m0042OpenData,
        .m0043Performance,
        .m0044CaseMaterials,
        .m0045SupervisionAlerts,
        .m0046SupervisionClock,
        .m0047SharedHands,
    ]

    /// Applies every pending migration; returns the names of those applied now.
    @discardableResult
    public static func migrate(_ database: any SQLDatabase, migrations: [Migration] = all) async throws -> [String] {
        try await database.write { db in
            try await db.execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    id BIGINT PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at BIGINT NOT NULL
                )
                """)
        }
        let applied = try await appliedIDs(database)
        var names: [String] = []
        for migration in migrations where !applied.contains(migration.id) {
            try await database.write { db in
                for statement in migration.statements(db.dialect) {
                    try await db.execute(statement)
                }
                try await db.execute(
                    "INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)",
                    [.integer(Int64(migration.id)), .text(migration.name), .integer(Int64(Date().timeIntervalSince1970))]
                )
            }
            names.append(format4(migration.id) + " " + migration.name)
        }
        return names
    }

    /// The ids of the migrations already applied.
    public static func appliedIDs(_ database: any SQLDatabase) async throws -> Set<Int> {
        try await database.read { db in
            Set(try await db.query("SELECT id FROM schema_migrations").map { try $0.int("id") })
        }
    }

    private static func format4(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}

