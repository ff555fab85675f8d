import OneDoorCore

/// A holiday arrangement as stored: the year and who loaded it when.
public struct StoredCalendarYear: Sendable, Hashable {
    public var year: CalendarYear
    public var loadedAt: Int64
    public var loadedBy: String
}

/// The holiday arrangements administrators have loaded.
public struct CalendarRepository: Sendable {
    let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func years() async throws -> [StoredCalendarYear] {
        try await database.read { db in
            try await db.query("SELECT document, loaded_at, loaded_by FROM calendar_years ORDER BY year").map {
                StoredCalendarYear(
                    year: try JSONCoding.decode(CalendarYear.self, try $0.string("document")),
                    loadedAt: try $0.int64("loaded_at"), loadedBy: try $0.string("loaded_by")
                )
            }
        }
    }

    /// Stores (or replaces) a year; `check` sees the years stored in the same transaction and
    /// throws to refuse (e.g. when the years would no longer be contiguous).
    public func save(_ year: CalendarYear, by actor: AuditActor, at now: Int64,
                     check: @Sendable ([CalendarYear]) throws -> Void) async throws {
        try await database.write { db in
            let stored = try await db.query("SELECT document FROM calendar_years").map {
                try JSONCoding.decode(CalendarYear.self, try $0.string("document"))
            }
            try check(stored.filter { $0.year != year.year } + [year])
            try await db.execute(
                """
                INSERT INTO calendar_years (year, document, loaded_at, loaded_by) VALUES (?, ?, ?, ?)
                ON CONFLICT (year) DO UPDATE SET document = excluded.document, loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by
                """,
                [.bind(year.year), .text(try JSONCoding.encode(year)), .integer(now), .text(actor.name)]
            )
            try await AuditRepository.record(
                db, at: now, actor: actor, action: "calendar.load", target: "\(year.year)",
                detail: "放假 \(year.holidays.count) 天，调休上班 \(year.workdays.count) 天"
            )
        }
    }
}
