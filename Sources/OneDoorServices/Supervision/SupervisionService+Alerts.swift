import OneDoorCore
import OneDoorStorage

/// 电子监察's alerts (issue 18 §3, ADR 0048): the rules checked by a sweep every minute, each
/// subject raised once, the supervisors on duty told through the outbox — one message per rule
/// and sweep, however many subjects.
extension SupervisionService {
    /// Checks every rule now; returns what was newly raised.
    @discardableResult
    public func sweepAlerts() async throws -> [AlertFinding] {
        let now = clock.now(), today = calendar.today
        let snapshot = catalog.snapshot
        var findings: [AlertFinding] = []
        for red in try await repository.redCases(today: today) {
            let department = snapshot.departmentsByCode[DepartmentCode(rawValue: red.department)]?.name ?? red.department
            findings.append(AlertFinding(rule: .caseRed, subject: red.number, text: "\(red.number)（\(department)，承诺 \(red.deadline)）"))
        }
        for complaint in try await repository.overdueComplaints(today: today) {
            findings.append(AlertFinding(rule: .complaintOverdue, subject: complaint.number, text: "\(complaint.number)（应于 \(complaint.due) 答复）"))
        }
        let waited = Int64(SupervisionAlerts.longWaitMinutes) * 60
        for wait in try await repository.longWaits(day: today, before: now - waited) {
            let name = snapshot.hallsByCode[HallCode(rawValue: wait.hall)]?.name ?? wait.hall
            findings.append(AlertFinding(rule: .longWait, subject: "\(wait.hall) \(today)",
                                         text: "\(name)有群众已等候 \(max(0, now - wait.since) / 60) 分钟"))
        }
        for reader in try await repository.heavyReaders(since: now - 3600, threshold: SupervisionAlerts.readsPerHour) {
            findings.append(AlertFinding(rule: .heavyReading, subject: "\(reader.actor) \(now / 3600)", text: "\(reader.actor)一小时内查阅 \(reader.reads) 次"))
        }
        let fresh = try await repository.unraised(findings)
        guard !fresh.isEmpty else { return [] }
        let messages = SupervisionAlerts.messages(fresh, contacts: alertContacts, key: String(now), book: await templates.current())
        try await repository.raise(fresh, messages: messages, at: now, policy: cases.repository.messagePolicy)
        if !messages.isEmpty { messagesWritten() }
        return fresh
    }

    /// The latest alerts, for the overview.
    public func recentAlerts(by identity: Identity, limit: Int = 20) async throws -> [RaisedAlert] {
        try identity.require(.supervise)
        return try await repository.recentAlerts(limit: limit)
    }
}
