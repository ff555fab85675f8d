import OneDoorCore

extension CaseService {
    /// A member of staff opened one of the case's documents: counted against their personal-data
    /// reads and logged like a view of the case.
    func recordDocumentRead(_ number: CaseNumber, name: String, by identity: Identity, client: String) async throws {
        try await admitPersonalRead(by: identity, client: client)
        try await repository.recordAccess(caseNumber: number.rawValue, purpose: "查看材料文件：\(name)".prefix(100).description,
                                          actor: identity.actor(client: client), at: clock.now())
    }

    /// Why a 容缺 reminder (``CaseMessages/dueReminders(_:number:phone:)``) should not go out, or
    /// nil when the material is still owed by that date on a case that runs.
    public func dueReminderMoot(_ message: OutboxMessage) async -> String? {
        guard let (number, index, due) = CaseMessages.dueReminder(key: message.message.key) else { return "提醒的办件无法识别" }
        let found: CaseRecord?
        do {
            found = try await repository.find(number)
        } catch {
            return nil  // the database did not answer: send it; a reminder too many beats one missed
        }
        guard let record = found else { return "办件不存在" }
        if record.state.isFinal { return "办件已\(record.state.label)" }
        guard record.materials.indices.contains(index) else { return "材料不存在" }
        let material = record.materials[index]
        if material.received { return "材料已补交" }
        if material.dueDate != due { return "补交日期已变更" }
        return nil
    }
}
