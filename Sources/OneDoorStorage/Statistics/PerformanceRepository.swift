import OneDoorCore

/// What a member of staff's intake came to in a period.
public struct IntakeFacts: Sendable, Hashable {
    public var received = 0
    public var accepted = 0
    public var correctionNotices = 0
    public var sentBack = 0
}

/// The reads behind staff and department performance (issue 18 §4) that no other repository
/// makes: grouped counts over a period of the cases a clerk received and of complaints found
/// true (ratings come from `RatingRepository.figures`).
public struct PerformanceRepository: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// By intake clerk's staff number, the cases received from `from` to `to` (epoch seconds).
    public func intake(from: Int64, to: Int64) async throws -> [String: IntakeFacts] {
        try await database.read { db in
            var facts: [String: IntakeFacts] = [:]
            for row in try await db.query(
                """
                SELECT intake_staff, COUNT(*) AS n, SUM(CASE WHEN accepted_on IS NOT NULL THEN 1 ELSE 0 END) AS accepted,
                    SUM(correction_notices) AS notices, SUM(sent_back) AS sent_back
                FROM cases WHERE created_at >= ? AND created_at < ? AND intake_staff IS NOT NULL GROUP BY intake_staff
                """, [.integer(from), .integer(to)]
            ) {
                facts[try row.string("intake_staff")] = IntakeFacts(received: try row.int("n"), accepted: try row.optionalInt("accepted") ?? 0,
                                                                    correctionNotices: try row.optionalInt("notices") ?? 0,
                                                                    sentBack: try row.optionalInt("sent_back") ?? 0)
            }
            return facts
        }
    }

    /// Complaints received from `from` to `to` and found true or partly true, by the staff number
    /// and by the department they concerned.
    public func upheldComplaints(from: Int64, to: Int64) async throws -> (staff: [String: Int], departments: [String: Int]) {
        try await database.read { db in
            var staff: [String: Int] = [:], departments: [String: Int] = [:]
            for row in try await db.query(
                """
                SELECT staff_number, department, COUNT(*) AS n FROM complaints
                WHERE received_at >= ? AND received_at < ? AND finding IN ('upheld', 'partly') GROUP BY staff_number, department
                """, [.integer(from), .integer(to)]
            ) {
                let n = try row.int("n")
                if let number = try row.optionalString("staff_number") { staff[number, default: 0] += n }
                if let department = try row.optionalString("department") { departments[department, default: 0] += n }
            }
            return (staff, departments)
        }
    }
}
