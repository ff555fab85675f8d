import Foundation
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Testing

/// 好差评 on the demo district (issue 18 §1), on SQLite and PostgreSQL: the applicant rates a
/// concluded case of theirs once — with its item, department, hall, window and the accepting
/// clerk's number —, not someone else's nor one still running; a 差评 opens its rectification in
/// the same transaction, which the department verifies and rectifies and the rater answers;
/// changing the rating to a good one within 7 days withdraws an open rectification.
@Suite struct RatingTests {
    static func concluded(_ app: OneDoorApplication, _ person: Person) async throws -> CaseRecord {
        try await PushTests.intake(app, "个人参保证明打印", person: person, outcome: .acceptAndConclude)
    }

    @Test(arguments: TestDatabaseKind.available)
    func aNegativeRatingIsRectifiedAndAnswered(_ kind: TestDatabaseKind) async throws {
        try await PushTests.run(kind) { app in
            let person = Person(name: "邓敏", documentType: .residentID, documentNumber: PushTests.id("1985-06-07", female: true), phone: "13800138101")
            let rater = PushTests.citizen(app, person.documentNumber, phone: person.phone)
            let stranger = PushTests.citizen(app, PushTests.id("1986-01-01", female: false), phone: "13800138102")
            let record = try await Self.concluded(app, person)
            let ratings = app.services.ratings
            // Not someone else's; nothing before it is rated.
            await #expect(throws: CaseStoreError.self) {
                _ = try await ratings.rateCase(record.number, RatingInput(level: 5, channel: .mine), by: stranger)
            }
            #expect(try await ratings.caseRating(record.number, by: rater) == nil)
            let running = try await PushTests.intake(app, "居住证", person: person, outcome: .accept)
            await #expect(throws: CaseRuleError.self) {
                _ = try await ratings.rateCase(running.number, RatingInput(level: 5, channel: .mine), by: rater)
            }
            // A 差评 without a reason is named; with one it opens the rectification.
            await #expect(throws: ValidationFailed.self) {
                _ = try await ratings.rateCase(record.number, RatingInput(level: 2, channel: .mine), by: rater)
            }
            let rated = try await ratings.rateCase(record.number, RatingInput(level: 2, reasons: ["slow"], comment: "打印机坏了等了很久", channel: .mine),
                                                   by: rater)
            #expect(rated.rating.id > 0 && rated.rating.context.department == record.department && rated.rating.context.hall == "CCZX")
            #expect(rated.rating.context.staffNumber == "N-clerk" && rated.rating.context.itemCode == record.itemCode)
            let opened = try #require(rated.rectification)
            #expect(opened.state == .verifying && opened.department == record.department && opened.rating == rated.rating.id)

            // The department's queue; its approver verifies and rectifies; the rater answers.
            let approver = try await ThemeCaseTests.approver(app, "zhenggai1", record.department)
            #expect(try await ratings.openRectifications(by: approver).map(\.id) == [opened.id])
            let clerk = try await ThemeCaseTests.identity(app, "clerk")
            await #expect(throws: CaseRuleError.self) { _ = try await ratings.act(opened.id, .verify(note: "x"), expectedRevision: nil, by: clerk) }
            let verified = try await ratings.act(opened.id, .verify(note: "已电话联系，属实"), expectedRevision: 1, by: approver)
            await #expect(throws: RatingStoreError.conflict) {
                _ = try await ratings.act(opened.id, .rectify(result: "x"), expectedRevision: 1, by: approver)
            }
            _ = try await ratings.act(opened.id, .rectify(result: "已更换打印设备并增设自助打印机"), expectedRevision: verified.revision, by: approver)
            let answered = try await ratings.answer(rating: rated.rating.id, satisfied: true, comment: "", by: rater)
            await #expect(throws: ProblemDetails.self) {
                _ = try await ratings.answer(rating: rated.rating.id, satisfied: true, comment: "", by: PushTests.citizen(app, PushTests.id("1986-01-01", female: false), phone: "13800138102"))
            }
            #expect(answered.state == .closed && answered.raterSatisfied == true)
            #expect(try await ratings.openRectifications(by: approver).isEmpty)
            #expect(try await ratings.caseRating(record.number, by: rater)?.rectification?.state == .closed)
        }
    }

    /// 核实 after its day (the next working day) is taken, stored and shown as late.
    @Test(arguments: TestDatabaseKind.available)
    func aRectificationStepAfterItsDayIsMarkedLate(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start) // Monday 28 September 2026: 核实 due Tuesday
        try await TestApp.run(kind, clock: clock, catalog: try DemoData.catalog(), clerkHall: "CCZX") { _, app in
            let person = Person(name: "邓华", documentType: .residentID, documentNumber: PushTests.id("1983-04-05", female: true), phone: "13800138104")
            let rater = PushTests.citizen(app, person.documentNumber, phone: person.phone)
            let record = try await Self.concluded(app, person)
            let rated = try await app.services.ratings.rateCase(record.number, RatingInput(level: 1, reasons: ["attitude"], channel: .mine), by: rater)
            let opened = try #require(rated.rectification)
            let approver = try await ThemeCaseTests.approver(app, "zhenggai3", record.department)
            clock.advance(by: 2 * 86_400) // Wednesday
            let verified = try await app.services.ratings.act(opened.id, .verify(note: "已电话联系"), expectedRevision: opened.revision, by: approver)
            #expect(verified.state == .rectifying && verified.steps.last?.step == "核实（逾期，应于\(opened.verifyBy.chinese)前）")
            #expect(try await app.services.ratings.repository.rectification(opened.id)?.steps.last?.step == verified.steps.last?.step)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aRatingIsChangedNotGivenTwice(_ kind: TestDatabaseKind) async throws {
        try await PushTests.run(kind) { app in
            let person = Person(name: "邓亮", documentType: .residentID, documentNumber: PushTests.id("1984-02-03", female: false), phone: "13800138103")
            let rater = PushTests.citizen(app, person.documentNumber, phone: person.phone)
            let record = try await Self.concluded(app, person)
            let ratings = app.services.ratings
            let first = try await ratings.rateCase(record.number, RatingInput(level: 1, reasons: ["attitude"], channel: .message), by: rater)
            #expect(first.rectification?.state == .verifying)
            // Changed within 7 days: the same rating, the open rectification withdrawn with it.
            let changed = try await ratings.rateCase(record.number, RatingInput(level: 4, channel: .mine), by: rater)
            #expect(changed.rating.id == first.rating.id && changed.rating.level == .satisfied && changed.rating.changedAt != nil)
            #expect(changed.rectification?.state == .removed && changed.rectification?.steps.last?.action == "withdrawn")
            // A second first rating of the same service (two devices at once) is refused, never stored twice.
            await #expect(throws: RatingStoreError.alreadyRated) {
                _ = try await ratings.repository.rate(first.rating, replacing: nil, opening: nil, at: 5)
            }
            let count = try await ratings.repository.database.read { db in
                try await db.queryFirst("SELECT COUNT(*) AS n FROM ratings WHERE service_id = ?", [.text(record.number.rawValue)])?.int("n")
            }
            #expect(count == 1)
        }
    }
}

extension RatingTests {
    /// The pages: 我的 case page offers the rating once the case concluded; a 差评 without reason is
    /// named on the page; with one, the department's approver finds it under 差评整改, verifies and
    /// rectifies it; the rater sees the steps and answers; staff pages and forms are refused to
    /// the wrong people.
    @Test func theRaterAndTheDepartmentWorkItThroughThePages() async throws {
        try await TestApp.run(.sqlite, catalog: try DemoData.catalog(), clerkHall: "CCZX") { client, app in
            let person = Person(name: "张三", documentType: .residentID, documentNumber: "44011320141005001X", phone: "13800138000")
            let record = try await Self.concluded(app, person)
            var citizen = try await client.citizenSignIn("13800138000", app)
            let clerk = try await client.signIn(.clerk)
            _ = try await client.post("/citizens/verify", clerk, [("phone", "13800138000"), ("name", "张三"), ("documentType", "resident-id"),
                                                               ("documentNumber", person.documentNumber)])
            let page = String(buffer: try await client.page("/me/cases/\(record.number)", citizen).body)
            #expect(page.contains("id=\"rating-form\"") && page.contains("非常满意") && page.contains("value=\"attitude\""))
            citizen = WebSession(cookie: citizen.cookie, csrf: try #require(csrfToken(in: page)))
            let silent = try await client.post("/me/cases/\(record.number)/rating", citizen, [("level", "1")])
            #expect(silent.status == .unprocessableContent && String(buffer: silent.body).contains("差评请选择或填写不满意的原因"))
            let rated = try await client.post("/me/cases/\(record.number)/rating", citizen, [("level", "1"), ("reason", "attitude"), ("reason", "slow")])
            #expect(rated.status == .seeOther)
            let after = String(buffer: try await client.page("/me/cases/\(record.number)", citizen).body)
            #expect(after.contains("非常不满意：服务态度差；等候或办理时间过长") && after.contains("id=\"rectification-state\">待核实"))

            // The department's approver.
            _ = try await ThemeCaseTests.approver(app, "zhenggai2", record.department)
            let session = try await client.signIn(username: "zhenggai2", password: "password-x")
            let list = String(buffer: try await client.page("/rectifications", session).body)
            let link = try #require(list.range(of: #"/rectifications/\d+"#, options: .regularExpression).map { String(list[$0]) })
            let detail = String(buffer: try await client.page(link, session).body)
            #expect(detail.contains("仅监察人员可见") && !detail.contains(person.documentNumber) && detail.contains("id=\"verify\""))
            #expect(try await client.page(link, clerk).status == .notFound)
            let revision = { (html: String) in String(html.components(separatedBy: "name=\"revision\" value=\"").dropFirst().first?.prefix { $0.isNumber } ?? "") }
            #expect(try await client.post(link + "/actions/verify", session, [("revision", revision(detail)), ("text", "")]).status == .unprocessableContent)
            #expect(try await client.post(link + "/actions/verify", session, [("revision", revision(detail)), ("text", "已电话联系")]).status == .seeOther)
            let rectifying = String(buffer: try await client.page(link, session).body)
            #expect(try await client.post(link + "/actions/rectify", session, [("revision", revision(rectifying)), ("text", "已对窗口人员批评教育")]).status == .seeOther)

            // The rater is told the result, and 我的 lists the rating with where its rectification stands.
            let told = try await OutboxRepository(database: app.cases.repository.database).messages(to: ["13800138000"], limit: 50, offset: 0).messages
            #expect(told.contains { $0.message.template == "rating-feedback" && $0.message.body.contains("已对窗口人员批评教育") })
            let me = String(buffer: try await client.page("/me", citizen).body)
            #expect(me.contains("id=\"my-ratings\"") && me.contains("非常不满意") && me.contains("已反馈，待评价人确认") && me.contains("class=\"form inline rating-answer\""))
            // The rater answers the feedback.
            let feedback = String(buffer: try await client.page("/me/cases/\(record.number)", citizen).body)
            #expect(feedback.contains("已对窗口人员批评教育") && feedback.contains("id=\"rectification-answer\""))
            let answer = try #require(feedback.range(of: #"/me/ratings/\d+/answer"#, options: .regularExpression).map { String(feedback[$0]) })
            let answered = try await client.post(answer, citizen, [("satisfied", "yes"), ("back", "/me/cases/\(record.number)#rating")])
            #expect(answered.status == .seeOther && answered.headers[.location] == "/me/cases/\(record.number)#rating")
            let closed = String(buffer: try await client.page("/me/cases/\(record.number)", citizen).body)
            #expect(closed.contains("评价人对整改满意") && !closed.contains("id=\"rectification-answer\""))
        }
    }
}

extension RatingTests {
    /// The other two channels of §1: the message that ends a case links to its rating, and the QR
    /// code on its notices opens the progress page, which links there too; each link names its
    /// channel (`?via=`), kept through the citizen's sign-in and stored with the rating.
    @Test func theConcludingMessageAndTheNoticeLeadToTheRating() async throws {
        let site = "https://zwfw.example.gov.cn"
        try await TestApp.run(.sqlite, catalog: try DemoData.catalog(), clerkHall: "CCZX", configure: { $0.publicBaseURL = site }) { client, app in
            let person = Person(name: "李四", documentType: .residentID, documentNumber: "44011320141005001X", phone: "13800138000")
            let record = try await Self.concluded(app, person)
            let number = record.number.rawValue
            let told = try await OutboxRepository(database: app.cases.repository.database).messages(to: ["13800138000"], limit: 50, offset: 0).messages
            let ending = try #require(told.first { $0.message.template == "case-ready" || $0.message.template == "case-ready-electronic" })
            #expect(ending.message.body.contains("欢迎评价本次服务，详见：\(site)/me/cases/\(number)?via=message#rating"))
            #expect(told.contains { $0.message.template == "case-accepted" && $0.message.body.contains("\(site)/me/cases/\(number)") && !$0.message.body.contains("via=") })

            // The notice's QR code: the progress page of a concluded case links to its rating.
            let progress = String(buffer: try await client.page("/progress/\(number)?code=\(record.queryCode)", nil).body)
            let rate = try #require(progress.range(of: #"id="progress-rate"#) != nil ? progress.range(of: #"href="[^"]+" id="progress-rate""#, options: .regularExpression) : nil)
            #expect(progress[rate].contains("/me/cases/\(number)?via") && progress[rate].contains("notice#rating"))
            // Signed out, the link leads to the citizen's sign-in and back, query and all.
            let away = try await client.page("/me/cases/\(number)?via=notice", nil)
            #expect(away.status == .seeOther && away.headers[.location] == "/citizen/login?next=/me/cases/\(number)%3Fvia%3Dnotice")

            var citizen = try await client.citizenSignIn("13800138000", app)
            let clerk = try await client.signIn(.clerk)
            _ = try await client.post("/citizens/verify", clerk, [("phone", "13800138000"), ("name", "李四"), ("documentType", "resident-id"),
                                                               ("documentNumber", person.documentNumber)])
            let page = String(buffer: try await client.page("/me/cases/\(number)?via=notice", citizen).body)
            #expect(page.contains(#"<input type="hidden" name="channel" value="notice">"#))
            #expect(String(buffer: try await client.page("/me/cases/\(number)?via=window", citizen).body)
                .contains(#"<input type="hidden" name="channel" value="me">"#), "the window evaluator's channel is not a citizen's to claim")
            citizen = WebSession(cookie: citizen.cookie, csrf: try #require(csrfToken(in: page)))
            let rated = try await client.post("/me/cases/\(number)/rating", citizen, [("level", "5"), ("channel", "notice")])
            #expect(rated.status == .seeOther)
            let rater = PushTests.citizen(app, person.documentNumber, phone: person.phone)
            #expect(try await app.services.ratings.caseRating(record.number, by: rater)?.rating.channel == .notice)
            // Changed through the message's link: the channel of the change is kept.
            _ = try await client.post("/me/cases/\(number)/rating", citizen, [("level", "4"), ("channel", "message")])
            #expect(try await app.services.ratings.caseRating(record.number, by: rater)?.rating.channel == .message)
        }
    }
}

extension RatingTests {
    /// 好差评公示: the month's ratings by hall, department and item — satisfaction counts 基本满意
    /// and better; a 差评 rectified to the end counts as rectified; one removed on appeal is not
    /// counted at all; another month shows nothing. Public page and figures on both databases.
    @Test(arguments: TestDatabaseKind.available)
    func theMonthsFiguresArePublished(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind, catalog: try DemoData.catalog(), clerkHall: "CCZX") { client, app in
            let ratings = app.services.ratings
            var views: [RatingView] = []
            for (i, level) in [5, 4, 3, 2, 1].enumerated() {
                let person = Person(name: "评价人\(i)", documentType: .residentID, documentNumber: PushTests.id("1980-01-0\(i + 1)", female: i % 2 == 0),
                                    phone: "1380013820\(i)")
                let record = try await Self.concluded(app, person)
                views.append(try await ratings.rateCase(record.number, RatingInput(level: level, reasons: level <= 2 ? ["slow"] : [], channel: .mine),
                                                        by: PushTests.citizen(app, person.documentNumber, phone: person.phone)))
            }
            let department = try #require(views[0].rating.context.department)
            let approver = try await ThemeCaseTests.approver(app, "zhenggai3", department)
            let supervisor = try await ThemeCaseTests.identity(app, "supervisor")
            // The 2 is rectified to the end; the 1 is removed on appeal.
            let two = try #require(views[3].rectification), one = try #require(views[4].rectification)
            _ = try await ratings.act(two.id, .verify(note: "已联系"), expectedRevision: nil, by: approver)
            _ = try await ratings.act(two.id, .rectify(result: "已改进"), expectedRevision: nil, by: approver)
            _ = try await ratings.answer(rating: views[3].rating.id, satisfied: true, comment: "",
                                         by: PushTests.citizen(app, PushTests.id("1980-01-04", female: false), phone: "13800138203"))
            _ = try await ratings.act(one.id, .appeal(reason: "评价人未在本中心办理"), expectedRevision: nil, by: approver)
            _ = try await ratings.act(one.id, .decideAppeal(remove: true, reason: "核实为误评"), expectedRevision: nil, by: supervisor)

            let figures = try await ratings.figures(month: CivilDate("2026-09-01")!)
            #expect(figures[.department] == [RatingFigure(key: department.rawValue, ratings: 4, satisfied: 3, negative: 1, rectified: 1)])
            #expect(figures[.hall]?.map(\.key) == ["CCZX"] && figures[.item]?.first?.ratings == 4)
            let row = try #require(figures[.hall]?.first)
            #expect(RatingFigure.percent(row.satisfactionBasisPoints) == "75.00 %" && RatingFigure.percent(row.rectificationBasisPoints) == "100.00 %")
            #expect(try await ratings.figures(month: CivilDate("2026-10-01")!).values.allSatisfy(\.isEmpty))

            let page = String(buffer: try await client.page("/ratings?month=2026-09", nil).body)
            #expect(page.contains("2026年9月") && page.contains("禅城区行政服务中心") && page.contains("75.00 %") && page.contains("100.00 %"))
            #expect(!page.contains("评价人") && !page.contains("N-clerk"))
        }
    }
}
