import OneDoorCore

extension CaseRepository {
    /// The cases applied for under `applicantKey` (``Applicant/key``), newest first: a verified
    /// citizen's own cases, whichever window accepted them (index `cases_applicant`).
    /// With `citizen`, also the cases its own online applications became (ADR 0026), found
    /// through `applications_citizen` and the primary key — an unverified account sees those only.
    /// `applicantKeys`: the verified holder's own key and the enterprises they may see (ADR 0027).
    public func cases(applicantKeys: [String], citizen: Int64, limit: Int, offset: Int) async throws -> (cases: [CaseSummary], total: Int) {
        let online = "number IN (SELECT case_number FROM applications WHERE citizen_id = ? AND case_number IS NOT NULL)"
        guard !applicantKeys.isEmpty else {
            return try await list(where: online, [.integer(citizen)], orderBy: "created_at DESC, number DESC", limit: limit, offset: offset)
        }
        let marks = Array(repeating: "?", count: applicantKeys.count).joined(separator: ", ")
        return try await list(where: "(applicant_key IN (\(marks)) OR \(online))", applicantKeys.map(DatabaseValue.text) + [.integer(citizen)],
                              orderBy: "created_at DESC, number DESC", limit: limit, offset: offset)
    }

    /// Whether `application` was made by `citizen` (a case opened from it is theirs to follow, a
    /// theme's children included).
    public func isOwnApplication(_ application: String, of citizen: Int64) async throws -> Bool {
        try await database.read { db in
            try await db.queryFirst("SELECT id FROM applications WHERE id = ? AND citizen_id = ?", [.text(application), .integer(citizen)]) != nil
        }
    }
}
