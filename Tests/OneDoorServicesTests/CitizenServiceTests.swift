import OneDoorCore
@testable import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Synchronization
import Testing

/// Sign-in by phone and one-time code (issue 15 §1), on both databases: the code goes out through
/// the outbox with its request, lives five minutes, allows five tries, one a minute and ten a day
/// per phone; answers never tell whether a phone has an account; citizen sessions are their own.
@Suite struct CitizenServiceTests {
    static let morning: Int64 = 1_790_560_800

    /// Hands out the codes a test names, in order.
    final class Codes: Sendable {
        let next = Mutex(["123456", "654321", "000042", "777777", "888888", "999999", "111111", "222222", "333333", "444444", "555555"])
        func take() -> String { next.withLock { $0.isEmpty ? "000000" : $0.removeFirst() } }
    }

    struct Fixture {
        let service: CitizenService
        let outbox: OutboxRepository
        let clock: FixedClock
        let repository: CitizenRepository
    }

    static func fixture(_ database: any SQLDatabase, policy: SignInCodePolicy = SignInCodePolicy()) -> Fixture {
        let clock = FixedClock(Self.morning)
        let outbox = OutboxRepository(database: database)
        let notifications = NotificationService(repository: outbox, clock: clock)
        let codes = Codes()
        let repository = CitizenRepository(database: database, policy: policy)
        return Fixture(service: CitizenService(repository: repository, notifications: notifications, clock: clock, randomCode: { codes.take() }),
                       outbox: outbox, clock: clock, repository: repository)
    }

    @Test(arguments: TestDatabaseKind.available)
    func aCodeSignsInOnceAndOpensTheAccount(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let f = Self.fixture(database)
            try await f.service.requestCode(phone: "138 0013 8000", client: "10.0.0.1")
            // The SMS is in the outbox, urgent, with the code; administrators see it masked.
            let sms = try #require(try await f.outbox.list(limit: 10, offset: 0).messages.first)
            #expect(sms.message.recipient == "13800138000" && sms.message.urgent && sms.message.body.contains("123456"))
            #expect(!sms.displayBody.contains("123456") && sms.displayBody.contains("******"))
            let (token, identity) = try await f.service.signIn(phone: "13800138000", code: "123456", client: "10.0.0.1")
            #expect(identity.account.phone == "13800138000" && identity.account.realName == .none)
            #expect(try await f.service.authenticate(token: token)?.account.id == identity.account.id)
            // Used up: the same code again is refused.
            await #expect(throws: ProblemDetails.self) { try await f.service.signIn(phone: "13800138000", code: "123456", client: "10.0.0.1") }
            // The next sign-in finds the same account.
            f.clock.advance(by: 61)
            try await f.service.requestCode(phone: "13800138000", client: "10.0.0.1")
            let again = try await f.service.signIn(phone: "13800138000", code: "654321", client: "10.0.0.1")
            #expect(again.identity.account.id == identity.account.id)
            // Signed out: the token opens nothing.
            try await f.service.signOut(identity)
            #expect(try await f.service.authenticate(token: token) == nil)
            #expect(try await f.service.authenticate(token: again.token) != nil)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func codesExpireAndAllowFiveTries(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let f = Self.fixture(database)
            try await f.service.requestCode(phone: "13800138000", client: "a")
            for wrong in ["000000", "12345", "abcdef", "1234567", "999999"] {
                let error = await #expect(throws: ProblemDetails.self) { try await f.service.signIn(phone: "13800138000", code: wrong, client: "a") }
                #expect(error?.status == 400 && error?.errors?.first?.path == "code")
            }
            // Three well-shaped wrong codes used three tries; two are left.
            _ = try await f.service.signIn(phone: "13800138000", code: "123456", client: "a")

            f.clock.advance(by: 61)
            try await f.service.requestCode(phone: "13800138000", client: "a")
            for _ in 0..<5 { _ = try? await f.service.signIn(phone: "13800138000", code: "000000", client: "b") }
            // Five tries used: even the right code is refused now.
            await #expect(throws: ProblemDetails.self) { try await f.service.signIn(phone: "13800138000", code: "000042", client: "c") }

            f.clock.advance(by: 61)
            try await f.service.requestCode(phone: "13800138000", client: "a")
            f.clock.advance(by: 301)
            // Five minutes and a second later: expired.
            await #expect(throws: ProblemDetails.self) { try await f.service.signIn(phone: "13800138000", code: "777777", client: "a") }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func phonesAndClientsAreLimited(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            var policy = SignInCodePolicy()
            policy.perPhonePerDay = 3
            policy.perClientPerHour = 6
            let f = Self.fixture(database, policy: policy)
            try await f.service.requestCode(phone: "13800138000", client: "a")
            let soon = await #expect(throws: ProblemDetails.self) { try await f.service.requestCode(phone: "13800138000", client: "a") }
            #expect(soon?.status == 429 && soon?.retryAfter == 60)
            f.clock.advance(by: 60)
            try await f.service.requestCode(phone: "13800138000", client: "a")
            f.clock.advance(by: 60)
            try await f.service.requestCode(phone: "13800138000", client: "a")
            f.clock.advance(by: 60)
            // Three a day: the fourth waits for the day that began with the first to end.
            let day = await #expect(throws: ProblemDetails.self) { try await f.service.requestCode(phone: "13800138000", client: "a") }
            #expect(day?.status == 429 && day?.retryAfter == 86_400 - 180)
            // Refused requests wrote no message: three in the outbox.
            #expect(try await f.outbox.list(limit: 10, offset: 0).total == 3)
            // The client has asked 5 times; the sixth is its last this hour, whatever the phone.
            try await f.service.requestCode(phone: "13900139000", client: "a")
            let client = await #expect(throws: ProblemDetails.self) { try await f.service.requestCode(phone: "13700137000", client: "a") }
            #expect(client?.status == 429)
            try await f.service.requestCode(phone: "13700137000", client: "b")
            // A day after the first: this phone may have codes again.
            f.clock.advance(by: 86_400)
            try await f.service.requestCode(phone: "13800138000", client: "c")
            // Not a mobile number: named.
            let bad = await #expect(throws: ProblemDetails.self) { try await f.service.requestCode(phone: "0757-83000003", client: "d") }
            #expect(bad?.status == 422 && bad?.errors?.first?.path == "phone")
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func simultaneousRequestsForOnePhoneSendOneCode(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database throws in
            let f = Self.fixture(database)
            let results = await withTaskGroup(of: Bool.self) { group in
                for i in 0..<8 {
                    group.addTask { (try? await f.service.requestCode(phone: "13800138000", client: "client-\(i)")) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
            #expect(try await f.outbox.list(limit: 10, offset: 0).total == 1)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func realNameIsDeclaredOnceAndAVerifiedOneKept(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let f = Self.fixture(database)
            try await f.service.requestCode(phone: "13800138000", client: "a")
            let (_, identity) = try await f.service.signIn(phone: "13800138000", code: "123456", client: "a")
            // Every problem named.
            let bad = await #expect(throws: ValidationFailed.self) {
                try await f.service.declareRealName(name: "", documentType: .passport, documentNumber: "440113201410050010", by: identity)
            }
            #expect(Set(bad?.problems.map(\.path) ?? []) == ["name", "documentNumber", "documentType"])
            let declared = try await f.service.declareRealName(name: "张三", documentType: .residentID, documentNumber: "44011320141005001x", by: identity)
            #expect(declared.realName == .selfDeclared && declared.documentNumber == "44011320141005001X" && !declared.seesWindowCases)
            #expect(declared.maskedDocumentNumber == "4401**********001X")
            // A clerk verifies it; the holder cannot then declare someone else.
            let verified = try #require(try await f.repository.setRealName(
                id: identity.account.id, name: "张三", documentType: .residentID, documentNumber: "44011320141005001X", level: .verified,
                verifiedBy: "CC1001", at: f.clock.now()))
            #expect(verified.seesWindowCases)
            let signedInAgain = CitizenIdentity(account: verified, sessionTokenHash: identity.sessionTokenHash, csrfToken: identity.csrfToken)
            await #expect(throws: ProblemDetails.self) {
                try await f.service.declareRealName(name: "李四", documentType: .residentID, documentNumber: "11010519491231002X", by: signedInAgain)
            }
            #expect(try await f.repository.find(id: identity.account.id)?.name == "张三")
        }
    }

    @Test func staffTokensAreNotCitizenTokens() async throws {
        try await withTestDatabase(.sqlite) { database throws in
            let f = Self.fixture(database)
            #expect(try await f.service.authenticate(token: AuthService.secureRandomToken()) == nil)
            #expect(try await f.service.authenticate(token: "c." + String(repeating: "x", count: 200)) == nil)
        }
    }
}
