import OneDoorCore

extension CaseService {
    /// A member of staff opened one of the case's documents: counted against their personal-data
    /// reads and logged like a view of the case.
    func recordDocumentRead(_ number: CaseNumber, name: String, by identity: Identity, client: String) async throws {
        try await admitPersonalRead(by: identity, client: client)
        try await repository.recordAccess(caseNumber: number.rawValue, purpose: "查看材料文件：\(name)".prefix(100).description,
                                          actor: identity.actor(client: client), at: clock.now())
    }
}
