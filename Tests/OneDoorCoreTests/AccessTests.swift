import OneDoorCore
import Testing

@Suite struct AccessTests {
    @Test func supervisorsReadButNeverWrite() {
        let supervisor = Role.supervisor
        #expect(supervisor.may(.readAuditLog))
        #expect(!supervisor.may(.editCatalog))
        #expect(!supervisor.may(.manageAccounts))
        #expect(!supervisor.may(.manageOrganisation))
    }

    @Test func onlyAdministratorsManage() {
        for role in Role.allCases {
            #expect(role.may(.manageAccounts) == (role == .admin))
            #expect(role.may(.editCatalog) == (role == .admin))
        }
    }

    @Test func clerksBelongToHallsAndApproversToDepartments() {
        let halls: Set<HallCode> = ["CC"], departments: Set<DepartmentCode> = ["SCJG"]
        let clerk = StaffAccount(username: "clerk1", displayName: "陈一", staffNumber: "C001", role: .clerk)
        #expect(clerk.problems(halls: halls, departments: departments).map(\.path) == ["hall"])
        var approver = StaffAccount(username: "appr", displayName: "李二", staffNumber: "A001", role: .approver, department: "SCJG", isChiefRepresentative: true)
        #expect(approver.problems(halls: halls, departments: departments).isEmpty)
        approver.department = "NONE"
        #expect(approver.problems(halls: halls, departments: departments).map(\.path) == ["department"])
        let admin = StaffAccount(username: "ad", displayName: "", staffNumber: "", role: .admin, hall: "CC", isChiefRepresentative: true)
        #expect(Set(admin.problems(halls: halls, departments: departments).map(\.path)) == ["username", "displayName", "staffNumber", "hall", "isChiefRepresentative"])
    }

    @Test func passwordsAreLongEnoughUncommonAndFitBcrypt() {
        #expect(StaffAccount.passwordProblems("short").count == 1)
        #expect(StaffAccount.passwordProblems("long enough password").isEmpty)
        #expect(StaffAccount.passwordProblems("窗口受理的密码不外传-" + String(repeating: "密钥", count: 15)).map(\.reason) == ["密码不能超过 72 个字节"])
        #expect(StaffAccount.passwordProblems("aaaaaaaaaaaa").map(\.reason) == ["密码不能全是同一个字符"])
        for common in ["1234567890", "Password123", "QWERTYUIOP", "admin12345", "woaini1314", "12345678901234", "0987654321"] {
            #expect(StaffAccount.passwordProblems(common).map(\.reason) == ["这是常见密码，容易被猜中，请换一个"], "accepted \(common)")
        }
        #expect(StaffAccount.passwordProblems("禅城窗口-2026-春").isEmpty)
    }

    @Test func failuresSlowTheFailingClientNotTheRightfulOne() {
        var delays = SignInDelays()
        // Three free failures, then 1, 2, 4 … seconds for this client on this name.
        for _ in 1...3 { #expect(delays.recordFailure(username: "clerk", client: "a", now: 100) == 0) }
        #expect(delays.retryAfter(username: "clerk", client: "a", now: 100) == nil)
        #expect(delays.recordFailure(username: "clerk", client: "a", now: 100) == 1)
        #expect(delays.retryAfter(username: "CLERK", client: "a", now: 100) == 1)
        #expect(delays.retryAfter(username: "clerk", client: "a", now: 101) == nil)
        #expect(delays.recordFailure(username: "clerk", client: "a", now: 101) == 2)
        // The fifth failure of the name: every failing client waits on the name's delay too …
        #expect(delays.recordFailure(username: "clerk", client: "b", now: 103) == 1)
        #expect(delays.recordFailure(username: "clerk", client: "b", now: 103) == 2)
        #expect(delays.retryAfter(username: "clerk", client: "b", now: 103) == 2)
        // … but a client that never failed is never held back, and its success clears the name.
        #expect(delays.retryAfter(username: "clerk", client: "desk", now: 103) == nil)
        delays.recordSuccess(username: "clerk", client: "desk")
        #expect(delays.retryAfter(username: "clerk", client: "b", now: 103) == nil)
        // Known and unknown names alike: the same numbers for a name no account has.
        var unknown = SignInDelays()
        for _ in 1...4 { unknown.recordFailure(username: "nobody", client: "a", now: 100) }
        #expect(unknown.retryAfter(username: "nobody", client: "a", now: 100) == 1)
        // The delay is capped, and forgotten an hour after the last failure.
        var many = SignInDelays()
        for _ in 1...40 { many.recordFailure(username: "x", client: "a", now: 0) }
        let capped = many.retryAfter(username: "x", client: "a", now: 0)
        #expect(capped == Int64(15 * 60), "capped at \(String(describing: capped))")
        let forgotten = many.retryAfter(username: "x", client: "a", now: 3_601)
        #expect(forgotten == nil)
    }

    @Test func sessionsEndAfterThirtyIdleMinutesOrTwelveHours() {
        let policy = LoginPolicy()
        #expect(!policy.isExpired(created: 0, lastSeen: 0, now: 30 * 60 - 1))
        #expect(policy.isExpired(created: 0, lastSeen: 0, now: 30 * 60))
        #expect(!policy.isExpired(created: 0, lastSeen: 12 * 3600 - 60, now: 12 * 3600 - 1))
        #expect(policy.isExpired(created: 0, lastSeen: 12 * 3600 - 60, now: 12 * 3600))
    }
}
