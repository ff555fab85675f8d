import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Testing

@Suite struct AuthServiceTests {
    func withAuth(_ kind: TestDatabaseKind, _ body: (AuthService, FixedClock) async throws -> Void) async throws {
        try await withTestDatabase(kind) { database in
            let clock = FixedClock(1_800_000_000)
            let auth = AuthService(accounts: AccountRepository(database: database), clock: clock, bcryptCost: 4)
            _ = try await auth.createAccount(
                StaffAccount(username: "admin", displayName: "管理员", staffNumber: "0001", role: .admin),
                password: "correct horse battery", by: .system
            )
            try await body(auth, clock)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func signInOpensASessionThatIdlesOut(_ kind: TestDatabaseKind) async throws {
        try await withAuth(kind) { auth, clock in
            let signedIn = try await auth.signIn(username: "ADMIN", password: "correct horse battery", kind: .cookie, client: "test")
            #expect(try await auth.authenticate(token: signedIn.token, kind: .cookie)?.account.username == "admin")
            // A cookie session is no bearer token.
            #expect(try await auth.authenticate(token: signedIn.token, kind: .bearer) == nil)
            clock.advance(by: 29 * 60)
            #expect(try await auth.authenticate(token: signedIn.token, kind: .cookie) != nil)
            // Use refreshes the idle timer: 29 more minutes are still fine.
            clock.advance(by: 29 * 60)
            #expect(try await auth.authenticate(token: signedIn.token, kind: .cookie) != nil)
            clock.advance(by: 30 * 60)
            #expect(try await auth.authenticate(token: signedIn.token, kind: .cookie) == nil)
        }
    }

    /// Sessions are kept in memory for 5 seconds: a change made through this service ends a
    /// session at once; one made elsewhere (another server on the same database) within 5 s.
    @Test(arguments: TestDatabaseKind.available)
    func cachedSessionsEndAtOnceHereAndWithinSecondsElsewhere(_ kind: TestDatabaseKind) async throws {
        try await withAuth(kind) { auth, clock in
            let first = try await auth.signIn(username: "admin", password: "correct horse battery", kind: .bearer, client: "test")
            let second = try await auth.signIn(username: "admin", password: "correct horse battery", kind: .bearer, client: "test")
            let identity = try #require(try await auth.authenticate(token: first.token, kind: .bearer))
            #expect(try await auth.authenticate(token: second.token, kind: .bearer) != nil)
            try await auth.signOut(identity)
            #expect(try await auth.authenticate(token: first.token, kind: .bearer) == nil)
            #expect(try await auth.authenticate(token: second.token, kind: .bearer) != nil)

            // Deleted behind the service's back, as another server would.
            try await auth.accounts.deleteSession(tokenHash: AuthService.hashToken(second.token))
            clock.advance(by: 4)
            #expect(try await auth.authenticate(token: second.token, kind: .bearer) != nil)
            clock.advance(by: 1)
            #expect(try await auth.authenticate(token: second.token, kind: .bearer) == nil)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func failuresSlowTheGuesserButNeverLockTheOwnerOut(_ kind: TestDatabaseKind) async throws {
        try await withAuth(kind) { auth, clock in
            for _ in 1...4 {
                await #expect(throws: AuthError.invalidCredentials) {
                    try await auth.signIn(username: "admin", password: "wrong password!", kind: .cookie, client: "guesser")
                }
            }
            // The guesser now waits, for the right password too …
            await #expect(throws: AuthError.tooManyAttempts(retryAfter: 1)) {
                try await auth.signIn(username: "admin", password: "correct horse battery", kind: .cookie, client: "guesser")
            }
            // … while the owner at their own desk signs in at once (no 423 lock for anyone).
            _ = try await auth.signIn(username: "admin", password: "correct horse battery", kind: .bearer, client: "desk")
            clock.advance(by: 1)
            _ = try await auth.signIn(username: "admin", password: "correct horse battery", kind: .bearer, client: "guesser")
            // Every failure is in the audit log with the client address; the fourth says how long.
            let failures = try await AuditRepository(database: auth.accounts.database).list(PageRequest(page: 1, pageSize: 50)).entries
                .filter { $0.action == "session.signInFailed" }
            #expect(failures.count == 4 && failures.allSatisfy { $0.client == "guesser" && $0.target == "admin" })
            #expect(failures.first?.detail == "此后须等待 1 秒")
        }
    }

    /// A name that no account has is answered exactly like one that has: same error, same delay.
    @Test(arguments: TestDatabaseKind.available)
    func unknownAndKnownNamesAreAnsweredAlike(_ kind: TestDatabaseKind) async throws {
        try await withAuth(kind) { auth, _ in
            for name in ["admin", "nobody"] {
                for _ in 1...4 {
                    await #expect(throws: AuthError.invalidCredentials) {
                        try await auth.signIn(username: name, password: "wrong password!", kind: .cookie, client: "c-\(name)")
                    }
                }
                await #expect(throws: AuthError.tooManyAttempts(retryAfter: 1)) {
                    try await auth.signIn(username: name, password: "wrong password!", kind: .cookie, client: "c-\(name)")
                }
            }
            let targets = try await AuditRepository(database: auth.accounts.database).list(PageRequest(page: 1, pageSize: 50)).entries
                .filter { $0.action == "session.signInFailed" }.map(\.target)
            #expect(Set(targets) == ["admin", "（不存在的用户名）"])
        }
    }

    /// A password an administrator sets must be changed by its owner; changing it needs the
    /// current one and ends every session.
    @Test(arguments: TestDatabaseKind.available)
    func passwordsSetByAnAdministratorMustBeChanged(_ kind: TestDatabaseKind) async throws {
        try await withAuth(kind) { auth, _ in
            let admin = try await auth.signIn(username: "admin", password: "correct horse battery", kind: .bearer, client: "t").identity
            let clerk = try await auth.createAccount(
                StaffAccount(username: "sup1", displayName: "监察", staffNumber: "0002", role: .supervisor), password: "given by admin 1",
                by: admin.actor(client: "t")
            )
            #expect(clerk.mustChangePassword)
            let signedIn = try await auth.signIn(username: "sup1", password: "given by admin 1", kind: .bearer, client: "t")
            #expect(signedIn.identity.account.mustChangePassword)
            let wrong = await #expect(throws: ValidationFailed.self) {
                try await auth.changeOwnPassword(signedIn.identity, current: "not it at all", new: "1234567890", client: "t")
            }
            #expect(Set(wrong?.problems.map(\.path) ?? []) == ["currentPassword", "newPassword"])
            try await auth.changeOwnPassword(signedIn.identity, current: "given by admin 1", new: "my own secret 2026", client: "t")
            #expect(try await auth.authenticate(token: signedIn.token, kind: .bearer) == nil)
            let again = try await auth.signIn(username: "sup1", password: "my own secret 2026", kind: .bearer, client: "t")
            #expect(!again.identity.account.mustChangePassword)
            // A reset by the administrator asks for a change again; their own change does not.
            try await auth.setPassword(accountID: clerk.id, password: "reset by admin 22", by: admin.actor(client: "t"))
            #expect(try await auth.accounts.account(id: clerk.id)?.mustChangePassword == true)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func sessionsLastTwelveHoursAtMost(_ kind: TestDatabaseKind) async throws {
        try await withAuth(kind) { auth, clock in
            let signedIn = try await auth.signIn(username: "admin", password: "correct horse battery", kind: .cookie, client: "test")
            for _ in 0..<(12 * 60 / 20 - 1) {
                clock.advance(by: 20 * 60)
                #expect(try await auth.authenticate(token: signedIn.token, kind: .cookie) != nil)
            }
            clock.advance(by: 20 * 60)
            #expect(try await auth.authenticate(token: signedIn.token, kind: .cookie) == nil)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func unknownUsersAndWeakPasswordsAreRefused(_ kind: TestDatabaseKind) async throws {
        try await withAuth(kind) { auth, _ in
            await #expect(throws: AuthError.invalidCredentials) {
                try await auth.signIn(username: "nobody", password: "correct horse battery", kind: .cookie, client: "test")
            }
            let error = await #expect(throws: ValidationFailed.self) {
                try await auth.createAccount(
                    StaffAccount(username: "x", displayName: "短", staffNumber: "0002", role: .supervisor), password: "short", by: .system
                )
            }
            #expect(Set(error?.problems.map(\.path) ?? []) == ["username", "password"])
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func signOutEndsTheSession(_ kind: TestDatabaseKind) async throws {
        try await withAuth(kind) { auth, _ in
            let signedIn = try await auth.signIn(username: "admin", password: "correct horse battery", kind: .bearer, client: "test")
            try await auth.signOut(signedIn.identity)
            #expect(try await auth.authenticate(token: signedIn.token, kind: .bearer) == nil)
        }
    }
}
