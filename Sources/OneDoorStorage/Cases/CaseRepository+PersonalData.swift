import OneDoorCore

/// Applicants stored once for reuse, and every staff read of a case's personal data.
extension CaseRepository {
    /// An applicant stored before, by key (一次采集、反复使用).
    public func applicant(key: String) async throws -> Applicant? {
        try await database.read { db in
            try await db.queryFirst("SELECT document FROM applicants WHERE key = ?", [.text(key)]).map {
                try JSONCoding.decode(Applicant.self, try $0.string("document"))
            }
        }
    }

    /// What an applicant's record said before each later intake changed it, newest first.
    public func applicantHistory(key: String) async throws -> [(applicant: Applicant, replacedAt: Int64, caseNumber: String)] {
        try await database.read { db in
            try await db.query("SELECT document, replaced_at, case_number FROM applicant_history WHERE key = ? ORDER BY id DESC", [.text(key)]).map {
                (try JSONCoding.decode(Applicant.self, try $0.string("document")), try $0.int64("replaced_at"), try $0.string("case_number"))
            }
        }
    }

    /// Records that a staff member saw a case's personal data.
    public func recordAccess(caseNumber: String, purpose: String, actor: AuditActor, at now: Int64) async throws {
        try await database.write { db in
            try await db.execute(
                "INSERT INTO personal_data_access (at, actor_id, actor, client, case_number, purpose) VALUES (?, ?, ?, ?, ?, ?)",
                [.integer(now), .bind(actor.accountID), .text(actor.name), .text(actor.client), .text(caseNumber), .text(purpose)]
            )
        }
    }

    /// The personal-data access log, newest first; for one case when `caseNumber` is given.
    public func accessLog(caseNumber: String?, limit: Int, offset: Int) async throws -> (entries: [PersonalDataAccess], total: Int) {
        let filter = caseNumber == nil ? "1 = 1" : "case_number = ?"
        let binds: [DatabaseValue] = caseNumber.map { [.text($0)] } ?? []
        return try await database.read { db in
            let total = try await db.queryFirst("SELECT COUNT(*) AS n FROM personal_data_access WHERE \(filter)", binds)?.int("n") ?? 0
            let entries = try await db.query(
                "SELECT id, at, actor, client, case_number, purpose FROM personal_data_access WHERE \(filter) ORDER BY id DESC LIMIT ? OFFSET ?",
                binds + [.bind(limit), .bind(offset)]
            ).map {
                PersonalDataAccess(id: try $0.int64("id"), at: try $0.int64("at"), actor: try $0.string("actor"), client: try $0.string("client"),
                                   caseNumber: try $0.string("case_number"), purpose: try $0.string("purpose"))
            }
            return (entries, total)
        }
    }

    /// The reads of these cases' personal data, newest first, with who read (their account id).
    public func accessLog(ofCases numbers: [String], limit: Int) async throws -> [(entry: PersonalDataAccess, actorID: Int64?)] {
        guard !numbers.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: numbers.count).joined(separator: ", ")
        return try await database.read { db in
            try await db.query(
                "SELECT id, at, actor_id, actor, client, case_number, purpose FROM personal_data_access WHERE case_number IN (\(marks)) ORDER BY id DESC LIMIT ?",
                numbers.map { .text($0) } + [.bind(limit)]
            ).map {
                (PersonalDataAccess(id: try $0.int64("id"), at: try $0.int64("at"), actor: try $0.string("actor"), client: try $0.string("client"),
                                    caseNumber: try $0.string("case_number"), purpose: try $0.string("purpose")), try $0.optionalInt64("actor_id"))
            }
        }
    }

    // MARK: Helpers
}

extension CaseRepository {
    /// Each member of staff's reads of personal data from `from` to before `to`, with the cases
    /// they read in which they took no step: the most such first.
    public func readings(from: Int64, to: Int64, limit: Int) async throws -> [StaffReading] {
        try await database.read { db in
            try await db.query(
                """
                SELECT a.actor_id, MAX(a.actor) AS actor, COUNT(*) AS reads,
                    COUNT(DISTINCT CASE WHEN a.case_number <> '' THEN a.case_number END) AS cases,
                    COUNT(DISTINCT CASE WHEN a.case_number <> '' AND NOT EXISTS (
                        SELECT 1 FROM case_events e WHERE e.case_number = a.case_number AND e.actor_id = a.actor_id
                    ) THEN a.case_number END) AS outside,
                    SUM(CASE WHEN a.case_number = '' THEN 1 ELSE 0 END) AS lookups, MIN(a.at) AS first_at, MAX(a.at) AS last_at
                FROM personal_data_access a
                WHERE a.at >= ? AND a.at < ? AND a.actor_id IS NOT NULL
                GROUP BY a.actor_id ORDER BY outside DESC, reads DESC LIMIT ?
                """, [.integer(from), .integer(to), .bind(limit)]
            ).map {
                StaffReading(actorID: try $0.int64("actor_id"), actor: try $0.string("actor"), reads: try $0.int("reads"), cases: try $0.int("cases"),
                             outside: try $0.int("outside"), lookups: try $0.int("lookups"), firstAt: try $0.int64("first_at"), lastAt: try $0.int64("last_at"))
            }
        }
    }
}
