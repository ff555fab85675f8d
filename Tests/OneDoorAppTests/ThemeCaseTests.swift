import Foundation
import OneDoorApp
import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Testing

/// 一件事 cases on the demo district (issue 17 §2), on SQLite and PostgreSQL: one acceptance at a
/// window makes a theme case and its children; the business licence's conclusion starts the
/// children waiting for it in the same transaction, its licence handed to them; a child waiting
/// for two prerequisites concluded at once by two departments starts exactly once.
@Suite struct ThemeCaseTests {
    static let uscc = "91440604MA4UJ1234" + String(USCC.checkCharacter(for: "91440604MA4UJ1234")!)
    static let company = Enterprise(name: "佛山市禅城区好味餐饮有限公司", uscc: uscc, legalRepresentative: "陈大文", phone: "13800138000")

    static func run(_ kind: TestDatabaseKind, _ body: @escaping @Sendable (OneDoorApplication) async throws -> Void) async throws {
        try await TestApp.run(kind, catalog: try DemoData.catalog(), clerkHall: "CCZX") { _, app in try await body(app) }
    }

    static func identity(_ app: OneDoorApplication, _ username: String) async throws -> Identity {
        let stored = try #require(try await app.auth.accounts.find(username: username))
        return Identity(account: stored.account, sessionTokenHash: "", csrfToken: "")
    }

    /// An approver of `department`, for the departments the test app has none of.
    static func approver(_ app: OneDoorApplication, _ username: String, _ department: DepartmentCode) async throws -> Identity {
        _ = try await app.auth.createAccount(StaffAccount(username: username, displayName: username, staffNumber: "N-\(username)", role: .approver,
                                                          department: department), password: "password-x", by: .system)
        return try await identity(app, username)
    }

    /// Every line of the theme's merged list, received.
    static func request(_ app: OneDoorApplication, _ code: String, answers: [String: String], applicant: Applicant = .enterprise(company)) throws -> ThemeIntakeRequest {
        let snapshot = app.catalog.snapshot
        let theme = try #require(snapshot.themesByCode[code]?.theme)
        let lines = ThemeMaterials.merged(theme.selected(answers), guides: snapshot.guides(of: theme)).filter(\.asked)
        return ThemeIntakeRequest(themeCode: code, applicant: applicant, answers: answers,
                                  materials: lines.map { MaterialReceipt(name: $0.name, received: true, pages: 1) })
    }

    /// Takes a case through 承办 → 审核 → 决定 → 办结 (准予), by three people or one chief.
    static func conclude(_ app: OneDoorApplication, _ number: CaseNumber, by people: [Identity], licence: LicenceDraft? = nil) async throws {
        let steps: [CaseAction] = [.undertake(opinion: "拟准予"), .review(opinion: "同意"), .decide(granted: true, opinion: "准予"), .conclude(opinion: "办结")]
        for (i, step) in steps.enumerated() {
            _ = try await app.cases.act(number, step, expectedRevision: nil, licence: i == 3 ? licence : nil, by: people[min(i, people.count - 1)], client: "t")
        }
    }

    static let businessLicence = LicenceDraft(fields: [
        "name": company.name, "type": "有限责任公司", "legalRepresentative": "陈大文", "capital": "50 万元", "established": "2026-09-28",
        "address": "佛山市禅城区祖庙路 8 号", "scope": "餐饮服务",
    ])

    @Test(arguments: TestDatabaseKind.available)
    func aRestaurantIsAcceptedOnceAndItsLicenceStartsTheRest(_ kind: TestDatabaseKind) async throws {
        try await Self.run(kind) { app in
            let clerk = try await Self.identity(app, "clerk")
            let view = try await app.cases.themeIntake(try Self.request(app, "YJS001", answers: ["sign": "no", "area": "80"]), by: clerk, client: "t")
            let names = view.children.map(\.record.itemName)
            #expect(names == ["企业设立登记", "食品经营许可", "环境影响登记表备案", "城镇污水排入排水管网许可"])
            #expect(view.children.map(\.record.state) == [.accepted, .waiting, .accepted, .waiting])
            // One query code, one visit, each child linked to the theme case.
            #expect(Set(view.children.map(\.record.queryCode)) == [view.theme.queryCode])
            #expect(view.children.map { $0.record.trips ?? -1 } == [1, 0, 0, 0])
            #expect(view.children.allSatisfy { $0.record.theme?.number == view.theme.number })
            #expect(view.theme.promisedDays == 6 && view.progress.stage == .running && view.progress.concluded == 0)
            // A waiting child's clock has not started; its 营业执照 will come from the first child.
            let food = view.children[1].record
            #expect(food.promisedDeadline == nil && food.acceptedOn == nil)
            #expect(food.materials.first { $0.name == "营业执照" }?.reused == "待“企业设立登记”办结后自动转交")
            // Nothing the waiting child can be acted on but withdrawal.
            let approver = try await Self.identity(app, "approver")
            await #expect(throws: CaseRuleError.self) {
                _ = try await app.cases.act(food.number, .undertake(opinion: "x"), expectedRevision: nil, by: approver, client: "t")
            }

            // The business licence concludes: the food licence and the sewage permit start with it.
            let setUp = view.children[0].record.number
            try await Self.conclude(app, setUp, by: [approver, try await Self.identity(app, "reviewer"), try await Self.identity(app, "decider")],
                                    licence: Self.businessLicence)
            let after = try await app.cases.themeCase(view.theme.number, by: approver, client: "t")
            #expect(after.children.map(\.record.state) == [.concluded, .accepted, .accepted, .accepted])
            let started = after.children[1].record
            #expect(started.acceptedOn == CivilDate("2026-09-28") && started.promisedDeadline != nil)
            let handed = try #require(started.materials.first { $0.name == "营业执照" })
            #expect(handed.receivedOn == CivilDate("2026-09-28") && handed.reused?.hasPrefix("由“企业设立登记”（\(setUp)）办结转交，电子证照 ") == true)
            let history = try await app.cases.repository.events(started.number)
            #expect(history.map(\.action) == ["accept-waiting", "start"])
            #expect(history.last?.materialChanges?.first?.hasPrefix("营业执照：由“企业设立登记”") == true)
            #expect(after.progress.concluded == 1 && after.progress.stage == .running)

            // Who sees the theme case: an approver of a department in it, not the administrator.
            // (An item suspended after the theme was accepted stops new cases, not this one's children.)
            let admin = try await Self.identity(app, "admin")
            await #expect(throws: CaseRuleError.self) { _ = try await app.cases.themeCase(view.theme.number, by: admin, client: "t") }
        }
    }

    /// 企业注销: the deregistration waits for tax clearance and the social-insurance deregistration,
    /// two departments that may conclude at the same moment. Whichever commits last starts it.
    @Test(arguments: TestDatabaseKind.available)
    func twoPrerequisitesConcludedAtOnceStartTheirChildExactlyOnce(_ kind: TestDatabaseKind) async throws {
        try await Self.run(kind) { app in
            let clerk = try await Self.identity(app, "clerk")
            var tax: [Identity] = [], social: [Identity] = []
            for i in 1...3 {
                tax.append(try await Self.approver(app, "shuiwu\(i)", "SWJ"))
                social.append(try await Self.approver(app, "shebao\(i)", "SBJ"))
            }
            for _ in 0..<4 {
                let view = try await app.cases.themeIntake(try Self.request(app, "YJS005", answers: [:]), by: clerk, client: "t")
                #expect(view.children.map(\.record.state) == [.accepted, .accepted, .waiting])
                let (clearance, insurance) = (view.children[0].record.number, view.children[1].record.number)
                // Both up to 决定 first (承办, 审核, 决定 by three people); then both conclude at once.
                for (number, people) in [(clearance, tax), (insurance, social)] {
                    for (step, who): (CaseAction, Identity) in [(.undertake(opinion: "拟准予"), people[0]), (.review(opinion: "同意"), people[1]),
                                                                (.decide(granted: true, opinion: "准予"), people[2])] {
                        _ = try await app.cases.act(number, step, expectedRevision: nil, by: who, client: "t")
                    }
                }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (number, who) in [(clearance, tax[2]), (insurance, social[2])] {
                        group.addTask { _ = try await app.cases.act(number, .conclude(opinion: "办结"), expectedRevision: nil, by: who, client: "t") }
                    }
                    try await group.waitForAll()
                }
                let after = try #require(try await app.cases.themeCases.find(view.theme.number))
                #expect(after.children.map(\.state) == [.concluded, .concluded, .accepted])
                let history = try await app.cases.repository.events(after.children[2].number)
                #expect(history.map(\.action) == ["accept-waiting", "start"])
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aBadThemeIntakeNamesEveryProblemAndStoresNothing(_ kind: TestDatabaseKind) async throws {
        try await Self.run(kind) { app in
            let clerk = try await Self.identity(app, "clerk")
            var request = try Self.request(app, "YJS001", answers: ["sign": "maybe", "area": "80"])
            request.materials[0].received = false
            request.materials.append(MaterialReceipt(name: "户口簿", received: true))
            request.applicant = .enterprise(Enterprise(name: "", uscc: "91440604MA4UJ12340", legalRepresentative: ""))
            let failed = await #expect(throws: ValidationFailed.self) { try await app.cases.themeIntake(request, by: clerk, client: "t") }
            let paths = Set(failed?.problems.map(\.path) ?? [])
            #expect(paths.isSuperset(of: ["answers.sign", "applicant.enterprise.name", "materials[\(request.materials.count - 1)].name"]), "\(paths)")
            // A person's matter is not applied for by a company.
            let birth = await #expect(throws: ValidationFailed.self) {
                try await app.cases.themeIntake(try Self.request(app, "YJS006", answers: ["insured": "no"]), by: clerk, client: "t")
            }
            #expect(birth?.problems.map(\.path) == ["applicant"])
            #expect(paths.contains("materials[0]"), "\(paths)")
            #expect(try await app.cases.repository.hallCases("CCZX", limit: 10).total == 0)

            // A child item suspended: the theme is refused whole, naming it.
            try await app.catalog.suspend(code: try #require(app.catalog.snapshot.items.first { $0.guide.name == "环境影响登记表备案" }?.code), by: .system)
            await #expect(throws: CaseRuleError.notAllowed("“我要开餐馆”所含事项“环境影响登记表备案”已暂停受理，暂不能按一件事受理")) {
                try await app.cases.themeIntake(try Self.request(app, "YJS001", answers: [:]), by: clerk, client: "t")
            }
        }
    }

    /// An item suspended after a theme case began: the child accepted under it waits and starts as
    /// the others do (a case keeps the version it was accepted under); a new theme is refused.
    @Test(arguments: TestDatabaseKind.available)
    func aChildItemSuspendedAfterTheThemeBeganStillStarts(_ kind: TestDatabaseKind) async throws {
        try await Self.run(kind) { app in
            let clerk = try await Self.identity(app, "clerk")
            let market = [try await Self.identity(app, "approver"), try await Self.identity(app, "reviewer"), try await Self.identity(app, "decider")]
            let view = try await app.cases.themeIntake(try Self.request(app, "YJS001", answers: ["sign": "no", "area": "80"]), by: clerk, client: "t")
            let food = try #require(app.catalog.snapshot.items.first { $0.guide.name == "食品经营许可" }?.code)
            try await app.catalog.suspend(code: food, by: .system)
            try await Self.conclude(app, view.children[0].record.number, by: market, licence: Self.businessLicence)
            let after = try await app.cases.themeCase(view.theme.number, by: clerk, client: "t")
            #expect(after.children[1].record.itemName == "食品经营许可" && after.children[1].record.state == .accepted)
            await #expect(throws: CaseRuleError.self) {
                try await app.cases.themeIntake(try Self.request(app, "YJS001", answers: ["sign": "no", "area": "80"]), by: clerk, client: "t")
            }
        }
    }

    /// 统一出件: refused while a child is open; once all concluded, one pick-up delivers every
    /// result and counts one visit.
    @Test(arguments: TestDatabaseKind.available)
    func everythingIsCollectedOnceWhenTheLastChildConcludes(_ kind: TestDatabaseKind) async throws {
        try await Self.run(kind) { app in
            let clerk = try await Self.identity(app, "clerk")
            var tax: [Identity] = [], social: [Identity] = []
            for i in 1...3 {
                tax.append(try await Self.approver(app, "shuiwu\(i)", "SWJ"))
                social.append(try await Self.approver(app, "shebao\(i)", "SBJ"))
            }
            let market = [try await Self.identity(app, "approver"), try await Self.identity(app, "reviewer"), try await Self.identity(app, "decider")]
            let view = try await app.cases.themeIntake(try Self.request(app, "YJS005", answers: [:]), by: clerk, client: "t")
            let numbers = view.children.map(\.record.number)
            try await Self.conclude(app, numbers[0], by: tax)
            await #expect(throws: CaseRuleError.notAllowed("还有 2 个事项未办结，全部办结后统一出件")) {
                _ = try await app.cases.themeAct(view.theme.number, .deliverAll(method: .pickup, trackingNumber: nil), expectedRevision: nil, by: clerk, client: "t")
            }
            try await Self.conclude(app, numbers[1], by: social)
            try await Self.conclude(app, numbers[2], by: market)
            let ready = try await app.cases.themeCase(view.theme.number, by: clerk, client: "t")
            #expect(ready.progress.stage == .ready)
            // Told once at acceptance (every item, the theme's date) and once when all can be
            // collected — never "ready" item by item.
            let told = try await OutboxRepository(database: app.cases.repository.database).messages(to: [Self.company.phone], limit: 50, offset: 0)
                .messages.map(\.message).filter { $0.channel == .sms }
            #expect(told.filter { $0.template == "theme-accepted" }.count == 1 && told.filter { $0.template == "theme-ready" }.count == 1)
            #expect(told.first { $0.template == "theme-accepted" }?.body.contains("共3个事项（注销税务登记（清税证明）、单位社会保险注销登记、企业注销登记）") == true)
            #expect(!told.contains { $0.template == "case-ready" || $0.template == "case-accepted" })
            // Only a clerk hands results over.
            await #expect(throws: CaseRuleError.self) {
                _ = try await app.cases.themeAct(view.theme.number, .deliverAll(method: .pickup, trackingNumber: nil), expectedRevision: nil, by: market[0], client: "t")
            }
            let done = try await app.cases.themeAct(view.theme.number, .deliverAll(method: .pickup, trackingNumber: nil), expectedRevision: ready.theme.revision,
                                                    by: clerk, client: "t")
            #expect(done.theme.state == .delivered && done.progress.stage == .closed)
            #expect(done.children.map(\.record.state) == [.delivered, .delivered, .delivered])
            // One visit to apply, one to collect: two in all, however many items.
            #expect(done.children.map { $0.record.trips ?? 0 }.reduce(0, +) == 2)
            // A stale page is refused.
            await #expect(throws: CaseStoreError.self) {
                _ = try await app.cases.themeAct(view.theme.number, .withdraw(reason: "x"), expectedRevision: ready.theme.revision, by: clerk, client: "t")
            }
        }
    }

    /// A refused business licence blocks what waits for it; the lead department decides: carry on
    /// (what waited for it is withdrawn, the rest goes on) or stop (everything open withdrawn).
    @Test(arguments: TestDatabaseKind.available)
    func aRefusedPrerequisiteIsDecidedByTheLeadDepartment(_ kind: TestDatabaseKind) async throws {
        try await Self.run(kind) { app in
            let clerk = try await Self.identity(app, "clerk")
            let market = [try await Self.identity(app, "approver"), try await Self.identity(app, "reviewer"), try await Self.identity(app, "decider")]
            for stop in [false, true] {
                let view = try await app.cases.themeIntake(try Self.request(app, "YJS001", answers: ["sign": "no", "area": "80"]), by: clerk, client: "t")
                let setUp = view.children[0].record.number
                for (i, step) in [CaseAction.undertake(opinion: "拟不予"), .review(opinion: "同意"), .decide(granted: false, opinion: "名称与已登记企业相同"),
                                  .conclude(opinion: "办结")].enumerated() {
                    _ = try await app.cases.act(setUp, step, expectedRevision: nil, by: market[min(i, 2)], client: "t")
                }
                let blocked = try await app.cases.themeCase(view.theme.number, by: clerk, client: "t")
                #expect(blocked.progress.stage == .blocked && blocked.progress.blocking == [setUp])
                #expect(blocked.children.map(\.record.state) == [.concluded, .waiting, .accepted, .waiting])
                // Not the clerk's decision, nor another department's.
                await #expect(throws: CaseRuleError.self) {
                    _ = try await app.cases.themeAct(view.theme.number, .carryOn(reason: "x"), expectedRevision: nil, by: clerk, client: "t")
                }
                let action: ThemeAction = stop ? .stop(reason: "营业执照未获准予，一件事终止") : .carryOn(reason: "环评备案继续办理")
                let decided = try await app.cases.themeAct(view.theme.number, action, expectedRevision: nil, by: market[2], client: "t")
                if stop {
                    #expect(decided.theme.state == .stopped && decided.children.map(\.record.state) == [.concluded, .withdrawn, .withdrawn, .withdrawn])
                } else {
                    #expect(decided.theme.state == .running && decided.children.map(\.record.state) == [.concluded, .withdrawn, .accepted, .withdrawn])
                    #expect(decided.progress.stage == .running)
                }
                let history = try await app.cases.repository.events(view.children[1].record.number)
                #expect(history.last?.step == (stop ? "撤回（一件事终止）" : "撤回（前置事项未获准予）"))
                // The applicant is told what was decided, and why.
                let told = try await OutboxRepository(database: app.cases.repository.database).messages(to: [Self.company.phone], limit: 50, offset: 0)
                    .messages.map(\.message).filter { $0.template == (stop ? "theme-stopped" : "theme-carry-on") && $0.body.contains(view.theme.number.rawValue) }
                #expect(told.count == 1)
                #expect(told.first?.body.contains(stop ? "营业执照未获准予，一件事终止" : "环评备案继续办理") == true)
                #expect(told.first?.body.contains("“企业设立登记”未获准予") == true)
                if !stop { #expect(told.first?.body.contains("“食品经营许可、城镇污水排入排水管网许可”已撤回") == true) }
            }
            // The applicant withdraws a theme: every open child with it.
            let view = try await app.cases.themeIntake(try Self.request(app, "YJS001", answers: [:]), by: clerk, client: "t")
            let withdrawn = try await app.cases.themeAct(view.theme.number, .withdraw(reason: "申请人撤回"), expectedRevision: nil, by: clerk, client: "t")
            #expect(withdrawn.theme.state == .withdrawn && withdrawn.children.allSatisfy { $0.record.state == .withdrawn })
        }
    }

    /// 统一收费: the registration fees of a second-hand home's transfer and mortgage recorded at the
    /// window against each charged child, totalled for the theme; a free item, a bad amount, a
    /// receipt recorded twice and anyone but a clerk refused.
    @Test(arguments: TestDatabaseKind.available)
    func feesAreRecordedPerChildAndTotalledForTheTheme(_ kind: TestDatabaseKind) async throws {
        try await Self.run(kind) { app in
            let clerk = try await Self.identity(app, "clerk")
            let buyer = Person(name: "黄小明", documentType: .residentID, documentNumber: Fixtures.residentID(40), phone: "13800138040")
            let view = try await app.cases.themeIntake(try Self.request(app, "YJS013", answers: ["loan": "yes"], applicant: .person(buyer)), by: clerk, client: "t")
            #expect(view.children.map(\.record.itemName) == ["存量房交易资金监管", "不动产转移登记（二手房买卖）", "抵押权首次登记"])
            let (escrow, transfer, mortgage) = (view.children[0].record.number, view.children[1].record.number, view.children[2].record.number)
            _ = try await app.cases.recordFee(theme: view.theme.number, FeeInput(caseNumber: transfer, amount: "80", payer: "黄小明", channel: .window,
                                                                                  receipt: "FS2026-000123"), by: clerk, client: "t")
            _ = try await app.cases.recordFee(theme: view.theme.number, FeeInput(caseNumber: mortgage, amount: "80.00", payer: "黄小明", channel: .online,
                                                                                  receipt: "FS2026-000124"), by: clerk, client: "t")
            let fees = try await app.cases.fees(theme: view.theme.number, by: clerk)
            #expect(fees.map(\.amountFen) == [8000, 8000] && fees.reduce(0) { $0 + $1.amountFen } == 16_000 && fees[1].channel == .online)
            await #expect(throws: CaseRuleError.notAllowed("票据号“FS2026-000123”已为该办件登记过")) {
                _ = try await app.cases.recordFee(theme: view.theme.number, FeeInput(caseNumber: transfer, amount: "80", payer: "黄小明", channel: .window,
                                                                                      receipt: "FS2026-000123"), by: clerk, client: "t")
            }
            let bad = await #expect(throws: ValidationFailed.self) {
                _ = try await app.cases.recordFee(theme: view.theme.number, FeeInput(caseNumber: escrow, amount: "80.123", payer: "", channel: .window,
                                                                                      receipt: ""), by: clerk, client: "t")
            }
            #expect(Set(bad?.problems.map(\.path) ?? []) == ["caseNumber", "amount", "payer", "receipt"])
            await #expect(throws: CaseRuleError.self) {
                _ = try await app.cases.recordFee(theme: view.theme.number, FeeInput(caseNumber: transfer, amount: "1", payer: "x", channel: .window,
                                                                                      receipt: "R"), by: try await Self.identity(app, "approver"), client: "t")
            }
            #expect(CaseFees.fen("0.5") == 50 && CaseFees.fen("-1") == nil && CaseFees.fen("1e3") == nil && CaseFees.yuan(8005) == "80.05 元")
            // The standard fixes 80 or 550 yuan: any other amount is named with them.
            let odd = await #expect(throws: ValidationFailed.self) {
                _ = try await app.cases.recordFee(theme: view.theme.number, FeeInput(caseNumber: transfer, amount: "81", payer: "黄小明", channel: .window,
                                                                                      receipt: "FS2026-000125"), by: clerk, client: "t")
            }
            #expect(odd?.problems.map(\.reason) == ["收费标准为住宅类 80.00 元、非住宅类 550.00 元，请核对金额"])

            // Reported by month and department to supervisors, not to clerks.
            let supervisor = try await Self.identity(app, "supervisor")
            let day = CivilDate("2026-09-28")!
            let figures = try await app.cases.feeFigures(from: CivilDate("2026-01-01")!, to: day, by: supervisor)
            let department = try #require(app.catalog.snapshot.itemsByCode[view.children[1].record.itemCode]?.guide.department)
            #expect(figures == [FeeFigure(month: "2026-09", department: department, channel: .online, fees: 1, totalFen: 8000),
                                FeeFigure(month: "2026-09", department: department, channel: .window, fees: 1, totalFen: 8000)])
            #expect(try await app.cases.feeFigures(from: CivilDate("2026-10-01")!, to: CivilDate("2026-10-31")!, by: supervisor).isEmpty)
            await #expect(throws: ValidationFailed.self) { _ = try await app.cases.feeFigures(from: day, to: CivilDate("2025-01-01")!, by: supervisor) }
            await #expect(throws: AuthError.self) { _ = try await app.cases.feeFigures(from: day, to: day, by: clerk) }
        }
    }
}
