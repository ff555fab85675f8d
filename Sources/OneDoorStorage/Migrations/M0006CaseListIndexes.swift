extension Migration {
    /// Case lists page through indexes to the last row: each list's index ends with the
    /// tie-breaking `number` it orders by, so no list sorts (a queue of a million cases
    /// included), and the supervisors' list of all cases, newest first, gets an index of its own.
    static let m0006CaseListIndexes = Migration(id: 6, name: "case list indexes") { _ in
        [
            "DROP INDEX cases_back_office",
            "CREATE INDEX cases_back_office ON cases (back_office, promised_deadline, number)",
            "DROP INDEX cases_hall",
            "CREATE INDEX cases_hall ON cases (hall, created_at, number)",
            "CREATE INDEX cases_created ON cases (created_at, number)",
        ]
    }
}
