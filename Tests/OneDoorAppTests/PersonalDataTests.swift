import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorServices
import OneDoorTestSupport
import Testing

/// Every read of personal data by staff goes through one logged service call; answers to
/// actions carry masked numbers; bulk reading is stopped and flagged (issue 13 §1.6).
@Suite struct PersonalDataTests {
    @Test(arguments: TestDatabaseKind.available)
    func lookingUpAStoredApplicantIsLogged(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let clerkToken = try await client.token(.clerk)
            #expect(try await client.json("/api/v1/cases", method: .post, token: clerkToken, body: CaseAPITests.intake()).status == .created)
            let before = try await app.cases.repository.accessLog(caseNumber: nil, limit: 100, offset: 0).total
            let clerk = try await client.signIn(.clerk)
            let form = String(buffer: try await client.page("/cases/new?item=\(CasePagesTests.food)&lookup=44011320141005001X", clerk).body)
            #expect(form.contains("已调出该申请人此前登记的信息") && form.contains("13800138000"))
            let log = try await app.cases.repository.accessLog(caseNumber: nil, limit: 100, offset: 0)
            #expect(log.total == before + 1)
            #expect(log.entries.first?.purpose == "受理时调取申请人信息（4401**********001X）" && log.entries.first?.caseNumber == "")
            // A number nobody has is not logged as a read (nothing was read), and the page says so.
            let none = String(buffer: try await client.page("/cases/new?item=\(CasePagesTests.food)&lookup=11010519491231002X", clerk).body)
            #expect(none.contains("未找到该申请人的记录"))
            #expect(try await app.cases.repository.accessLog(caseNumber: nil, limit: 100, offset: 0).total == before + 1)
            // Supervisors see it on their page, without a link to a case.
            let page = String(buffer: try await client.page("/admin/access-log", try await client.signIn(.supervisor)).body)
            #expect(page.contains("受理时调取申请人信息（4401**********001X）"))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func answersToActionsCarryMaskedNumbers(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let created = try JSON.object(try await client.json("/api/v1/cases", method: .post, token: try await client.token(.clerk), body: CaseAPITests.intake()).body)
            let number = try #require((created["case"] as? [String: Any])?["number"] as? String)
            let answer = try JSON.object(try await CaseAPITests.act(client, number, "undertake", try await client.token(.approver), #"{"opinion":"拟准予"}"#).body)
            let person = ((answer["case"] as? [String: Any])?["applicant"] as? [String: Any])?["person"] as? [String: Any]
            #expect(person?["documentNumber"] as? String == "4401**********001X")
            #expect(person?["phone"] as? String == "138****8000")
            #expect(!String(describing: answer).contains("44011320141005001X"))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func bulkReadingIsStoppedAndFlaggedToSupervisors(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let clerkToken = try await client.token(.clerk)
            let created = try JSON.object(try await client.json("/api/v1/cases", method: .post, token: clerkToken, body: CaseAPITests.intake()).body)
            let number = try #require((created["case"] as? [String: Any])?["number"] as? String)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<70 { statuses.append(try await client.json("/api/v1/cases/\(number)", token: clerkToken).status) }
            #expect(statuses.prefix(60).allSatisfy { $0 == .ok })
            #expect(statuses.suffix(10).allSatisfy { $0 == .tooManyRequests })
            // Another member of staff is not held back; the flag is written once, not ten times.
            #expect(try await client.json("/api/v1/cases/\(number)", token: try await client.token(.supervisor)).status == .ok)
            let supervisor = Identity(account: StaffAccount(username: "jc", displayName: "监察", staffNumber: "S1", role: .supervisor), sessionTokenHash: "", csrfToken: "")
            let flags = try await app.services.audit.recent(action: "personalData.bulkRead", limit: 10, by: supervisor)
            #expect(flags.count == 1 && flags.first?.target == "clerk")
            let page = String(buffer: try await client.page("/admin/access-log", try await client.signIn(.supervisor)).body)
            #expect(page.contains("批量查阅提示") && page.contains("一分钟内查阅个人信息超过上限"))
        }
    }

    /// A later intake refreshes the stored applicant; what it replaced is kept, never lost.
    @Test(arguments: TestDatabaseKind.available)
    func aChangedApplicantKeepsWhatItWas(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let clerk = try await client.token(.clerk)
            let first = CaseAPITests.intake()
            #expect(try await client.json("/api/v1/cases", method: .post, token: clerk, body: first).status == .created)
            #expect(try await client.json("/api/v1/cases", method: .post, token: clerk, body: first).status == .created)
            #expect(try await app.cases.repository.applicantHistory(key: "resident-id:44011320141005001X").isEmpty)
            let moved = first.replacingOccurrences(of: "13800138000", with: "13912345678")
            let third = try JSON.object(try await client.json("/api/v1/cases", method: .post, token: clerk, body: moved).body)
            let history = try await app.cases.repository.applicantHistory(key: "resident-id:44011320141005001X")
            #expect(history.count == 1)
            #expect(history.first?.applicant.phone == "13800138000")
            #expect(history.first?.caseNumber == (third["case"] as? [String: Any])?["number"] as? String)
            #expect(try await app.cases.repository.applicant(key: "resident-id:44011320141005001X")?.phone == "13912345678")
        }
    }
}
