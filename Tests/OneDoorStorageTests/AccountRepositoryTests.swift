import OneDoorCore
import OneDoorStorage
import OneDoorTestSupport
import Testing

@Suite struct AccountRepositoryTests {
    let admin = AuditActor(accountID: nil, name: "tester", client: "test")

    @Test(arguments: TestDatabaseKind.available)
    func createsFindsAndRefusesDuplicates(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            _ = try await CatalogRepository(database: database).replace(with: Fixtures.document(), by: admin, at: 1)
            let accounts = AccountRepository(database: database)
            let clerk = StaffAccount(username: "Chen_Yi", displayName: "陈一", staffNumber: "C001", role: .clerk, hall: "CC")
            let created = try await accounts.create(clerk, passwordHash: "hash", by: admin, at: 10)
            #expect(created.id > 0)
            // User names are matched case-insensitively, and '_' is no wildcard.
            #expect(try await accounts.find(username: "chen_yi")?.account == created)
            #expect(try await accounts.find(username: "chenxyi") == nil)

            let clash = StaffAccount(username: "CHEN_YI", displayName: "陈二", staffNumber: "C001", role: .clerk, hall: "CC")
            let error = await #expect(throws: ValidationFailed.self) {
                try await accounts.create(clash, passwordHash: "hash", by: admin, at: 11)
            }
            #expect(Set(error?.problems.map(\.path) ?? []) == ["username", "staffNumber"])

            let unbound = StaffAccount(username: "li.si", displayName: "李", staffNumber: "A9", role: .approver, department: "NOPE")
            await #expect(throws: ValidationFailed([ValidationProblem(path: "department", reason: "部门“NOPE”不存在")])) {
                try await accounts.create(unbound, passwordHash: "hash", by: admin, at: 12)
            }
            #expect(try await accounts.count() == 1)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func sessionsComeAndGo(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let accounts = AccountRepository(database: database)
            let account = try await accounts.create(
                StaffAccount(username: "admin", displayName: "管理员", staffNumber: "0001", role: .admin),
                passwordHash: "hash", by: admin, at: 1
            )
            let session = Session(tokenHash: "abc", accountID: account.id, kind: .cookie, csrfToken: "csrf", createdAt: 100, lastSeenAt: 100)
            try await accounts.createSession(session)
            #expect(try await accounts.session(tokenHash: "abc")?.0 == session)
            try await accounts.touchSession(tokenHash: "abc", at: 200)
            #expect(try await accounts.session(tokenHash: "abc")?.0.lastSeenAt == 200)
            try await accounts.deleteSessions(lastSeenBefore: 150)
            #expect(try await accounts.session(tokenHash: "abc") != nil)
            try await accounts.setPassword(accountID: account.id, hash: "new", mustChange: true, by: admin, at: 300)
            #expect(try await accounts.session(tokenHash: "abc") == nil)
            #expect(try await accounts.find(username: "admin")?.passwordHash == "new")
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aPasswordSetByAnotherMustBeChanged(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let accounts = AccountRepository(database: database)
            let account = try await accounts.create(
                StaffAccount(username: "sup", displayName: "监察", staffNumber: "S1", role: .supervisor, mustChangePassword: true),
                passwordHash: "hash", by: admin, at: 1
            )
            #expect(try await accounts.find(username: "sup")?.account.mustChangePassword == true)
            try await accounts.setPassword(accountID: account.id, hash: "own", mustChange: false, by: admin, at: 2)
            #expect(try await accounts.find(username: "sup")?.account.mustChangePassword == false)
            try await accounts.setPassword(accountID: account.id, hash: "reset", mustChange: true, by: admin, at: 3)
            #expect(try await accounts.account(id: account.id)?.mustChangePassword == true)
        }
    }
}

@Suite struct MigrationTests {
    @Test(arguments: TestDatabaseKind.available)
    func migrationsRunOnceAndAreRecorded(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind, migrate: false) { database in
            let first = try await Migrator.migrate(database)
            #expect(first == ["0001 organisation", "0002 catalog", "0003 accounts", "0004 calendar", "0005 cases", "0006 case list indexes", "0007 queues and tickets",
                             "0008 queue day figures", "0009 appointments", "0010 password change", "0011 kiosks", "0012 applicant history", "0013 outbox", "0014 citizens", "0015 outbox recipients", "0016 appointment phones", "0017 case files", "0018 outbox references", "0019 online applications", "0020 case trips", "0021 enterprises", "0022 province sign-in", "0023 holder lookups",
                             "0024 citizen settings", "0025 message templates", "0026 ticket phones", "0027 blob contents",
                             "0028 department pre-review", "0029 province sessions", "0030 outbox about", "0031 licences", "0032 log chains", "0033 base records and vault", "0034 themes", "0035 theme cases", "0036 pushes", "0037 case fees", "0038 ratings", "0039 supervision", "0040 complaints", "0041 case figures", "0042 open data", "0043 performance", "0044 case materials", "0045 supervision alerts", "0046 supervision clock", "0047 shared hands"])
            #expect(try await Migrator.migrate(database).isEmpty)
            #expect(try await Migrator.appliedIDs(database) == Set(Migrator.all.map(\.id)))
            // Numbered without gaps or repeats, in order.
            #expect(Migrator.all.map(\.id) == Array(1...Migrator.all.count))
        }
    }
}
