import OneDoorCore

extension OutboxRepository {
    /// The preferences of the people `recipients` (phones and e-mail addresses) belong to, for
    /// those who set any: one question per dispatched batch.
    public func preferences(of recipients: Set<String>) async throws -> [String: NotificationPreferences] {
        guard !recipients.isEmpty else { return [:] }
        let list = Array(recipients)
        let marks = Array(repeating: "?", count: list.count).joined(separator: ", ")
        let select = "SELECT c.phone, c.email AS address, p.sms, p.email, p.quiet_from, p.quiet_until FROM citizens c JOIN citizen_preferences p ON p.citizen_id = c.id"
        return try await database.read { db in
            let rows = try await db.query("\(select) WHERE c.phone IN (\(marks)) UNION ALL \(select) WHERE c.email IN (\(marks))",
                                          (list + list).map { .text($0) })
            var found: [String: NotificationPreferences] = [:]
            for row in rows {
                let preferences = try CitizenRepository.preferences(row)
                let phone = try row.string("phone")
                if recipients.contains(phone) { found[phone] = preferences }
                if let email = try row.optionalString("address"), recipients.contains(email) { found[email] = preferences }
            }
            return found
        }
    }
}
