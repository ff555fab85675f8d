import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorTestSupport
import Testing

/// The case pages: intake form, the case with its actions, lists, notices with the QR code,
/// and the public progress page.
@Suite struct CasePagesTests {
    static let food = Fixtures.foodLicence().implementationCode

    static func intakeFields(documentNumber: String = "44011320141005001X", outcome: String = "accept") -> [(String, String)] {
        [("item", food), ("applicantType", "person"), ("name", "张三"), ("documentType", "resident-id"), ("documentNumber", documentNumber),
         ("phone", "13800138000"), ("m0.received", "on"), ("m0.pages", "2"), ("m1.received", "on"), ("m1.copy", "on"),
         ("m2.due", "2026-10-15"), ("outcome", outcome), ("window", "1")]
    }

    @Test(arguments: TestDatabaseKind.available)
    func intakeToDecisionThroughThePages(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let clerk = try await client.signIn(.clerk)
            let pick = String(buffer: try await client.page("/cases/new?q=%E9%A4%90", clerk).body)
            #expect(pick.contains("/cases/new?item=\(Self.food)"))
            let form = String(buffer: try await client.page("/cases/new?item=\(Self.food)", clerk).body)
            #expect(form.contains("经营场所平面图") && form.contains("容缺后补"))

            // Every problem at once, typed values kept.
            let bad = try await client.post("/cases", clerk, Self.intakeFields(documentNumber: "36042619910102009X").filter { $0.0 != "m0.received" } + [("m1.pages", "三")])
            #expect(bad.status == .unprocessableContent)
            let badHTML = String(buffer: bad.body)
            #expect(badHTML.contains("页数应为整数"))
            #expect(try await app.cases.repository.hallCases("CC", limit: 5).total == 0)
            let bad2 = try await client.post("/cases", clerk, Self.intakeFields(documentNumber: "36042619910102009X").filter { $0.0 != "m0.received" })
            let html2 = String(buffer: bad2.body)
            #expect(html2.contains("校验位应为“3”") && html2.contains("缺少必要材料“食品经营许可申请书”") && html2.contains("value=\"36042619910102009X\""))

            let created = try await client.post("/cases", clerk, Self.intakeFields())
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            #expect(location.hasPrefix("/cases/CC-20260928-00001?done=accepted&notice=acceptance"))
            let page = String(buffer: try await client.page("/cases/CC-20260928-00001", clerk).body)
            #expect(page.contains("已受理") && page.contains("2026年10月10日") && page.contains("受理通知书"))

            // The receipt: masked ID, query code, and a QR code of the progress address.
            let notice = try await client.page("/cases/CC-20260928-00001/notices/acceptance?format=receipt", clerk)
            #expect(notice.status == .ok)
            let receipt = String(buffer: notice.body)
            let record = try #require(try await app.cases.repository.find("CC-20260928-00001"))
            #expect(receipt.contains("4401**********001X") && !receipt.contains("44011320141005001X"))
            #expect(receipt.contains(record.queryCode) && receipt.contains("<svg") && receipt.contains("/progress/CC-20260928-00001?code=\(record.queryCode)"))
            #expect(receipt.contains("body class=\"notice-doc receipt\""))
            #expect(try await client.page("/cases/CC-20260928-00001/notices/refusal", clerk).status == .notFound)

            // The approver's queue and decision.
            let approver = try await client.signIn(.approver)
            let queue = String(buffer: try await client.page("/cases", approver).body)
            #expect(queue.contains("CC-20260928-00001") && queue.contains("light green") && queue.contains("4401**********001X"))
            #expect(try await client.post("/cases/CC-20260928-00001/actions/undertake", approver,
                                          [("revision", "1"), ("opinion", "拟准予"), ("attachments", "现场核查笔录、检验报告")]).status == .seeOther)
            #expect(String(buffer: try await client.page("/cases/CC-20260928-00001", approver).body).contains("附件：现场核查笔录、检验报告"))
            let stale = try await client.post("/cases/CC-20260928-00001/actions/review", approver, [("revision", "1"), ("opinion", "同意")])
            #expect(stale.status == .conflict)
            #expect(String(buffer: stale.body).contains("刚被他人办理"))
            // Who undertook does not review: no review form for them, and a post is refused with the reason.
            let own = String(buffer: try await client.page("/cases/CC-20260928-00001", approver).body)
            #expect(!own.contains("review-opinion") && own.contains("承办、审核、决定须由不同人员办理"))
            let same = try await client.post("/cases/CC-20260928-00001/actions/review", approver, [("revision", "2"), ("opinion", "同意")])
            #expect(same.status == .conflict && String(buffer: same.body).contains("您已承办本件"))
            let reviewer = try await client.signIn("reviewer"), decider = try await client.signIn("decider")
            #expect(try await client.post("/cases/CC-20260928-00001/actions/review", reviewer, [("revision", "2"), ("opinion", "同意")]).status == .seeOther)
            let noReason = try await client.post("/cases/CC-20260928-00001/actions/decide", decider, [("revision", "3"), ("granted", "false")])
            #expect(noReason.status == .unprocessableContent)
            #expect(String(buffer: noReason.body).contains("不予许可的理由不能为空"))
            #expect(try await client.post("/cases/CC-20260928-00001/actions/decide", decider, [("revision", "3"), ("granted", "true"), ("opinion", "准予")]).status == .seeOther)
            // 容缺: the plan is still owed, so the case is not concluded until the clerk records it.
            let decided = String(buffer: try await client.page("/cases/CC-20260928-00001", decider).body)
            #expect(!decided.contains("conclude-opinion") && decided.contains("容缺材料“经营场所平面图”尚未补交"))
            #expect(try await client.post("/cases/CC-20260928-00001/actions/conclude", decider, [("revision", "4"), ("opinion", "制证")]).status == .conflict)
            #expect(try await client.post("/cases/CC-20260928-00001/actions/withdraw", clerk, [("opinion", "撤回")]).status == .conflict)

            // The applicant, with the code from the receipt.
            let progress = String(buffer: try await client.page("/progress/CC-20260928-00001?code=\(record.queryCode)", nil).body)
            #expect(progress.contains("已决定") && progress.contains("工号 N-approver") && !progress.contains("张三"))
            #expect(progress.contains("还需提交") && progress.contains("经营场所平面图：容缺受理，请于 2026年10月15日 前补交"))
            // The clerk records the owed material; the history keeps what changed; now it is concluded.
            #expect(try await client.post("/cases/CC-20260928-00001/actions/receive-materials", clerk,
                                          [("revision", "4"), ("m2.received", "on"), ("m2.pages", "1"), ("opinion", "申请人补交")]).status == .seeOther)
            let handedIn = String(buffer: try await client.page("/cases/CC-20260928-00001", decider).body)
            #expect(handedIn.contains("材料变更：经营场所平面图：容缺，2026年10月15日前补交 → 原件 纸质 1 页") && handedIn.contains("conclude-opinion"))
            #expect(try await client.post("/cases/CC-20260928-00001/actions/conclude", decider, [("revision", "5"), ("opinion", "制证")]).status == .seeOther)
            let wrong = try await client.page("/progress?number=CC-20260928-00001&code=000000", nil)
            #expect(wrong.status == (record.queryCode == "000000" ? .ok : .notFound))

            // Administrators run the centre, not cases; supervisors read.
            #expect(try await client.page("/cases/CC-20260928-00001", try await client.signIn(.admin)).status == .forbidden)
            let supervisor = try await client.signIn(.supervisor)
            #expect(try await client.page("/cases/CC-20260928-00001", supervisor).status == .ok)
            // Every view above is in the supervisor's log, with who and why.
            let log = String(buffer: try await client.page("/admin/access-log?case=CC-20260928-00001", supervisor).body)
            #expect(log.contains("clerk（N-clerk）") && log.contains("approver（N-approver）") && log.contains("supervisor（N-supervisor）"))
            #expect(log.contains("打印文书") && log.contains("查看办件"))
        }
    }
}

/// The case pages against every role and signed out: clerks take in, the department's approvers
/// decide, supervisors read, administrators (who run the centre) stay out.
@Suite struct CasePageRoleTests {
    @Test func everyCasePageAgainstEveryRole() async throws {
        try await TestApp.run(.sqlite) { client, _ in
            var sessions: [Role: WebSession] = [:]
            for role in Role.allCases { sessions[role] = try await client.signIn(role) }
            #expect(try await client.post("/cases", sessions[.clerk], CasePagesTests.intakeFields()).status == .seeOther)
            let number = "CC-20260928-00001"
            typealias Expectation = (method: String, path: String, fields: [(String, String)], statuses: [Role?: HTTPResponse.Status])
            let table: [Expectation] = [
                ("GET", "/cases", [], [.clerk: .ok, .approver: .ok, .supervisor: .ok, .admin: .forbidden, nil: .seeOther]),
                ("GET", "/cases/new", [], [.clerk: .ok, .approver: .forbidden, .supervisor: .forbidden, .admin: .forbidden, nil: .seeOther]),
                ("POST", "/cases", [("item", "none")], [.clerk: .notFound, .approver: .forbidden, .supervisor: .forbidden, .admin: .forbidden, nil: .unauthorized]),
                ("GET", "/cases/\(number)", [], [.clerk: .ok, .approver: .ok, .supervisor: .ok, .admin: .forbidden, nil: .seeOther]),
                ("GET", "/cases/\(number)/notices/acceptance", [], [.clerk: .ok, .approver: .ok, .supervisor: .ok, .admin: .forbidden, nil: .seeOther]),
                ("POST", "/cases/\(number)/actions/withdraw", [("opinion", "x")],
                 [.approver: .forbidden, .supervisor: .forbidden, .admin: .forbidden, nil: .unauthorized]),
                ("POST", "/cases/\(number)/actions/undertake", [("opinion", "拟准予")],
                 [.clerk: .forbidden, .supervisor: .forbidden, .admin: .forbidden, nil: .unauthorized, .approver: .seeOther]),
            ]
            for row in table {
                for (role, expected) in row.statuses.sorted(by: { ($0.value == .seeOther ? 1 : 0) < ($1.value == .seeOther ? 1 : 0) }) {
                    let session = role.flatMap { sessions[$0] }
                    let status = row.method == "GET" ? try await client.page(row.path, session).status : try await client.post(row.path, session, row.fields).status
                    #expect(status == expected, "\(row.method) \(row.path) as \(role.map(\.rawValue) ?? "nobody"): \(status)")
                }
            }
        }
    }
}
