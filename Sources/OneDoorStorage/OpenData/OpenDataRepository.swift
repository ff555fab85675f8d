import OneDoorCore

/// A verified enterprise as the open register shows it: public fields only.
public struct PublicEnterprise: Sendable, Hashable {
    public var uscc: String
    public var name: String
    public var verifiedAt: Int64
}

/// A licence type's issues in one month by one department.
public struct LicenceIssueCount: Sendable, Hashable {
    public var month: String
    public var type: String
    public var department: DepartmentCode
    public var issued: Int
}

/// The reads behind the open datasets (issue 18 §7) that no other repository makes: aggregates
/// and public fields only — nothing here returns a person.
public struct OpenDataRepository: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Licences issued from `from` (a day, `YYYY-MM-DD`) on, counted by month, type and department.
    public func licenceIssues(since from: String) async throws -> [LicenceIssueCount] {
        try await database.read { db in
            try await db.query(
                """
                SELECT substr(issued_on, 1, 7) AS m, type_code, department, COUNT(*) AS n FROM licences WHERE issued_on >= ?
                GROUP BY substr(issued_on, 1, 7), type_code, department ORDER BY m, type_code, department
                """, [.text(from)]
            ).map { LicenceIssueCount(month: try $0.string("m"), type: try $0.string("type_code"), department: try $0.code("department"), issued: try $0.int("n")) }
        }
    }

    /// Theme cases by theme: received (every one opened) and delivered (统一出件).
    public func themeCaseCounts() async throws -> [String: (received: Int, delivered: Int)] {
        try await database.read { db in
            var counts: [String: (received: Int, delivered: Int)] = [:]
            for row in try await db.query(
                "SELECT theme_code, COUNT(*) AS n, SUM(CASE WHEN state = 'delivered' THEN 1 ELSE 0 END) AS d FROM theme_cases GROUP BY theme_code"
            ) {
                counts[try row.string("theme_code")] = (try row.int("n"), try row.optionalInt("d") ?? 0)
            }
            return counts
        }
    }

    /// The cases of theme `code` opened from `from` to `to` (epoch seconds).
    public func themeCases(_ code: String, from: Int64, to: Int64) async throws -> Int {
        try await database.read { db in
            try await db.queryFirst("SELECT COUNT(*) AS n FROM theme_cases WHERE theme_code = ? AND created_at >= ? AND created_at < ?",
                                    [.text(code), .integer(from), .integer(to)])?.int("n") ?? 0
        }
    }

    /// Enterprises a clerk has verified, by code: never the legal representative or the agents.
    public func verifiedEnterprises() async throws -> [PublicEnterprise] {
        try await database.read { db in
            try await db.query("SELECT uscc, name, verified_at FROM enterprises WHERE verified_at IS NOT NULL ORDER BY uscc").map {
                PublicEnterprise(uscc: try $0.string("uscc"), name: try $0.string("name"), verifiedAt: try $0.int64("verified_at"))
            }
        }
    }

    /// The rectifications of 差评 given from `from` (epoch seconds) on with their ratings, newest
    /// first; removed ones (a contested 差评 a supervisor withdrew) are left out.
    public func rectifications(since from: Int64) async throws -> [(Rectification, Rating)] {
        try await database.read { db in
            try await db.query(
                """
                SELECT x.document AS rectification, r.id AS id, r.document AS document FROM rectifications x JOIN ratings r ON r.id = x.rating_id
                WHERE x.created_at >= ? AND x.state <> 'removed' ORDER BY x.created_at DESC, x.id DESC
                """, [.integer(from)]
            ).map { row in
                (try JSONCoding.decode(Rectification.self, try row.string("rectification")), try RatingRepository.rating(row))
            }
        }
    }
}
