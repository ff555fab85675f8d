/// What the case store answers: list lines, personal-data reads, refusals.
//
// Plain values shared by every layer; storage fills them, pages and the API show them.

/// Thrown when a case change cannot be stored.
public enum CaseStoreError: Error, Sendable, Equatable {
    case notFound(CaseNumber)
    /// Someone else changed the case since it was read (two approvers at once): 409.
    case conflict(number: CaseNumber)
}

/// One line of a case list.
public struct CaseSummary: Sendable, Hashable {
    public var listing: CaseListing
    public var updatedAt: Int64

    public init(listing: CaseListing, updatedAt: Int64) {
        self.listing = listing
        self.updatedAt = updatedAt
    }
}

/// One staff view of a case's personal data (个人信息查阅记录).
public struct PersonalDataAccess: Sendable, Hashable {
    public var id: Int64
    public var at: Int64
    public var actor: String
    public var client: String
    public var caseNumber: String
    public var purpose: String

    public init(id: Int64, at: Int64, actor: String, client: String, caseNumber: String, purpose: String) {
        self.id = id
        self.at = at
        self.actor = actor
        self.client = client
        self.caseNumber = caseNumber
        self.purpose = purpose
    }
}
