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

/// Supervisors see who reads how much (issue 16 §4): a member of staff reading many cases they
/// had no hand in stands out; the clerk who took those cases in does not.
@Suite struct ReadingPatternTests {
    @Test(arguments: TestDatabaseKind.available)
    func readingManyCasesOutsideOnesOwnIsShownToSupervisors(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let clerkToken = try await client.token(.clerk)
            var numbers: [String] = []
            for i in 0..<24 {
                let id = PeopleSeeder.residentID(i)
                let created = try JSON.object(try await client.json("/api/v1/cases", method: .post, token: clerkToken, body: CaseAPITests.intake(id: id)).body)
                numbers.append(try #require((created["case"] as? [String: Any])?["number"] as? String))
            }
            _ = try await app.auth.createAccount(StaffAccount(username: "cc-clerk2", displayName: "窗口二号", staffNumber: "C009", role: .clerk, hall: "CC"),
                                                 password: "password-cc-clerk2", by: .system)
            let login = try await client.json("/api/v1/session", method: .post, body: #"{"username":"cc-clerk2","password":"password-cc-clerk2"}"#)
            let curious = try JSON.object(login.body)["token"] as! String
            for number in numbers { #expect(try await client.json("/api/v1/cases/\(number)", token: curious).status == .ok) }
            // The clerk who took them in reads two of their own.
            for number in numbers.prefix(2) { #expect(try await client.json("/api/v1/cases/\(number)", token: clerkToken).status == .ok) }

            let supervisor = try await client.token(.supervisor)
            let answer = try JSON.object(try await client.json("/api/v1/personal-data-access/patterns?days=7", token: supervisor).body)
            let items = try #require(answer["items"] as? [[String: Any]])
            let first = try #require(items.first)
            #expect((first["actor"] as? String)?.contains("C009") == true && first["outside"] as? Int == 24 && first["cases"] as? Int == 24)
            #expect((first["unusual"] as? [String])?.first == "查阅的 24 件办件中有 24 件本人未经手")
            let own = try #require(items.first { ($0["actor"] as? String)?.contains("N-clerk") == true })
            #expect(own["outside"] as? Int == 0 && (own["unusual"] as? [String])?.isEmpty == true && own["cases"] as? Int == 2)
            // Only supervisors; a bad period is named.
            #expect(try await client.json("/api/v1/personal-data-access/patterns", token: clerkToken).status == .forbidden)
            #expect(try await client.json("/api/v1/personal-data-access/patterns?days=400", token: supervisor).status == .unprocessableContent)
            // The page lists them, the unusual one first, with the reason.
            let page = String(buffer: try await client.page("/admin/access-log", try await client.signIn(.supervisor)).body)
            #expect(page.contains("近 7 日各工作人员查阅情况") && page.contains("<strong>查阅的 24 件办件中有 24 件本人未经手</strong>"))
        }
    }

    @Test func thresholdsAreNamed() {
        let quiet = StaffReading(actorID: 1, actor: "a", reads: 80, cases: 40, outside: 19, lookups: 30, firstAt: 0, lastAt: 0)
        #expect(ReadingPatterns.reasons(quiet, days: 1).isEmpty)
        let nosy = StaffReading(actorID: 1, actor: "a", reads: 700, cases: 30, outside: 20, lookups: 400, firstAt: 0, lastAt: 0)
        #expect(ReadingPatterns.reasons(nosy, days: 2) == ["查阅的 30 件办件中有 20 件本人未经手", "查阅 700 次，超过每日 300 次", "调取申请人信息 400 次，超过每日 150 次"])
        #expect(ReadingPatterns.reasons(nosy, days: 3).count == 1)
    }
}
