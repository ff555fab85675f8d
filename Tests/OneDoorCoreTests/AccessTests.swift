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
        let halls: Set = ["CC"], departments: Set = ["SCJG"]
        let clerk = StaffAccount(username: "clerk1", displayName: "陈一", staffNumber: "C001", role: .clerk)
        #expect(clerk.problems(halls: halls, departments: departments).map(\.path) == ["hall"])
        var approver = StaffAccount(username: "appr", displayName: "李二", staffNumber: "A001", role: .approver, department: "SCJG", isChiefRepresentative: true)
        #expect(approver.problems(halls: halls, departments: departments).isEmpty)
        approver.department = "NONE"
        #expect(approver.problems(halls: halls, departments: departments).map(\.path) == ["department"])
        let admin = StaffAccount(username: "ad", displayName: "", staffNumber: "", role: .admin, hall: "CC", isChiefRepresentative: true)
        #expect(Set(admin.problems(halls: halls, departments: departments).map(\.path)) == ["username", "displayName", "staffNumber", "hall", "isChiefRepresentative"])
    }

    @Test func passwordsAreLongEnoughButFitBcrypt() {
        #expect(StaffAccount.passwordProblems("short").count == 1)
        #expect(StaffAccount.passwordProblems("long enough password").isEmpty)
        #expect(StaffAccount.passwordProblems(String(repeating: "密", count: 30)).count == 1)
    }

    @Test func fiveFailuresLockForFifteenMinutes() {
        let policy = LoginPolicy()
        var failures = 0
        var locked: Int64?
        for attempt in 1...5 {
            (failures, locked) = policy.afterFailure(failures: failures, now: 1_000)
            #expect((locked != nil) == (attempt == 5))
        }
        #expect(policy.isLocked(lockedUntil: locked, now: 1_000 + 15 * 60 - 1))
        #expect(!policy.isLocked(lockedUntil: locked, now: 1_000 + 15 * 60))
    }

    @Test func sessionsExpireAfterThirtyIdleMinutes() {
        let policy = LoginPolicy()
        #expect(!policy.isExpired(lastSeen: 0, now: 30 * 60 - 1))
        #expect(policy.isExpired(lastSeen: 0, now: 30 * 60))
    }
}
