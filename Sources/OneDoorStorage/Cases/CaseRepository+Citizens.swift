import OneDoorCore

extension CaseRepository {
    /// The cases applied for under `applicantKey` (``Applicant/key``), newest first: a verified
    /// citizen's own cases, whichever window accepted them (index `cases_applicant`).
    public func cases(applicantKey: String, limit: Int, offset: Int) async throws -> (cases: [CaseSummary], total: Int) {
        try await list(where: "applicant_key = ?", [.text(applicantKey)], orderBy: "created_at DESC, number DESC", limit: limit, offset: offset)
    }
}
