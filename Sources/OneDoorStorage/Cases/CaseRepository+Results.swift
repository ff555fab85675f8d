import OneDoorCore

extension CaseRepository {
    /// A hall's concluded cases, their results waiting to be handed over, posted or sent
    /// electronically (出件), oldest first (index `cases_hall_state`).
    public func concluded(hall: HallCode, limit: Int) async throws -> [CaseSummary] {
        try await list(where: "hall = ? AND state = 'concluded'", [.text(hall)], orderBy: "updated_at, number", limit: limit, offset: 0).cases
    }

    /// Trips per item over the cases that count them, most cases first (one grouped count over
    /// `cases_item_trips`).
    public func tripShares() async throws -> [TripShare] {
        try await database.read { db in
            try await db.query(
                """
                SELECT item_code, COUNT(*) AS n, SUM(CASE WHEN trips = 0 THEN 1 ELSE 0 END) AS zero,
                    SUM(CASE WHEN trips <= 1 THEN 1 ELSE 0 END) AS one
                FROM cases WHERE trips IS NOT NULL GROUP BY item_code ORDER BY n DESC, item_code
                """
            ).map { row in
                TripShare(itemCode: try row.code("item_code"), cases: try row.int("n"), noTrip: try row.int("zero"), atMostOne: try row.int("one"))
            }
        }
    }
}
