import OneDoorCore

/// The reads of 电子监察's alert rules and the record of what was raised (ADR 0048).
extension SupervisionRepository {
    /// Running cases past their promised deadline and not in a special procedure (index `cases_running`).
    public func redCases(today: CivilDate, limit: Int = 500) async throws -> [(number: String, department: String, deadline: String)] {
        try await database.read { db in
            try await db.query(
                """
                SELECT number, department, promised_deadline FROM cases
                WHERE state IN ('accepted', 'undertaken', 'reviewed') AND paused_on IS NULL AND promised_deadline < ?
                ORDER BY promised_deadline, number LIMIT \(limit)
                """, [.text(today.description)]
            ).map { (try $0.string("number"), try $0.string("department"), try $0.string("promised_deadline")) }
        }
    }

    /// Complaints still open after their due day.
    public func overdueComplaints(today: CivilDate, limit: Int = 500) async throws -> [(number: String, due: String)] {
        try await database.read { db in
            try await db.query(
                """
                SELECT number, due_on FROM complaints WHERE state IN ('received', 'assigned') AND due_on < ? AND number IS NOT NULL
                ORDER BY due_on, number LIMIT \(limit)
                """, [.text(today.description)]
            ).map { (try $0.string("number"), try $0.string("due_on")) }
        }
    }

    /// Halls where a ticket of `day` taken before `before` (epoch seconds) is still waiting, with
    /// the earliest such ticket's time.
    public func longWaits(day: CivilDate, before: Int64) async throws -> [(hall: String, since: Int64)] {
        try await database.read { db in
            try await db.query(
                "SELECT hall, MIN(issued_at) AS since FROM tickets WHERE state = 'waiting' AND day = ? AND issued_at < ? GROUP BY hall ORDER BY hall",
                [.text(day.description), .integer(before)]
            ).map { (try $0.string("hall"), try $0.int64("since")) }
        }
    }

    /// Members of staff who read personal data at least `threshold` times since `since` (index `personal_data_access_at`).
    public func heavyReaders(since: Int64, threshold: Int) async throws -> [(actor: String, reads: Int)] {
        try await database.read { db in
            try await db.query(
                """
                SELECT actor, COUNT(*) AS n FROM personal_data_access WHERE at >= ? AND actor_id IS NOT NULL
                GROUP BY actor HAVING COUNT(*) >= ? ORDER BY actor
                """, [.integer(since), .bind(threshold)]
            ).map { (try $0.string("actor"), try $0.int("n")) }
        }
    }

    /// Of `findings`, those not raised before.
    public func unraised(_ findings: [AlertFinding]) async throws -> [AlertFinding] {
        guard !findings.isEmpty else { return [] }
        return try await database.read { db in
            var raised = Set<String>()
            for rule in Set(findings.map(\.rule)) {
                let subjects = findings.filter { $0.rule == rule }.map(\.subject)
                for chunk in stride(from: 0, to: subjects.count, by: 500).map({ Array(subjects[$0..<min($0 + 500, subjects.count)]) }) {
                    let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                    for row in try await db.query("SELECT subject FROM supervision_alerts WHERE rule = ? AND subject IN (\(marks))",
                                                  [.text(rule.rawValue)] + chunk.map(DatabaseValue.text)) {
                        raised.insert(rule.rawValue + "\u{1F}" + (try row.string("subject")))
                    }
                }
            }
            return findings.filter { !raised.contains($0.rule.rawValue + "\u{1F}" + $0.subject) }
        }
    }

    /// Records `findings` as raised and queues what the supervisors are told, in one transaction;
    /// one raised meanwhile by another server stays as it was.
    public func raise(_ findings: [AlertFinding], messages: [OutgoingMessage], at now: Int64, policy: DispatchPolicy = DispatchPolicy()) async throws {
        guard !findings.isEmpty else { return }
        try await database.write { db in
            try await db.insertRows(into: "supervision_alerts", columns: ["rule", "subject", "text", "raised_at"],
                                    rows: findings.map { [.text($0.rule.rawValue), .text($0.subject), .text($0.text), .integer(now)] },
                                    suffix: "ON CONFLICT (rule, subject) DO NOTHING")
            if !messages.isEmpty { try await db.executeBatch(messages.map { OutboxRepository.enqueueStatement($0, at: now, policy: policy) }) }
        }
    }

    /// The latest alerts raised.
    public func recentAlerts(limit: Int) async throws -> [RaisedAlert] {
        try await database.read { db in
            try await db.query("SELECT rule, subject, text, raised_at FROM supervision_alerts ORDER BY raised_at DESC, rule, subject LIMIT \(limit)").compactMap { row in
                guard let rule = AlertRule(rawValue: try row.string("rule")) else { return nil }
                return RaisedAlert(rule: rule, subject: try row.string("subject"), text: try row.string("text"), raisedAt: try row.int64("raised_at"))
            }
        }
    }
}
