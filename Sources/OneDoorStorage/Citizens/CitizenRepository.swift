import OneDoorCore

/// Citizen accounts, sign-in codes and sessions (issue 15 §1). The per-phone limits live in the
/// database, in the code's own row, so several servers enforce them as one: the conditional
/// upsert that stores a new code is also the check that one may be sent.
public struct CitizenRepository: Sendable {
    public let database: any SQLDatabase
    public let policy: SignInCodePolicy
    public let messagePolicy: DispatchPolicy

    public init(database: any SQLDatabase, policy: SignInCodePolicy = SignInCodePolicy(), messagePolicy: DispatchPolicy = DispatchPolicy()) {
        self.database = database
        self.policy = policy
        self.messagePolicy = messagePolicy
    }

    public enum CodeRequest: Sendable, Equatable {
        /// Stored, and its message written in the same transaction.
        case sent
        /// This phone must wait this many seconds (one code a minute, ten a day).
        case wait(Int64)
    }

    /// Stores `codeHash` as the phone's valid code and puts `message` in the outbox, both or
    /// neither — unless a code went to this phone less than a minute ago, or ten in the last day.
    public func requestCode(phone: String, codeHash: String, message: OutgoingMessage, at now: Int64) async throws -> CodeRequest {
        let dayAgo = now - 86_400
        return try await database.write { db in
            let stored = try await db.queryFirst(
                """
                INSERT INTO citizen_codes (phone, code_hash, expires_at, tries, sent_at, day_start, day_count)
                VALUES (?, ?, ?, 0, ?, ?, 1)
                ON CONFLICT (phone) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at, tries = 0,
                    sent_at = excluded.sent_at,
                    day_start = CASE WHEN citizen_codes.day_start <= ? THEN excluded.day_start ELSE citizen_codes.day_start END,
                    day_count = CASE WHEN citizen_codes.day_start <= ? THEN 1 ELSE citizen_codes.day_count + 1 END
                WHERE citizen_codes.sent_at <= ? AND (citizen_codes.day_start <= ? OR citizen_codes.day_count < ?)
                RETURNING phone
                """,
                [.text(phone), .text(codeHash), .integer(now + policy.lifetime), .integer(now), .integer(now),
                 .integer(dayAgo), .integer(dayAgo), .integer(now - policy.interval), .integer(dayAgo), .bind(policy.perPhonePerDay)]
            )
            if stored != nil {
                let enqueue = OutboxRepository.enqueueStatement(message, at: now, policy: messagePolicy)
                try await db.execute(enqueue.sql, enqueue.binds)
                return .sent
            }
            let row = try await db.queryFirst("SELECT sent_at, day_start, day_count FROM citizen_codes WHERE phone = ?", [.text(phone)])
            let sentAt = try row?.int64("sent_at") ?? now
            let dayStart = try row?.int64("day_start") ?? now
            let dayFull = try (row?.int("day_count") ?? 0) >= policy.perPhonePerDay
            return .wait(max(1, dayFull ? dayStart + 86_400 - now : sentAt + policy.interval - now))
        }
    }

    public enum SignIn: Sendable, Equatable {
        case signedIn(CitizenAccount)
        /// No valid code for the phone, the code was wrong, or its tries are used up. Told apart
        /// to nobody: every one of them is "wrong or expired" to the caller.
        case refused
    }

    /// Checks `codeHash` against the phone's valid code, counting the try whatever it comes to;
    /// on a match, uses the code up, finds or opens the phone's account and opens a session
    /// under `tokenHash` — in one transaction.
    public func signIn(phone: String, codeHash: String, tokenHash: String, csrfToken: String, at now: Int64) async throws -> SignIn {
        try await database.write { db in
            guard try await useCode(phone: phone, codeHash: codeHash, at: now, db) else { return .refused }
            try await db.execute(
                "INSERT INTO citizens (phone, real_name, created_at) VALUES (?, 'none', ?) ON CONFLICT (phone) DO NOTHING",
                [.text(phone), .integer(now)]
            )
            guard let account = try await db.queryFirst("SELECT \(Self.columns) FROM citizens WHERE phone = ?", [.text(phone)]).map(Self.account) else {
                return .refused
            }
            try await db.execute(
                "INSERT INTO citizen_sessions (token_hash, citizen_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                [.text(tokenHash), .integer(account.id), .text(csrfToken), .integer(now), .integer(now + policy.sessionLifetime)]
            )
            return .signedIn(account)
        }
    }

    /// 窗口开户: a clerk saw the person and their ID card, and the person read out the code
    /// just sent to `phone` — proof the phone is theirs. In one transaction: the try counted, the
    /// code used up, the phone's account opened if new, bound to the person as 实名（核验）, and
    /// the registration audited. Nil when the code is wrong, expired or out of tries.
    public func registerAtWindow(phone: String, codeHash: String, person: Person, verifiedBy: String, at now: Int64,
                                 audit: (actor: AuditActor, detail: String)) async throws -> CitizenAccount? {
        try await database.write { db in
            guard try await useCode(phone: phone, codeHash: codeHash, at: now, db) else { return nil }
            try await db.execute("INSERT INTO citizens (phone, real_name, created_at) VALUES (?, 'none', ?) ON CONFLICT (phone) DO NOTHING",
                                 [.text(phone), .integer(now)])
            let account = try await db.queryFirst(
                """
                UPDATE citizens SET name = ?, document_type = ?, document_number = ?, real_name = 'verified', verified_by = ?, verified_at = ?
                WHERE phone = ? RETURNING \(Self.columns)
                """,
                [.text(person.name), .text(person.documentType.rawValue), .text(person.documentNumber), .text(verifiedBy), .integer(now), .text(phone)]
            ).map(Self.account)
            if let account {
                try await AuditRepository.record(db, at: now, actor: audit.actor, action: "citizen.register", target: account.maskedPhone, detail: audit.detail)
            }
            return account
        }
    }

    /// Checks `codeHash` against the phone's valid code, counting the try whatever it comes to
    /// (a wrong one too), and on a match uses the code up; inside the caller's transaction.
    func useCode(phone: String, codeHash: String, at now: Int64, _ db: any SQLExecutor) async throws -> Bool {
        guard let row = try await db.queryFirst(
            "UPDATE citizen_codes SET tries = tries + 1 WHERE phone = ? AND expires_at > ? AND tries < ? RETURNING code_hash",
            [.text(phone), .integer(now), .bind(policy.maximumTries)]
        ), ConstantTime.equal(try row.string("code_hash"), codeHash) else { return false }
        try await db.execute("UPDATE citizen_codes SET expires_at = 0 WHERE phone = ?", [.text(phone)])
        return true
    }

    /// The account and CSRF token of an unexpired session.
    public func session(tokenHash: String, at now: Int64) async throws -> (account: CitizenAccount, csrfToken: String)? {
        try await database.read { db in
            guard let row = try await db.queryFirst(
                """
                SELECT \(Self.columns("c.")), s.csrf_token FROM citizen_sessions s JOIN citizens c ON c.id = s.citizen_id
                WHERE s.token_hash = ? AND s.expires_at > ?
                """, [.text(tokenHash), .integer(now)]
            ) else { return nil }
            return (try Self.account(row), try row.string("csrf_token"))
        }
    }

    /// Ends the session; the provider's ID token it was opened with, if any (to sign out there too).
    @discardableResult
    public func signOut(tokenHash: String) async throws -> String? {
        try await database.write { db in
            try await db.queryFirst("DELETE FROM citizen_sessions WHERE token_hash = ? RETURNING id_token", [.text(tokenHash)])?.optionalString("id_token")
        }
    }

    public func find(id: Int64) async throws -> CitizenAccount? {
        try await database.read { db in
            try await db.queryFirst("SELECT \(Self.columns) FROM citizens WHERE id = ?", [.integer(id)]).map(Self.account)
        }
    }

    public func find(phone: String) async throws -> CitizenAccount? {
        try await database.read { db in
            try await db.queryFirst("SELECT \(Self.columns) FROM citizens WHERE phone = ?", [.text(phone)]).map(Self.account)
        }
    }

    /// Binds the account to a person at `level`. A self-declaration never lowers a verified
    /// account, and changing the person of a verified account takes a clerk (storage refuses it
    /// here: nil).
    /// A clerk's verification is audited in the same transaction (`audit`: the actor and what
    /// they saw, with the personal data masked).
    public func setRealName(id: Int64, name: String, documentType: DocumentType, documentNumber: String, level: RealNameLevel,
                            verifiedBy: String?, at now: Int64, audit: (actor: AuditActor, detail: String)? = nil) async throws -> CitizenAccount? {
        try await database.write { db in
            let account = try await db.queryFirst(
                """
                UPDATE citizens SET name = ?, document_type = ?, document_number = ?, real_name = ?, verified_by = ?, verified_at = ?
                WHERE id = ? AND (real_name <> 'verified' OR ? = 'verified')
                RETURNING \(Self.columns)
                """,
                [.text(name), .text(documentType.rawValue), .text(documentNumber), .text(level.rawValue), .bind(verifiedBy),
                 level == .verified ? .integer(now) : .null, .integer(id), .text(level.rawValue)]
            ).map(Self.account)
            if let account, let audit {
                try await AuditRepository.record(db, at: now, actor: audit.actor, action: "citizen.verify", target: account.maskedPhone, detail: audit.detail)
            }
            return account
        }
    }

    public func setEmail(id: Int64, email: String?) async throws -> CitizenAccount? {
        try await database.write { db in
            try await db.queryFirst("UPDATE citizens SET email = ? WHERE id = ? RETURNING \(Self.columns)", [.bind(email), .integer(id)])
                .map(Self.account)
        }
    }

    static let columns = columns("")

    static func columns(_ prefix: String) -> String {
        ["id", "phone", "name", "document_type", "document_number", "real_name", "email", "created_at"]
            .map { prefix + $0 }.joined(separator: ", ")
    }

    static func account(_ row: Row) throws -> CitizenAccount {
        CitizenAccount(
            id: try row.int64("id"), phone: try row.string("phone"), name: try row.optionalString("name"),
            documentType: try row.optionalString("document_type").flatMap(DocumentType.init(rawValue:)),
            documentNumber: try row.optionalString("document_number"),
            realName: RealNameLevel(rawValue: try row.string("real_name")) ?? .none,
            email: try row.optionalString("email"), createdAt: try row.int64("created_at")
        )
    }
}
