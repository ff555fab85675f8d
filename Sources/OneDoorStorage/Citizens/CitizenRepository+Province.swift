import OneDoorCore

extension CitizenRepository {
    /// A login through the identity provider, begun on one server, finished on any.
    public struct PendingLogin: Sendable, Equatable {
        public var nonce: String
        public var verifier: String
        public var next: String

        public init(nonce: String, verifier: String, next: String) {
            self.nonce = nonce
            self.verifier = verifier
            self.next = next
        }
    }

    /// Why a federated sign-in did not open a session.
    public enum ProvinceSignInRefusal: Error, Sendable, Equatable {
        /// The account of this phone is verified as another person.
        case verifiedAsOther
    }

    public func saveLogin(state: String, _ login: PendingLogin, expiresAt: Int64) async throws {
        try await database.write { db in
            // Logins nobody finished are dropped as new ones come.
            try await db.execute("DELETE FROM oidc_logins WHERE expires_at < ?", [.integer(expiresAt - 3_600)])
            try await db.execute("INSERT INTO oidc_logins (state, nonce, verifier, next_path, expires_at) VALUES (?, ?, ?, ?, ?)",
                                 [.text(state), .text(login.nonce), .text(login.verifier), .text(login.next), .integer(expiresAt)])
        }
    }

    /// Uses up the login of `state`: nil when unknown, used or expired.
    public func takeLogin(state: String, at now: Int64) async throws -> PendingLogin? {
        try await database.write { db in
            try await db.queryFirst("DELETE FROM oidc_logins WHERE state = ? RETURNING nonce, verifier, next_path, expires_at", [.text(state)])
                .flatMap { row in
                    try row.int64("expires_at") > now
                        ? PendingLogin(nonce: try row.string("nonce"), verifier: try row.string("verifier"), next: try row.string("next_path")) : nil
                }
        }
    }

    /// Signs in the person the provider vouched for, in one transaction: the account already
    /// linked to (issuer, subject), else the phone's account (opened if new) linked now; its real
    /// name set as verified by the provider (unless a clerk verified it as someone else); a
    /// session opened.
    public func federatedSignIn(
        issuer: String, subject: String, phone: String, person: Person, tokenHash: String, csrfToken: String, at now: Int64
    ) async throws -> CitizenAccount {
        try await database.write { db in
            var id = try await db.queryFirst("SELECT citizen_id FROM citizen_identities WHERE issuer = ? AND subject = ?",
                                             [.text(issuer), .text(subject)])?.int64("citizen_id")
            if id == nil {
                try await db.execute("INSERT INTO citizens (phone, real_name, created_at) VALUES (?, 'none', ?) ON CONFLICT (phone) DO NOTHING",
                                     [.text(phone), .integer(now)])
                id = try await db.queryFirst("SELECT id FROM citizens WHERE phone = ?", [.text(phone)])?.int64("id")
                guard let id else { throw StorageError.database("no account for the federated phone") }
                try await db.execute("INSERT INTO citizen_identities (issuer, subject, citizen_id, created_at) VALUES (?, ?, ?, ?)",
                                     [.text(issuer), .text(subject), .integer(id), .integer(now)])
            }
            guard let id else { throw StorageError.database("no account for the federated identity") }
            guard let account = try await db.queryFirst(
                """
                UPDATE citizens SET name = ?, document_type = ?, document_number = ?, real_name = 'verified', verified_by = ?,
                    verified_at = COALESCE(verified_at, ?)
                WHERE id = ? AND (real_name <> 'verified' OR (document_type = ? AND document_number = ?))
                RETURNING \(Self.columns)
                """,
                [.text(person.name), .text(person.documentType.rawValue), .text(person.documentNumber), .text("省统一身份认证"), .integer(now),
                 .integer(id), .text(person.documentType.rawValue), .text(person.documentNumber)]
            ).map(Self.account) else { throw ProvinceSignInRefusal.verifiedAsOther }
            try await db.execute(
                "INSERT INTO citizen_sessions (token_hash, citizen_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                [.text(tokenHash), .integer(account.id), .text(csrfToken), .integer(now), .integer(now + policy.sessionLifetime)]
            )
            return account
        }
    }
}
