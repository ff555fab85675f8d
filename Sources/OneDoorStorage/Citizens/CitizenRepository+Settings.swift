import OneDoorCore

/// What a citizen keeps in 我的: delivery addresses and notification preferences.
extension CitizenRepository {
    public func addresses(citizen: Int64) async throws -> [SavedAddress] {
        try await database.read { db in
            try await db.query("SELECT id, recipient, phone, address, created_at FROM citizen_addresses WHERE citizen_id = ? ORDER BY id",
                               [.integer(citizen)]).map(Self.savedAddress)
        }
    }

    public func address(_ id: Int64, citizen: Int64) async throws -> SavedAddress? {
        try await database.read { db in
            try await db.queryFirst("SELECT id, recipient, phone, address, created_at FROM citizen_addresses WHERE id = ? AND citizen_id = ?",
                                    [.integer(id), .integer(citizen)]).map(Self.savedAddress)
        }
    }

    /// Keeps `address` for the citizen unless the same one is kept already (then that one is
    /// answered); nil when they keep ``SavedAddress/limit`` already. Counted inside the write, so
    /// two saves at once cannot pass the limit together.
    public func save(_ address: PostalAddress, citizen: Int64, at now: Int64) async throws -> SavedAddress? {
        try await database.write { db in
            let kept = try await db.query("SELECT id, recipient, phone, address, created_at FROM citizen_addresses WHERE citizen_id = ? ORDER BY id",
                                          [.integer(citizen)]).map(Self.savedAddress)
            if let same = kept.first(where: { $0.address == address }) { return same }
            guard kept.count < SavedAddress.limit else { return nil }
            return try await db.queryFirst(
                "INSERT INTO citizen_addresses (citizen_id, recipient, phone, address, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id, recipient, phone, address, created_at",
                [.integer(citizen), .text(address.recipient), .text(address.phone), .text(address.address), .integer(now)]
            ).map(Self.savedAddress)
        }
    }

    /// Whether the citizen had the address `id` (and now has not).
    public func removeAddress(_ id: Int64, citizen: Int64) async throws -> Bool {
        try await database.write { db in
            try await db.queryFirst("DELETE FROM citizen_addresses WHERE id = ? AND citizen_id = ? RETURNING id", [.integer(id), .integer(citizen)]) != nil
        }
    }

    public func preferences(citizen: Int64) async throws -> NotificationPreferences {
        try await database.read { db in
            try await db.queryFirst("SELECT sms, email, quiet_from, quiet_until FROM citizen_preferences WHERE citizen_id = ?", [.integer(citizen)])
                .map(Self.preferences) ?? .standard
        }
    }

    public func setPreferences(_ preferences: NotificationPreferences, citizen: Int64, at now: Int64) async throws {
        try await database.write { db in
            try await db.execute(
                """
                INSERT INTO citizen_preferences (citizen_id, sms, email, quiet_from, quiet_until, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (citizen_id) DO UPDATE SET sms = excluded.sms, email = excluded.email, quiet_from = excluded.quiet_from,
                    quiet_until = excluded.quiet_until, updated_at = excluded.updated_at
                """,
                [.integer(citizen), .bind(preferences.sms), .bind(preferences.email), .bind(preferences.quietFrom), .bind(preferences.quietUntil),
                 .integer(now)]
            )
        }
    }

    static func savedAddress(_ row: Row) throws -> SavedAddress {
        SavedAddress(id: try row.int64("id"),
                     address: PostalAddress(recipient: try row.string("recipient"), phone: try row.string("phone"), address: try row.string("address")),
                     createdAt: try row.int64("created_at"))
    }

    static func preferences(_ row: Row) throws -> NotificationPreferences {
        NotificationPreferences(sms: try row.bool("sms"), email: try row.bool("email"), quietFrom: try row.optionalInt("quiet_from"),
                                quietUntil: try row.optionalInt("quiet_until"))
    }
}
