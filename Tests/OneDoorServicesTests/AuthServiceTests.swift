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
    func fiveFailuresLockTheAccountEvenForTheRightPassword(_ kind: TestDatabaseKind) async throws {
        try await withAuth(kind) { auth, clock in
            for _ in 1...4 {
                await #expect(throws: AuthError.invalidCredentials) {
                    try await auth.signIn(username: "admin", password: "wrong password!", kind: .cookie, client: "test")
                }
            }
            await #expect(throws: AuthError.locked(until: clock.now() + 15 * 60)) {
                try await auth.signIn(username: "admin", password: "wrong password!", kind: .cookie, client: "test")
            }
            await #expect(throws: AuthError.locked(until: clock.now() + 15 * 60)) {
                try await auth.signIn(username: "admin", password: "correct horse battery", kind: .cookie, client: "test")
            }
            clock.advance(by: 15 * 60)
            _ = try await auth.signIn(username: "admin", password: "correct horse battery", kind: .bearer, client: "test")
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
