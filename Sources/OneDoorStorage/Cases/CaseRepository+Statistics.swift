import OneDoorCore

/// Case statistics (migration 41, ADR 0044): a month's figures computed by one grouped scan of
/// the cases received in it (index `cases_created (created_at, number)`), and the stored figures of months, each with
/// the newest change of its cases they saw.
extension CaseRepository {
    /// Figures of the cases received from `from` to `to` (epoch seconds, `to` excluded), by item,
    /// department, hall and channel, and the newest change among them.
    public func computeFigures(from: Int64, to: Int64, month: String) async throws -> (rows: [(CaseFigureKey, CaseFigures)], lastChange: Int64) {
        func sum(_ expression: String, _ name: String) -> String { "CAST(COALESCE(SUM(\(expression)), 0) AS BIGINT) AS \(name)" }
        func count(_ condition: String, _ name: String) -> String { sum("CASE WHEN \(condition) THEN 1 ELSE 0 END", name) }
        let columns = [
            "COUNT(*) AS received", count("accepted_on IS NOT NULL", "accepted"), count("state = 'not-accepted'", "refused"),
            count("COALESCE(correction_notices, 0) > 0", "corrected"),
            count("concluded_on IS NOT NULL AND concluded_on = accepted_on AND promised_days = 0", "immediate"),
            count("concluded_on IS NOT NULL", "concluded"), count("concluded_on IS NOT NULL AND concluded_on <= promised_deadline", "on_time"),
            sum("working_days", "working_days"), count("working_days IS NOT NULL", "timed"),
            sum("CASE WHEN working_days IS NOT NULL THEN promised_days ELSE 0 END", "promised"),
            sum("trips", "trips"), count("trips IS NOT NULL", "trip_counted"), count("trips = 0", "zero_trips"), count("trips <= 1", "one_trip"),
            count("COALESCE(paused_total, 0) > 0 OR paused_on IS NOT NULL", "special"), sum("sent_back", "sent_back"),
            sum("materials_count", "materials"), sum("shared_hands", "shared_hands"),
            "MAX(updated_at) AS last_change",
        ]
        return try await database.read { db in
            var lastChange: Int64 = 0
            let rows = try await db.query(
                """
                SELECT item_code, department, hall, COALESCE(channel, 'window') AS channel, \(columns.joined(separator: ", "))
                FROM cases WHERE created_at >= ? AND created_at < ?
                GROUP BY item_code, department, hall, COALESCE(channel, 'window')
                """, [.integer(from), .integer(to)]
            ).map { row -> (CaseFigureKey, CaseFigures) in
                lastChange = max(lastChange, try row.optionalInt64("last_change") ?? 0)
                var f = CaseFigures()
                f.received = try row.int("received")
                f.accepted = try row.int("accepted")
                f.refused = try row.int("refused")
                f.corrected = try row.int("corrected")
                f.immediate = try row.int("immediate")
                f.concluded = try row.int("concluded")
                f.onTime = try row.int("on_time")
                f.workingDays = try row.int("working_days")
                f.timedConclusions = try row.int("timed")
                f.promisedDays = try row.int("promised")
                f.trips = try row.int("trips")
                f.tripCounted = try row.int("trip_counted")
                f.zeroTrips = try row.int("zero_trips")
                f.atMostOneTrip = try row.int("one_trip")
                f.specialProcedures = try row.int("special")
                f.sentBack = try row.int("sent_back")
                f.materials = try row.int("materials")
                f.sharedHands = try row.int("shared_hands")
                let key = CaseFigureKey(month: month, item: try row.code("item_code"), department: try row.code("department"), hall: try row.code("hall"),
                                        channel: CaseChannel(rawValue: try row.string("channel")) ?? .window)
                return (key, f)
            }
            return (rows, lastChange)
        }
    }

    /// The newest change among the cases received from `from` to `to`: whether a stored month is stale.
    public func lastChange(from: Int64, to: Int64) async throws -> Int64 {
        try await database.read { db in
            try await db.queryFirst("SELECT MAX(updated_at) AS n FROM cases WHERE created_at >= ? AND created_at < ?", [.integer(from), .integer(to)])?
                .optionalInt64("n") ?? 0
        }
    }

    /// The stored figures of the months from `from` to `to` (`YYYY-MM`, both included), with the
    /// newest change each saw; months never stored are absent.
    public func storedFigures(from: String, to: String) async throws -> [String: (rows: [(CaseFigureKey, CaseFigures)], lastChange: Int64)] {
        try await database.read { db in
            var result: [String: (rows: [(CaseFigureKey, CaseFigures)], lastChange: Int64)] = [:]
            for row in try await db.query("SELECT month, last_change FROM case_month_sources WHERE month >= ? AND month <= ?", [.text(from), .text(to)]) {
                result[try row.string("month")] = ([], try row.int64("last_change"))
            }
            for row in try await db.query(
                "SELECT month, item_code, department, hall, channel, figures FROM case_month_figures WHERE month >= ? AND month <= ?", [.text(from), .text(to)]
            ) {
                let month = try row.string("month")
                guard result[month] != nil else { continue }
                let key = CaseFigureKey(month: month, item: try row.code("item_code"), department: try row.code("department"), hall: try row.code("hall"),
                                        channel: CaseChannel(rawValue: try row.string("channel")) ?? .window)
                result[month]?.rows.append((key, try JSONCoding.decode(CaseFigures.self, try row.string("figures"))))
            }
            return result
        }
    }

    /// Replaces a month's stored figures.
    public func storeFigures(month: String, rows: [(CaseFigureKey, CaseFigures)], lastChange: Int64, at now: Int64) async throws {
        try await database.write { db in
            try await db.execute("DELETE FROM case_month_figures WHERE month = ?", [.text(month)])
            try await db.insertRows(into: "case_month_figures", columns: ["month", "item_code", "department", "hall", "channel", "figures"],
                                    rows: try rows.map { key, figures in
                                        [.text(month), .text(key.item), .text(key.department), .text(key.hall), .text(key.channel.rawValue),
                                         .text(try JSONCoding.encode(figures))]
                                    })
            try await db.execute(
                """
                INSERT INTO case_month_sources (month, last_change, computed_at) VALUES (?, ?, ?)
                ON CONFLICT (month) DO UPDATE SET last_change = excluded.last_change, computed_at = excluded.computed_at
                """, [.text(month), .integer(lastChange), .integer(now)])
        }
    }
}
