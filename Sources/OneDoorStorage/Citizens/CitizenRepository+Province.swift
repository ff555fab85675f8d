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
    /// session opened, keeping the provider's ID token for signing out there.
    public func federatedSignIn(
        issuer: String, subject: String, phone: String, person: Person, idToken: String?, tokenHash: String, csrfToken: String, at now: Int64
    ) async throws -> CitizenAccount {
        try await database.write { db in
            var id = try await db.queryFirst("SELECT citizen_id FROM citizen_identities WHERE issuer = ? AND subject = ?",
                                             [.text(issuer), .text(subject)])?.int64("citizen_id")
            if id == nil {
                try await db.execute("INSERT INTO citizens (phone, real_name, created_at) VALUES (?, 'none', ?) ON CONFLICT (phone) DO NOTHING",
                                     [.text(phone), .integer(now)])
                id = try await db.queryFirst("SELECT id FROM citizens WHERE phone = ?", [.text(phone)])?.int64("id")
            }
            guard let id else { throw StorageError.database("no account for the federated identity") }
            let account = try await Self.link(issuer: issuer, subject: subject, citizen: id, person: person, at: now, db)
            try await db.execute(
                "INSERT INTO citizen_sessions (token_hash, citizen_id, csrf_token, created_at, expires_at, id_token) VALUES (?, ?, ?, ?, ?, ?)",
                [.text(tokenHash), .integer(account.id), .text(csrfToken), .integer(now), .integer(now + policy.sessionLifetime), .bind(idToken)]
            )
            return account
        }
    }

    /// Links (issuer, subject) to the account `citizen` if it is not linked yet, and sets the
    /// account's real name as the provider verified it — unless a clerk verified it as someone else.
    static func link(issuer: String, subject: String, citizen id: Int64, person: Person, at now: Int64, _ db: any SQLExecutor) async throws -> CitizenAccount {
        try await db.execute(
            "INSERT INTO citizen_identities (issuer, subject, citizen_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (issuer, subject) DO NOTHING",
            [.text(issuer), .text(subject), .integer(id), .integer(now)])
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
        return account
    }

    /// Someone the provider vouched for, without a mobile number, waiting to prove one.
    public struct PendingBinding: Sendable, Equatable {
        public var issuer: String
        public var subject: String
        public var person: Person
        public var idToken: String
        public var next: String

        public init(issuer: String, subject: String, person: Person, idToken: String, next: String) {
            self.issuer = issuer
            self.subject = subject
            self.person = person
            self.idToken = idToken
            self.next = next
        }
    }

    public func saveBinding(tokenHash: String, _ binding: PendingBinding, expiresAt: Int64) async throws {
        try await database.write { db in
            try await db.execute("DELETE FROM province_bindings WHERE expires_at < ?", [.integer(expiresAt - 3_600)])
            try await db.execute(
                """
                INSERT INTO province_bindings (token_hash, issuer, subject, name, document_type, document_number, id_token, next_path, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [.text(tokenHash), .text(binding.issuer), .text(binding.subject), .text(binding.person.name), .text(binding.person.documentType.rawValue),
                 .text(binding.person.documentNumber), .text(binding.idToken), .text(binding.next), .integer(expiresAt)])
        }
    }

    /// The waiting binding of `tokenHash` (not used up: the citizen may still be asking for a code).
    public func binding(tokenHash: String, at now: Int64) async throws -> PendingBinding? {
        try await database.read { db in
            try await db.queryFirst("SELECT * FROM province_bindings WHERE token_hash = ? AND expires_at > ?", [.text(tokenHash), .integer(now)])
                .map(Self.binding)
        }
    }

    /// Binds the person of the waiting binding to the account of the session `sessionHash`
    /// (just opened with a code to the phone), uses the binding up, and keeps the ID token with
    /// the session — in one transaction. Nil when the binding is gone.
    public func bind(tokenHash: String, sessionHash: String, citizen id: Int64, at now: Int64) async throws -> (account: CitizenAccount, next: String)? {
        try await database.write { db in
            guard let row = try await db.queryFirst("DELETE FROM province_bindings WHERE token_hash = ? AND expires_at > ? RETURNING *",
                                                    [.text(tokenHash), .integer(now)]) else { return nil }
            let binding = try Self.binding(row)
            let account = try await Self.link(issuer: binding.issuer, subject: binding.subject, citizen: id, person: binding.person, at: now, db)
            try await db.execute("UPDATE citizen_sessions SET id_token = ? WHERE token_hash = ?", [.text(binding.idToken), .text(sessionHash)])
            return (account, binding.next)
        }
    }

    static func binding(_ row: Row) throws -> PendingBinding {
        PendingBinding(
            issuer: try row.string("issuer"), subject: try row.string("subject"),
            person: Person(name: try row.string("name"), documentType: DocumentType(rawValue: try row.string("document_type")) ?? .residentID,
                           documentNumber: try row.string("document_number")),
            idToken: try row.string("id_token"), next: try row.string("next_path"))
    }
}
