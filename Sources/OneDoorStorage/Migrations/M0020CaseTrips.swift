extension Migration {
    /// Each case's trips (跑动次数, ADR 0026) as a column, so that the shares of 零跑腿 and 最多跑一次
    /// per item are one grouped count; and a hall's cases by state, for the results waiting at
    /// its windows (出件) without walking the hall's whole history.
    static let m0020CaseTrips = Migration(id: 20, name: "case trips") { _ in
        [
            "ALTER TABLE cases ADD COLUMN trips BIGINT",
            "CREATE INDEX cases_hall_state ON cases (hall, state)",
            "CREATE INDEX cases_item_trips ON cases (item_code, trips)",
        ]
    }
}
