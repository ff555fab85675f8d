import Foundation
import NIOCore
import OneDoorApp
import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Testing

/// 推送办 on the demo district (issue 17 §3), on SQLite and PostgreSQL: a woman's birth
/// registration concluded at the window pushes the antenatal vouchers and the maternity
/// confirmation to her 我的 and her phone in the same transaction; the birth certificate's
/// conclusion pushes 户口登记 with the law's one-month deadline; a stage turned off gets nothing;
/// following a push is measured.
@Suite struct PushTests {
    static func run(_ kind: TestDatabaseKind, _ body: @escaping @Sendable (OneDoorApplication) async throws -> Void) async throws {
        try await TestApp.run(kind, catalog: try DemoData.catalog(), clerkHall: "CCZX") { _, app in try await body(app) }
    }

    static func item(_ app: OneDoorApplication, _ name: String) throws -> ServiceItem {
        try #require(app.catalog.snapshot.items.first { $0.guide.name == name })
    }

    static func intake(_ app: OneDoorApplication, _ name: String, person: Person, outcome: IntakeOutcome) async throws -> CaseRecord {
        let item = try Self.item(app, name)
        let clerk = try await ThemeCaseTests.identity(app, "clerk")
        let request = IntakeRequest(itemCode: item.code, applicant: .person(person),
                                    materials: item.guide.materials.map { MaterialReceipt(name: $0.name, received: true, pages: 1) }, outcome: outcome)
        return try await app.cases.intake(request, by: clerk, client: "t").record
    }

    /// A valid resident ID of someone born on `birth`, of the given sex (the 17th digit).
    static func id(_ birth: String, female: Bool) -> String {
        let first17 = "440604" + birth.filter { $0 != "-" } + (female ? "124" : "123")
        return first17 + String(ResidentID.checkCharacter(for: first17)!)
    }

    static func citizen(_ app: OneDoorApplication, _ number: String, phone: String) -> CitizenIdentity {
        CitizenIdentity(account: CitizenAccount(id: 9_000, phone: phone, name: "测试", documentType: .residentID, documentNumber: number,
                                                realName: .verified, createdAt: 0), sessionTokenHash: "", csrfToken: "")
    }

    @Test(arguments: TestDatabaseKind.available)
    func aWomansBirthRegistrationPushesWhatComesNext(_ kind: TestDatabaseKind) async throws {
        try await Self.run(kind) { app in
            let woman = Person(name: "李芳", documentType: .residentID, documentNumber: Self.id("1994-05-06", female: true), phone: "13800138001")
            let man = Person(name: "王强", documentType: .residentID, documentNumber: Self.id("1992-01-02", female: false), phone: "13800138002")
            // 生育登记 is a 即办件: concluded at the window, the pushes with it.
            _ = try await Self.intake(app, "生育登记", person: woman, outcome: .acceptAndConclude)
            _ = try await Self.intake(app, "生育登记", person: man, outcome: .acceptAndConclude)
            let mine = try await app.services.pushes.recommendations(by: Self.citizen(app, woman.documentNumber, phone: woman.phone))
            #expect(Set(mine.map(\.targetName)) == ["孕产妇免费产前检查券申领", "生育保险参保职工计划生育情况确认", "生育医疗费用报销"])
            #expect(mine.allSatisfy { $0.stageLabel == "婚育" && $0.link.hasPrefix("/me/apply/") && $0.stored.openedAt == nil })
            #expect(try await app.services.pushes.recommendations(by: Self.citizen(app, man.documentNumber, phone: man.phone)).isEmpty)
            let outbox = try await OutboxRepository(database: app.cases.repository.database).messages(to: [woman.phone], limit: 20, offset: 0).messages
            let pushed = outbox.map(\.message).filter { $0.template == "push-recommendation" }
            #expect(pushed.count == 3 && pushed.allSatisfy { $0.body.hasPrefix("您的生育登记已办结。您可能需要办理：") })

            // Followed: opened, then measured per rule.
            let opened = try #require(try await app.services.pushes.open(mine[0].stored.id, by: Self.citizen(app, woman.documentNumber, phone: woman.phone)))
            #expect(opened.stored.openedAt != nil)
            #expect(try await app.services.pushes.open(mine[0].stored.id, by: Self.citizen(app, man.documentNumber, phone: man.phone)) == nil)
            let supervisor = try await ThemeCaseTests.identity(app, "supervisor")
            let figures = try await app.services.pushes.figures(days: 30, by: supervisor)
            #expect(figures.map(\.rule) == ["TS-SYDJ"] && figures[0].pushes == 3 && figures[0].opened == 1 && figures[0].applied == 0)

            // She applies for the vouchers: counted as applied within 30 days.
            _ = try await Self.intake(app, "孕产妇免费产前检查券申领", person: woman, outcome: .acceptAndConclude)
            #expect(try await app.services.pushes.figures(days: 30, by: supervisor).first?.applied == 1)
            let clerk = try await ThemeCaseTests.identity(app, "clerk")
            await #expect(throws: AuthError.self) { _ = try await app.services.pushes.figures(days: 30, by: clerk) }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aBirthCertificatePushesHukouWithItsDeadlineUnlessTurnedOff(_ kind: TestDatabaseKind) async throws {
        try await Self.run(kind) { app in
            var health: [Identity] = []
            for i in 1...3 { health.append(try await ThemeCaseTests.approver(app, "weijian\(i)", "WJJ")) }
            let mother = Person(name: "陈静", documentType: .residentID, documentNumber: Self.id("1995-03-04", female: true), phone: "13800138003")
            let father = Person(name: "张伟", documentType: .residentID, documentNumber: Self.id("1993-07-08", female: false), phone: "13800138004")
            // The father turned 出生 pushes off in 我的.
            try await app.services.pushes.setOptedOut([.birth], by: Self.citizen(app, father.documentNumber, phone: father.phone))
            #expect(try await app.services.pushes.optedOut(by: Self.citizen(app, father.documentNumber, phone: father.phone)) == [.birth])
            for parent in [mother, father] {
                let record = try await Self.intake(app, "出生医学证明首次签发", person: parent, outcome: .accept)
                try await ThemeCaseTests.conclude(app, record.number, by: health)
            }
            let pushed = try await app.services.pushes.recommendations(by: Self.citizen(app, mother.documentNumber, phone: mother.phone))
            let hukou = try #require(pushed.first { $0.targetName == "出生登记" })
            #expect(hukou.stored.push.deadline == CivilDate("2026-10-28") && hukou.stored.push.reason.contains("一个月以内"))
            #expect(try await app.services.pushes.recommendations(by: Self.citizen(app, father.documentNumber, phone: father.phone)).isEmpty)
            let sms = try await OutboxRepository(database: app.cases.repository.database).messages(to: [mother.phone], limit: 20, offset: 0).messages
            #expect(sms.map(\.message).contains { $0.template == "push-recommendation" && $0.body.contains("出生登记（请于2026年10月28日前办理）") })
        }
    }
}

extension PushTests {
    /// The day's birthday sweep: a stored person turning 60 today is pushed 老年人优待证 with its
    /// message; one turning 59 or born another day is not; sweeping the day again adds nothing.
    @Test(arguments: TestDatabaseKind.available)
    func theBirthdaySweepPushesTheElderCardOnce(_ kind: TestDatabaseKind) async throws {
        try await Self.run(kind) { app in
            // TestApp's day is 2026-09-28: people become applicants through any case.
            let sixty = Person(name: "梁伯", documentType: .residentID, documentNumber: Self.id("1966-09-28", female: false), phone: "13800138060")
            let fiftyNine = Person(name: "梁叔", documentType: .residentID, documentNumber: Self.id("1967-09-28", female: false), phone: "13800138059")
            let otherDay = Person(name: "梁姨", documentType: .residentID, documentNumber: Self.id("1966-09-29", female: true), phone: "13800138061")
            for person in [sixty, fiftyNine, otherDay] { _ = try await Self.intake(app, "个人参保证明打印", person: person, outcome: .acceptAndConclude) }
            let day = CivilDate("2026-09-28")!
            // (The app's own sweeper may have swept the day already: either way, one push in all.)
            #expect(try await app.services.pushes.sweepBirthdays(on: day) <= 1)
            #expect(try await app.services.pushes.sweepBirthdays(on: day) == 0)
            let pushed = try await app.services.pushes.recommendations(by: Self.citizen(app, sixty.documentNumber, phone: sixty.phone))
            #expect(pushed.map(\.targetName) == ["老年人优待证"] && pushed[0].stored.push.reason == "您已年满 60 周岁，可免费办理老年人优待证。")
            #expect(try await app.services.pushes.recommendations(by: Self.citizen(app, fiftyNine.documentNumber, phone: fiftyNine.phone)).isEmpty)
            let sms = try await OutboxRepository(database: app.cases.repository.database).messages(to: [sixty.phone], limit: 20, offset: 0).messages
            #expect(sms.map(\.message).filter { $0.template == "push-recommendation" }.count == 1)
        }
    }
}

extension PushTests {
    /// A rule on acceptance fires when the window accepts the case (in the intake's transaction);
    /// the rule on its conclusion does not, until it concludes.
    @Test(arguments: TestDatabaseKind.available)
    func aRuleOnAcceptanceFiresAtTheWindow(_ kind: TestDatabaseKind) async throws {
        try await Self.run(kind) { app in
            var document = try DemoData.catalog()
            let certificate = try Self.item(app, "出生医学证明首次签发").code, vaccination = try Self.item(app, "预防接种证补办").code
            document.pushRules.append(PushRule(code: "TS-ACC", name: "受理后", stage: .birth, trigger: .accepted(certificate),
                                               targets: [.item(vaccination)], reason: "出生医学证明已受理。"))
            _ = try await app.catalog.importDocument(document, by: .system)
            let mother = Person(name: "周敏", documentType: .residentID, documentNumber: Self.id("1996-02-03", female: true), phone: "13800138070")
            _ = try await Self.intake(app, "出生医学证明首次签发", person: mother, outcome: .accept)
            let pushed = try await app.services.pushes.recommendations(by: Self.citizen(app, mother.documentNumber, phone: mother.phone))
            #expect(pushed.map(\.stored.push.rule) == ["TS-ACC"] && pushed[0].targetName == "预防接种证补办")
        }
    }

    /// The same rule fires when pre-review accepts the application online (网上受理), in the
    /// acceptance's transaction.
    @Test(arguments: TestDatabaseKind.available)
    func aRuleOnAcceptanceFiresOnline(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind, catalog: try DemoData.catalog(), clerkHall: "CCZX") { client, app in
            var document = try DemoData.catalog()
            let certificate = try Self.item(app, "出生医学证明首次签发"), vaccination = try Self.item(app, "预防接种证补办").code
            document.pushRules.append(PushRule(code: "TS-ACC", name: "受理后", stage: .birth, trigger: .accepted(certificate.code),
                                               targets: [.item(vaccination)], reason: "出生医学证明已受理。"))
            _ = try await app.catalog.importDocument(document, by: .system)
            // The account's holder is ThemeApplicationTests' citizen (11010519491231002X).
            let token = try await ThemeApplicationTests.citizenToken(client, app, phone: "13700137201")
            let created = try await client.json("/api/v1/applications", method: .post, token: token, body: #"{"item":"\#(certificate.code)"}"#)
            let id = try #require(try JSON.object(created.body)["id"] as? String)
            for (index, material) in certificate.guide.materials.enumerated() where material.necessity != .optional {
                #expect(try await ThemeApplicationTests.upload(client, id, material: index, token: token).status == .created)
            }
            _ = try await client.json("/api/v1/applications/\(id)/delivery", method: .put, token: token, body: #"{"method":"pickup"}"#)
            #expect(try await client.json("/api/v1/applications/\(id)/submission", method: .post, token: token, body: "{}").status == .ok)
            let holder = Self.citizen(app, "11010519491231002X", phone: "13700137201")
            #expect(try await app.services.pushes.recommendations(by: holder).isEmpty)
            let accepted = try await client.json("/api/v1/pre-reviews/\(id)/decision", method: .post, token: try await client.token(.clerk),
                                                 body: #"{"decision":"accept"}"#)
            #expect(accepted.status == .ok, "\(String(buffer: accepted.body))")
            let pushed = try await app.services.pushes.recommendations(by: holder)
            #expect(pushed.map(\.stored.push.rule) == ["TS-ACC"] && pushed[0].targetName == "预防接种证补办")
        }
    }
}

extension PushTests {
    /// A licence about to expire (issue 17 §3): the day's sweep 30 days before a 居住证's validity
    /// ends pushes its renewal to the holder with the date, told to the phone they last gave;
    /// another day pushes nothing; sweeping the day again adds nothing.
    @Test(arguments: TestDatabaseKind.available)
    func aResidencePermitAboutToExpireIsPushedOnce(_ kind: TestDatabaseKind) async throws {
        try await Self.run(kind) { app in
            var police: [Identity] = []
            for i in 1...3 { police.append(try await ThemeCaseTests.approver(app, "huzheng\(i)", "GAHZ")) }
            let newcomer = Person(name: "罗新", documentType: .residentID, documentNumber: Self.id("1990-04-05", female: false), phone: "13800138090")
            let record = try await Self.intake(app, "居住证", person: newcomer, outcome: .accept)
            try await ThemeCaseTests.conclude(app, record.number, by: police, licence: LicenceDraft(fields: [
                "name": newcomer.name, "gender": "男", "residence": "佛山市禅城区季华五路 1 号", "household": "湖南省长沙市",
            ]))
            let licence = try #require(try await app.services.licences.repository.held(by: [newcomer.documentNumber]).first?.licence)
            let ends = try #require(licence.validUntil)
            #expect(try await app.services.pushes.sweepExpiring(on: ends.adding(days: -31)) == 0)
            #expect(try await app.services.pushes.sweepExpiring(on: ends.adding(days: -30)) == 1)
            #expect(try await app.services.pushes.sweepExpiring(on: ends.adding(days: -30)) == 0)
            // (Its conclusion pushed the school place already: TS-JZZ.)
            let pushed = try await app.services.pushes.recommendations(by: Self.citizen(app, newcomer.documentNumber, phone: newcomer.phone))
            let renewal = pushed.filter { $0.stored.push.rule == "TS-JZZDQ" }
            #expect(Set(pushed.map(\.stored.push.rule)) == ["TS-JZZ", "TS-JZZDQ"] && renewal.map(\.targetName) == ["居住证"])
            #expect(renewal.first?.stored.push.deadline == ends)
            let sms = try await OutboxRepository(database: app.cases.repository.database).messages(to: [newcomer.phone], limit: 20, offset: 0).messages
            #expect(sms.map(\.message).filter { $0.template == "push-recommendation" && $0.body.contains("30 天后到期") }.count == 1)
        }
    }

    /// A base record that changed (issue 17 §3): a person's phone given anew at a window, replacing
    /// the one on record, fires a rule listening for that field in the intake's transaction; the
    /// same phone again, or a first one, fires nothing.
    @Test(arguments: TestDatabaseKind.available)
    func aChangedBaseRecordFieldFiresItsRule(_ kind: TestDatabaseKind) async throws {
        try await Self.run(kind) { app in
            var document = try DemoData.catalog()
            let target = try Self.item(app, "居住证").code
            document.pushRules.append(PushRule(code: "TS-PHONE", name: "联系电话变更后", stage: .home, trigger: .recordChanged("phone"),
                                               targets: [.item(target)], reason: "您的联系电话已更新。"))
            _ = try await app.catalog.importDocument(document, by: .system)
            var person = Person(name: "冯立", documentType: .residentID, documentNumber: Self.id("1988-08-08", female: false), phone: "13800138091")
            let holder = Self.citizen(app, person.documentNumber, phone: person.phone)
            _ = try await Self.intake(app, "个人参保证明打印", person: person, outcome: .acceptAndConclude)
            _ = try await Self.intake(app, "个人参保证明打印", person: person, outcome: .acceptAndConclude)
            #expect(try await app.services.pushes.recommendations(by: holder).isEmpty)
            person.phone = "13900139091"
            _ = try await Self.intake(app, "个人参保证明打印", person: person, outcome: .acceptAndConclude)
            let pushed = try await app.services.pushes.recommendations(by: holder)
            #expect(pushed.map(\.stored.push.rule) == ["TS-PHONE"])
            // Told at the new number.
            let sms = try await OutboxRepository(database: app.cases.repository.database).messages(to: ["13900139091"], limit: 20, offset: 0).messages
            #expect(sms.contains { $0.message.template == "push-recommendation" && $0.message.body.contains("您的联系电话已更新") })
        }
    }
}
