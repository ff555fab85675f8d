import OneDoorCore

/// What 电子监察's overview reads of the cases (ADR 0042): running cases grouped by what their
/// light depends on, the overdue ones, and those in a special procedure.
extension CaseRepository {
    static let runningStates = "('accepted', 'undertaken', 'reviewed')"

    /// The running cases in groups that share department, step, deadlines, procedure start and
    /// promised limit (index `cases_running`): a few thousand groups however many cases.
    public func clockGroups() async throws -> [CaseClockGroup] {
        try await database.read { db in
            try await db.query(
                """
                SELECT department, state, promised_deadline, legal_deadline, paused_on, promised_days, promised_unit, COUNT(*) AS n
                FROM cases WHERE state IN \(Self.runningStates)
                GROUP BY department, state, promised_deadline, legal_deadline, paused_on, promised_days, promised_unit
                """
            ).compactMap { row in
                guard let state = CaseState(rawValue: try row.string("state")) else { return nil }
                let unit = try row.optionalString("promised_unit").flatMap(TimeUnit.init(rawValue:)) ?? .workingDays
                return CaseClockGroup(
                    department: try row.code("department"), state: state,
                    promisedDeadline: try row.optionalString("promised_deadline").flatMap(CivilDate.init),
                    legalDeadline: try row.optionalString("legal_deadline").flatMap(CivilDate.init),
                    pausedOn: try row.optionalString("paused_on").flatMap(CivilDate.init),
                    promisedLimit: TimeLimit(days: try row.optionalInt("promised_days") ?? 0, unit: unit), count: try row.int("n"))
            }
        }
    }

    /// Running cases past their legal deadline on `today` (a paused case on the day its procedure
    /// started), the longest overdue first.
    public func overdueCases(today: CivilDate, limit: Int) async throws -> [CaseSummary] {
        try await list(where: "state IN \(Self.runningStates) AND COALESCE(paused_on, ?) > legal_deadline", [.text(today.description)],
                       orderBy: "legal_deadline, number", limit: limit, offset: 0, counting: false).cases
    }

    /// Running cases in a special procedure, the earliest started first (index `cases_paused`).
    public func pausedCases(limit: Int) async throws -> [CaseListing] {
        try await list(where: "paused_on IS NOT NULL AND state IN \(Self.runningStates)", [], orderBy: "paused_on, number", limit: limit,
                       offset: 0, counting: false).cases.map(\.listing)
    }
}
