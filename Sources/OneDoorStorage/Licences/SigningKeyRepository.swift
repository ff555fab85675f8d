import OneDoorCore

/// The signing keys: one in use per owner, retired ones kept so that what they signed can
/// still be verified.
public struct SigningKeyRepository: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Every key, oldest first.
    public func all() async throws -> [SigningKey] {
        try await database.read { db in
            try await db.query("SELECT * FROM signing_keys ORDER BY created_at, kid").map(Self.key)
        }
    }

    /// Stores `key` as its owner's key in use unless the owner has one already (another server
    /// made it first); answers the owner's key in use.
    public func createIfNone(_ key: SigningKey) async throws -> SigningKey {
        try await database.write { db in
            try await db.execute(
                """
                INSERT INTO signing_keys (kid, owner, algorithm, public_key, private_key, created_at, retired_at)
                VALUES (?, ?, ?, ?, ?, ?, NULL) ON CONFLICT DO NOTHING
                """, [.text(key.kid), .text(key.owner), .text(key.algorithm), .text(key.publicKey), .text(key.privateKey), .integer(key.createdAt)]
            )
            guard let row = try await db.queryFirst("SELECT * FROM signing_keys WHERE owner = ? AND retired_at IS NULL", [.text(key.owner)]) else {
                throw StorageError.database("signing key of \(key.owner) neither stored nor found")
            }
            return try Self.key(row)
        }
    }

    /// Retires the owner's key in use and puts `key` in its place, audited.
    public func rotate(to key: SigningKey, actor: AuditActor) async throws {
        try await database.write { db in
            try await db.execute("UPDATE signing_keys SET retired_at = ? WHERE owner = ? AND retired_at IS NULL", [.integer(key.createdAt), .text(key.owner)])
            try await db.execute(
                """
                INSERT INTO signing_keys (kid, owner, algorithm, public_key, private_key, created_at, retired_at)
                VALUES (?, ?, ?, ?, ?, ?, NULL)
                """, [.text(key.kid), .text(key.owner), .text(key.algorithm), .text(key.publicKey), .text(key.privateKey), .integer(key.createdAt)]
            )
            try await AuditRepository.record(db, at: key.createdAt, actor: actor, action: "signing-key.rotate", target: key.owner, detail: "新密钥 \(key.kid)")
        }
    }

    static func key(_ row: Row) throws -> SigningKey {
        SigningKey(kid: try row.string("kid"), owner: try row.string("owner"), algorithm: try row.string("algorithm"),
                   publicKey: try row.string("public_key"), privateKey: try row.string("private_key"),
                   createdAt: try row.int64("created_at"), retiredAt: try row.optionalInt64("retired_at"))
    }
}
