import OneDoorCore

/// Staff accounts and their sessions.
public struct AccountRepository: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    static let columns = """
        id, username, display_name, staff_number, role, hall, department, is_chief_representative, disabled,
        password_hash, must_change_password
        """

    /// Creates an account after checking its fields and bindings against the stored organisation.
    public func create(_ account: StaffAccount, passwordHash: String, by actor: AuditActor, at now: Int64) async throws -> StaffAccount {
        try await database.write { db in
            try await Self.validate(account, db)
            try await Self.checkUnique(account, db)
            guard let row = try await db.queryFirst(
                """
                INSERT INTO staff_accounts (username, display_name, staff_number, role, hall, department,
                    is_chief_representative, disabled, password_hash, failed_logins, locked_until, created_at, must_change_password)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?)
                RETURNING id
                """,
                [.text(account.username), .text(account.displayName), .text(account.staffNumber), .text(account.role.rawValue),
                 .bind(account.hall), .bind(account.department), .bind(account.isChiefRepresentative), .bind(account.disabled),
                 .text(passwordHash), .integer(now), .bind(account.mustChangePassword)]
            ) else { throw StorageError.database("INSERT … RETURNING returned no row") }
            var created = account
            created.id = try row.int64("id")
            try await AuditRepository.record(
                db, at: now, actor: actor, action: "account.create", target: account.username, detail: account.role.label
            )
            return created
        }
    }

    /// Updates everything but the password and the sign-in state.
    public func update(_ account: StaffAccount, by actor: AuditActor, at now: Int64) async throws {
        try await database.write { db in
            try await Self.validate(account, db)
            try await Self.checkUnique(account, db)
            guard try await db.queryFirst("SELECT id FROM staff_accounts WHERE id = ?", [.integer(account.id)]) != nil
            else { throw AccountError.notFound }
            try await db.execute(
                """
                UPDATE staff_accounts SET username = ?, display_name = ?, staff_number = ?, role = ?, hall = ?, department = ?,
                    is_chief_representative = ?, disabled = ? WHERE id = ?
                """,
                [.text(account.username), .text(account.displayName), .text(account.staffNumber), .text(account.role.rawValue),
                 .bind(account.hall), .bind(account.department), .bind(account.isChiefRepresentative), .bind(account.disabled),
                 .integer(account.id)]
            )
            if account.disabled {
                try await db.execute("DELETE FROM sessions WHERE account_id = ?", [.integer(account.id)])
            }
            let admins = try await db.queryFirst(
                "SELECT COUNT(*) AS n FROM staff_accounts WHERE role = 'admin' AND disabled = ?", [.bind(false)]
            )
            if try admins?.int("n") ?? 0 == 0 {
                // Rolls the update back: nobody could manage accounts any more.
                throw ValidationFailed([ValidationProblem(path: "role", reason: "至少需要保留一个启用的中心管理员账号")])
            }
            try await AuditRepository.record(db, at: now, actor: actor, action: "account.update", target: account.username, detail: "")
        }
    }

    /// Sets a new password hash and ends the account's sessions. `mustChange`: set by someone
    /// else (an administrator), so the owner must change it at the next sign-in.
    public func setPassword(accountID: Int64, hash: String, mustChange: Bool, by actor: AuditActor, at now: Int64) async throws {
        try await database.write { db in
            guard let row = try await db.queryFirst("SELECT username FROM staff_accounts WHERE id = ?", [.integer(accountID)])
            else { throw AccountError.notFound }
            try await db.execute(
                "UPDATE staff_accounts SET password_hash = ?, must_change_password = ? WHERE id = ?",
                [.text(hash), .bind(mustChange), .integer(accountID)]
            )
            try await db.execute("DELETE FROM sessions WHERE account_id = ?", [.integer(accountID)])
            try await AuditRepository.record(db, at: now, actor: actor, action: mustChange ? "account.password" : "account.ownPassword",
                                             target: try row.string("username"), detail: "")
        }
    }

    public func find(username: String) async throws -> StoredAccount? {
        try await database.read { db in
            try await db.queryFirst(
                "SELECT \(Self.columns) FROM staff_accounts WHERE lower(username) = lower(?)", [.text(username)]
            ).map(Self.stored)
        }
    }

    public func account(id: Int64) async throws -> StaffAccount? {
        try await database.read { db in
            try await db.queryFirst("SELECT \(Self.columns) FROM staff_accounts WHERE id = ?", [.integer(id)]).map(Self.stored)?.account
        }
    }

    public func list() async throws -> [StaffAccount] {
        try await database.read { db in
            try await db.query("SELECT \(Self.columns) FROM staff_accounts ORDER BY role, username").map { try Self.stored($0).account }
        }
    }

    public func count() async throws -> Int {
        try await database.read { db in try await db.queryFirst("SELECT COUNT(*) AS n FROM staff_accounts")?.int("n") ?? 0 }
    }

    // MARK: Sessions

    public func createSession(_ session: Session) async throws {
        try await database.write { db in
            try await db.execute(
                "INSERT INTO sessions (token_hash, account_id, kind, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)",
                [.text(session.tokenHash), .integer(session.accountID), .text(session.kind.rawValue), .text(session.csrfToken),
                 .integer(session.createdAt), .integer(session.lastSeenAt)]
            )
        }
    }

    /// A session and its account, or nil when either is gone.
    public func session(tokenHash: String) async throws -> (Session, StaffAccount)? {
        try await database.read { db in
            guard let row = try await db.queryFirst(
                """
                SELECT s.token_hash, s.account_id, s.kind, s.csrf_token, s.created_at, s.last_seen_at,
                    a.id, a.username, a.display_name, a.staff_number, a.role, a.hall, a.department,
                    a.is_chief_representative, a.disabled, a.password_hash, a.must_change_password
                FROM sessions s JOIN staff_accounts a ON a.id = s.account_id WHERE s.token_hash = ?
                """, [.text(tokenHash)]
            ) else { return nil }
            let session = Session(
                tokenHash: try row.string("token_hash"), accountID: try row.int64("account_id"),
                kind: SessionKind(rawValue: try row.string("kind")) ?? .cookie, csrfToken: try row.string("csrf_token"),
                createdAt: try row.int64("created_at"), lastSeenAt: try row.int64("last_seen_at")
            )
            return (session, try Self.stored(row).account)
        }
    }

    public func touchSession(tokenHash: String, at now: Int64) async throws {
        try await database.write { db in
            try await db.execute("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", [.integer(now), .text(tokenHash)])
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await database.write { db in
            try await db.execute("DELETE FROM sessions WHERE token_hash = ?", [.text(tokenHash)])
        }
    }

    /// Deletes sessions unused since `before`; returns nothing (housekeeping).
    public func deleteSessions(lastSeenBefore before: Int64) async throws {
        try await database.write { db in
            try await db.execute("DELETE FROM sessions WHERE last_seen_at < ?", [.integer(before)])
        }
    }

    // MARK: Helpers

    static func stored(_ row: Row) throws -> StoredAccount {
        StoredAccount(
            account: StaffAccount(
                id: try row.int64("id"), username: try row.string("username"), displayName: try row.string("display_name"),
                staffNumber: try row.string("staff_number"), role: Role(rawValue: try row.string("role")) ?? .supervisor,
                hall: try row.optionalCode("hall"), department: try row.optionalCode("department"),
                isChiefRepresentative: try row.bool("is_chief_representative"), disabled: try row.bool("disabled"),
                mustChangePassword: try row.bool("must_change_password")
            ),
            passwordHash: try row.string("password_hash")
        )
    }

    static func validate(_ account: StaffAccount, _ db: any SQLExecutor) async throws {
        let halls = Set(try await db.query("SELECT code FROM halls").map { try $0.code("code") as HallCode })
        let departments = Set(try await db.query("SELECT code FROM departments").map { try $0.code("code") as DepartmentCode })
        let problems = account.problems(halls: halls, departments: departments)
        if !problems.isEmpty { throw ValidationFailed(problems) }
    }

    static func checkUnique(_ account: StaffAccount, _ db: any SQLExecutor) async throws {
        var c = ProblemCollector()
        if try await db.queryFirst(
            "SELECT id FROM staff_accounts WHERE lower(username) = lower(?) AND id <> ?",
            [.text(account.username), .integer(account.id)]
        ) != nil {
            c.add("username", "用户名“\(account.username)”已被使用")
        }
        if try await db.queryFirst(
            "SELECT id FROM staff_accounts WHERE staff_number = ? AND id <> ?", [.text(account.staffNumber), .integer(account.id)]
        ) != nil {
            c.add("staffNumber", "工号“\(account.staffNumber)”已被使用")
        }
        try c.throwIfAny()
    }
}
