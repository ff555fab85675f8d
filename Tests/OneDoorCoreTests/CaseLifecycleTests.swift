import OneDoorCore
import OneDoorTestSupport
import Testing

/// Intake rules and the case state machine, exhaustively, without a database.
@Suite struct IntakeTests {
    let calendar = CalendarFixtures.calendar
    let today = CivilDate("2026-09-28")!
    let food = ServiceItem(status: .published, version: 1, latestVersion: 1, publishedVersion: 1, guide: Fixtures.foodLicence())
    let town = Fixtures.halls[1]
    let clerk = CaseActor(accountID: 1, name: "窗口一号", staffNumber: "C001", role: .clerk, hall: "ZM")
    let person = Applicant.person(Person(name: "张三", documentType: .residentID, documentNumber: "44011320141005001x", phone: "13800138000"))

    func request(_ outcome: IntakeOutcome, receipts: [MaterialReceipt]? = nil) -> IntakeRequest {
        IntakeRequest(itemCode: food.code, applicant: person, window: "1", materials: receipts ?? [
            MaterialReceipt(name: "食品经营许可申请书", received: true, pages: 2),
            MaterialReceipt(name: "营业执照", received: true, original: false, pages: 1),
            MaterialReceipt(name: "经营场所平面图", received: false, dueDate: CivilDate("2026-10-15")),
        ], outcome: outcome)
    }

    @Test func acceptanceStartsTheClockAtATownHallForADistrictDepartment() throws {
        let (record, events) = try Intake.open(request(.accept), item: food, hall: town, actor: clerk, today: today, now: 1, calendar: calendar)
        #expect(record.state == .accepted)
        #expect(record.department == "SCJG" && record.hall == "ZM")
        #expect(record.acceptedOn == today)
        #expect(record.promisedDeadline == CivilDate("2026-10-10"))  // 5 working days, over National Day
        #expect(record.legalDeadline == CivilDate("2026-10-30"))  // 20 working days
        #expect(record.materials.map(\.receivedPhrase) == ["原件 纸质 2 页", "复印件 纸质 1 页", "容缺，2026年10月15日前补交"])
        #expect(events.map(\.step) == ["受理"])
        if case .person(let p) = record.applicant { #expect(p.documentNumber == "44011320141005001X") }
    }

    @Test func acceptanceNamesEveryMissingOrBadThing() {
        let bad = IntakeRequest(
            itemCode: food.code,
            applicant: .person(Person(name: " ", documentType: .residentID, documentNumber: "36042619910102009X")),
            materials: [
                MaterialReceipt(name: "营业执照", received: true, defect: "已过期"),
                MaterialReceipt(name: "经营场所平面图", received: false),
                MaterialReceipt(name: "户口本", received: true),
            ],
            outcome: .accept
        )
        let error = #expect(throws: ValidationFailed.self) { try Intake.open(bad, item: food, hall: town, actor: clerk, today: today, now: 1, calendar: calendar) }
        #expect(error?.problems.map(\.path) == [
            "applicant.person.name", "applicant.person.documentNumber", "materials[2].name",
            "materials", "materials[0].defect", "materials[1].dueDate",
        ])
    }

    @Test func correctionListsEverythingAtOnceAndDoesNotStartTheClock() throws {
        let receipts = [MaterialReceipt(name: "营业执照", received: true, defect: "复印件不清晰")]
        let (record, events) = try Intake.open(request(.requestCorrection, receipts: receipts), item: food, hall: town, actor: clerk, today: today, now: 1, calendar: calendar)
        #expect(record.state == .correction && record.acceptedOn == nil && record.legalDeadline == nil)
        #expect(events.first?.opinion == "食品经营许可申请书：未提交；营业执照：复印件不清晰")
        // Nothing to correct: refused.
        #expect(throws: ValidationFailed.self) { try Intake.open(request(.requestCorrection), item: food, hall: town, actor: clerk, today: today, now: 1, calendar: calendar) }
    }

    @Test func refusalNeedsAReasonAndImmediateItemsConcludeOnTheSpot() throws {
        #expect(throws: ValidationFailed.self) {
            try Intake.open(request(.refuse(reason: "", referral: "")), item: food, hall: town, actor: clerk, today: today, now: 1, calendar: calendar)
        }
        let (refused, _) = try Intake.open(request(.refuse(reason: "不属于本机关职权", referral: "佛山市市场监督管理局")), item: food, hall: town, actor: clerk, today: today, now: 1, calendar: calendar)
        #expect(refused.state == .notAccepted && refused.referral == "佛山市市场监督管理局")

        #expect(throws: ValidationFailed.self) { try Intake.open(request(.acceptAndConclude), item: food, hall: town, actor: clerk, today: today, now: 1, calendar: calendar) }
        let elder = ServiceItem(status: .published, version: 1, latestVersion: 1, publishedVersion: 1, guide: Fixtures.elderCard())
        let card = IntakeRequest(itemCode: elder.code, applicant: person, materials: [MaterialReceipt(name: "居民身份证", received: true)], outcome: .acceptAndConclude)
        let (done, events) = try Intake.open(card, item: elder, hall: town, actor: clerk, today: today, now: 1, calendar: calendar)
        #expect(done.state == .concluded && done.promisedDeadline == today)
        #expect(events.map(\.step) == ["受理", "当场办结"])
    }

    @Test func whoAndWhereMayAccept() {
        var suspended = food
        suspended.status = .suspended
        #expect(throws: CaseRuleError.notAllowed("事项“食品经营许可”已暂停受理")) {
            try Intake.open(request(.accept), item: suspended, hall: town, actor: clerk, today: today, now: 1, calendar: calendar)
        }
        var districtOnly = food
        districtOnly.guide.hallLevels = [.district]
        #expect(throws: CaseRuleError.self) { try Intake.open(request(.accept), item: districtOnly, hall: town, actor: clerk, today: today, now: 1, calendar: calendar) }
        var otherHall = clerk
        otherHall.hall = "CC"
        #expect(throws: CaseRuleError.self) { try Intake.open(request(.accept), item: food, hall: town, actor: otherHall, today: today, now: 1, calendar: calendar) }
        let approver = CaseActor(accountID: 2, name: "审批", staffNumber: "A1", role: .approver, department: "SCJG")
        #expect(throws: CaseRuleError.self) { try Intake.open(request(.accept), item: food, hall: town, actor: approver, today: today, now: 1, calendar: calendar) }
        // A deadline into an unloaded year is an error, not a guess.
        #expect(throws: CalendarNotLoaded.self) {
            let all = request(.accept, receipts: ["食品经营许可申请书", "营业执照", "经营场所平面图"].map { MaterialReceipt(name: $0, received: true) })
            return try Intake.open(all, item: food, hall: town, actor: clerk, today: CivilDate("2026-12-20")!, now: 1, calendar: calendar)
        }
    }
}

@Suite struct CaseLifecycleTests {
    let calendar = CalendarFixtures.calendar
    let clerk = CaseActor(accountID: 1, name: "窗口一号", staffNumber: "C001", role: .clerk, hall: "CC")
    let approver = CaseActor(accountID: 2, name: "李审批", staffNumber: "A001", role: .approver, department: "SCJG")
    let reviewer = CaseActor(accountID: 5, name: "王审核", staffNumber: "A005", role: .approver, department: "SCJG")
    let decider = CaseActor(accountID: 6, name: "赵科长", staffNumber: "A006", role: .approver, department: "SCJG")

    func accepted(on day: String = "2026-09-28") throws -> CaseRecord {
        let item = ServiceItem(status: .published, version: 1, latestVersion: 1, publishedVersion: 1, guide: Fixtures.foodLicence())
        let request = IntakeRequest(itemCode: item.code, applicant: .enterprise(Enterprise(name: "佛山市禅城区好味餐饮店", uscc: "92440604MA4W0000X1", legalRepresentative: "王五", checksumOverrideReason: "营业执照所载")),
                                    materials: [MaterialReceipt(name: "食品经营许可申请书", received: true), MaterialReceipt(name: "营业执照", received: true),
                                                MaterialReceipt(name: "经营场所平面图", received: true)], outcome: .accept)
        return try Intake.open(request, item: item, hall: Fixtures.halls[0], actor: clerk, today: CivilDate(day)!, now: 1, calendar: calendar).0
    }

    func run(_ record: CaseRecord, _ action: CaseAction, by actor: CaseActor? = nil, on day: String = "2026-09-29") throws -> CaseRecord {
        try CaseLifecycle.apply(action, to: record, by: actor ?? approver, today: CivilDate(day)!, now: 2, calendar: calendar).0
    }

    @Test func stepsKeepTheDocumentsTheyRestOn() throws {
        let record = try accepted()
        let (_, event) = try CaseLifecycle.apply(.undertake(opinion: "现场核查合格"), attachments: [" 现场核查笔录 ", "禅市监核〔2026〕12号"],
                                                 to: record, by: approver, today: CivilDate("2026-09-29")!, now: 2, calendar: calendar)
        #expect(event.attachments == ["现场核查笔录", "禅市监核〔2026〕12号"])
        #expect(CaseAttachments.parse("检验报告、现场核查笔录\n延期审批表；") == ["检验报告", "现场核查笔录", "延期审批表"])
        let tooMany = Array(repeating: "笔录", count: 21) + ["", String(repeating: "长", count: 201)]
        let error = #expect(throws: ValidationFailed.self) {
            try CaseLifecycle.apply(.undertake(opinion: "x"), attachments: tooMany, to: record, by: self.approver, today: CivilDate("2026-09-29")!, now: 2, calendar: self.calendar)
        }
        #expect(error?.problems.map(\.path) == ["attachments", "attachments[21]", "attachments[22]"])
    }

    @Test func theWholeWayThroughRecordsEveryStep() throws {
        var record = try accepted()
        record = try run(record, .undertake(opinion: "材料齐全，符合条件"))
        record = try run(record, .review(opinion: "同意"), by: reviewer)
        let (decided, event) = try CaseLifecycle.apply(.decide(granted: true, opinion: "准予许可"), to: record, by: decider, today: CivilDate("2026-09-30")!, now: 3, calendar: calendar)
        #expect(event.step == "决定（准予）" && event.fromState == .reviewed && event.toState == .decided && event.staffNumber == "A006")
        record = try run(decided, .conclude(opinion: "证号 JY14406040000001"))
        #expect(throws: ValidationFailed.self) { try run(record, .deliver(method: .post, trackingNumber: nil), by: clerk) }
        record = try run(record, .deliver(method: .post, trackingNumber: "EMS1234567890"), by: clerk)
        #expect(record.state == .delivered && record.delivery?.trackingNumber == "EMS1234567890")
        #expect(throws: CaseRuleError.notAllowed("办件当前为“已送达”，已结束，不能再办理")) { try run(record, .withdraw(reason: "x"), by: clerk) }
    }

    /// Every action in every state: allowed exactly where the table says.
    @Test func everyActionInEveryState() throws {
        let actions: [(CaseAction, CaseActor, Set<CaseState>)] = [
            (.completeCorrection(materials: [], opinion: ""), clerk, [.correction]),
            (.undertake(opinion: "意见"), approver, [.accepted]),
            (.review(opinion: "意见"), approver, [.undertaken]),
            (.decide(granted: true, opinion: "准予"), approver, [.reviewed]),
            (.conclude(opinion: ""), approver, [.decided]),
            (.deliver(method: .pickup, trackingNumber: nil), clerk, [.concluded]),
            (.sendBack(reason: "补充核查"), approver, [.undertaken, .reviewed, .decided]),
            // A theme's waiting child is withdrawn with its theme (issue 17 §2); nothing else moves it.
            (.withdraw(reason: "申请人撤回"), clerk, [.correction, .waiting, .accepted, .undertaken, .reviewed]),
            (.startSpecialProcedure(kind: .onSiteCheck, reason: "现场核查", expectedDays: 5), approver, [.accepted, .undertaken, .reviewed]),
            (.extend(days: 10, approvedBy: "局长", reason: "情况复杂"), approver, [.accepted, .undertaken, .reviewed]),
        ]
        let base = try accepted()
        for (action, actor, allowed) in actions {
            for state in CaseState.allCases {
                var record = base
                record.state = state
                if state == .correction { record.materials = record.materials.map { var m = $0; m.received = true; return m } }
                do {
                    let next = try run(record, action, by: actor)
                    #expect(allowed.contains(state), "\(action.name) should be refused in \(state)")
                    #expect(next.state != state || action.name.hasSuffix("procedure") || action.name == "extend")
                } catch is CaseRuleError {
                    #expect(!allowed.contains(state), "\(action.name) should be allowed in \(state)")
                }
            }
        }
    }

    @Test func onlyTheRightPeopleAct() throws {
        let record = try accepted()
        let otherDepartment = CaseActor(accountID: 3, name: "卫健审批", staffNumber: "A002", role: .approver, department: "WSJK")
        #expect(throws: CaseRuleError.forbidden("该办件由其他部门（SCJG）审批")) { try run(record, .undertake(opinion: "x"), by: otherDepartment) }
        #expect(throws: CaseRuleError.self) { try run(record, .undertake(opinion: "x"), by: clerk) }
        #expect(throws: CaseRuleError.self) { try run(record, .withdraw(reason: "x"), by: approver) }
        let supervisor = CaseActor(accountID: 4, name: "监察", staffNumber: "S1", role: .supervisor)
        #expect(throws: CaseRuleError.self) { try run(record, .review(opinion: "x"), by: supervisor) }
    }

    @Test func specialProceduresStopTheClockAndExtensionsMoveTheLegalDeadline() throws {
        var record = try accepted()  // 28 Sep: promised 10 Oct, legal 30 Oct
        record = try run(record, .startSpecialProcedure(kind: .testing, reason: "送检", expectedDays: 10), on: "2026-09-29")
        #expect(throws: CaseRuleError.self) { try run(record, .undertake(opinion: "x"), on: "2026-09-30") }
        #expect(throws: CaseRuleError.self) { try run(record, .startSpecialProcedure(kind: .hearing, reason: "x", expectedDays: 1), on: "2026-09-30") }
        // Ends 12 October: the working days 30 Sep, 8, 9, 10 and 12 Oct are off the clock (5).
        record = try run(record, .endSpecialProcedure(opinion: "检测合格"), on: "2026-10-12")
        #expect(record.pausedDays == 5)
        #expect(record.promisedDeadline == CivilDate("2026-10-16"))
        #expect(record.legalDeadline == CivilDate("2026-11-06"))
        #expect(throws: CaseRuleError.notAllowed("办件没有进行中的特别程序")) { try run(record, .endSpecialProcedure(opinion: "")) }

        #expect(throws: ValidationFailed.self) { try run(record, .extend(days: 11, approvedBy: "", reason: "")) }
        record = try run(record, .extend(days: 10, approvedBy: "张局长", reason: "需征求意见"))
        #expect(record.legalDeadline == CivilDate("2026-11-20"))
        #expect(record.promisedDeadline == CivilDate("2026-10-16"))
        #expect(throws: CaseRuleError.notAllowed("办件已延期一次，不能再延期")) { try run(record, .extend(days: 1, approvedBy: "张局长", reason: "x")) }
    }

    @Test func sendingBackUndoesOneStep() throws {
        var record = try run(try run(try accepted(), .undertake(opinion: "拟准予")), .review(opinion: "同意"), by: reviewer)
        record = try run(record, .decide(granted: false, opinion: "场所不符合卫生要求"), by: decider)
        #expect(record.decision?.granted == false)
        record = try run(record, .sendBack(reason: "请复核场所条件"), by: decider)
        #expect(record.state == .reviewed && record.decision == nil)
        #expect(throws: ValidationFailed.self) { try run(record, .decide(granted: false, opinion: ""), by: decider) }
        // Sent back to 承办, the step is open to whoever takes it — and its new 承办 cannot review.
        record = try run(try run(record, .sendBack(reason: "退回审核"), by: decider), .sendBack(reason: "退回承办"), by: decider)
        #expect(record.state == .accepted && record.undertakenBy == nil && record.reviewedBy == nil)
        record = try run(record, .undertake(opinion: "重新承办"), by: reviewer)
        #expect(throws: CaseRuleError.self) { try run(record, .review(opinion: "同意"), by: reviewer) }
        record = try run(record, .review(opinion: "同意"), by: approver)
        #expect(record.reviewedBy == 2)
    }

    /// 职责分离: one person takes one of 承办, 审核, 决定 of a case (unless the item lets its chief
    /// representative decide alone); the refusal says why.
    @Test func undertakingReviewingAndDecidingAreDifferentPeople() throws {
        let undertaken = try run(try accepted(), .undertake(opinion: "拟准予"))
        #expect(throws: CaseRuleError.notAllowed("承办、审核、决定须由不同人员办理：您已承办本件，请由本部门其他人员审核")) {
            try run(undertaken, .review(opinion: "同意"))
        }
        let reviewed = try run(undertaken, .review(opinion: "同意"), by: reviewer)
        #expect(throws: CaseRuleError.notAllowed("承办、审核、决定须由不同人员办理：您已承办本件，请由本部门其他人员作出决定")) {
            try run(reviewed, .decide(granted: true, opinion: "准予"))
        }
        #expect(throws: CaseRuleError.notAllowed("承办、审核、决定须由不同人员办理：您已审核本件，请由本部门其他人员作出决定")) {
            try run(reviewed, .decide(granted: true, opinion: "准予"), by: reviewer)
        }
        #expect(try run(reviewed, .decide(granted: true, opinion: "准予"), by: decider).state == .decided)
    }

    /// 容缺受理: a case with a material still owed is not concluded until the clerk records it;
    /// the history says which material changed from what to what.
    @Test func aCaseWithAnOwedMaterialIsConcludedOnlyOnceItIsHandedIn() throws {
        let item = ServiceItem(status: .published, version: 1, latestVersion: 1, publishedVersion: 1, guide: Fixtures.foodLicence())
        let request = IntakeRequest(itemCode: item.code, applicant: .person(Person(name: "张三", documentType: .residentID, documentNumber: "44011320141005001X")),
                                    materials: [MaterialReceipt(name: "食品经营许可申请书", received: true, pages: 2), MaterialReceipt(name: "营业执照", received: true),
                                                MaterialReceipt(name: "经营场所平面图", received: false, dueDate: CivilDate("2026-10-15"))], outcome: .accept)
        var record = try Intake.open(request, item: item, hall: Fixtures.halls[0], actor: clerk, today: CivilDate("2026-09-28")!, now: 1, calendar: calendar).0
        #expect(record.materials[0].receivedOn == CivilDate("2026-09-28") && record.materials[2].receivedOn == nil)
        record = try run(try run(try run(record, .undertake(opinion: "拟准予")), .review(opinion: "同意"), by: reviewer), .decide(granted: true, opinion: "准予"), by: decider)
        #expect(throws: CaseRuleError.notAllowed("容缺材料“经营场所平面图”尚未补交（应于 2026年10月15日 前补交），补交后才能办结")) {
            try run(record, .conclude(opinion: ""), by: decider)
        }
        // Only the clerk records it, only an owed material, and only as received.
        #expect(throws: CaseRuleError.self) { try run(record, .receiveMaterials(materials: [MaterialReceipt(name: "经营场所平面图", received: true)], opinion: ""), by: decider) }
        let wrong = #expect(throws: ValidationFailed.self) {
            try run(record, .receiveMaterials(materials: [MaterialReceipt(name: "营业执照", received: true), MaterialReceipt(name: "经营场所平面图", received: false)], opinion: ""), by: clerk)
        }
        #expect(wrong?.problems.map(\.path) == ["materials[0].name", "materials[1].received"])
        let (handedIn, event) = try CaseLifecycle.apply(.receiveMaterials(materials: [MaterialReceipt(name: "经营场所平面图", received: true, pages: 1)], opinion: "已补交"),
                                                        to: record, by: clerk, today: CivilDate("2026-10-09")!, now: 5, calendar: calendar)
        #expect(handedIn.outstandingMaterials.isEmpty && handedIn.materials[2].receivedOn == CivilDate("2026-10-09"))
        #expect(event.step == "补交容缺材料" && event.materialChanges == ["经营场所平面图：容缺，2026年10月15日前补交 → 原件 纸质 1 页"])
        #expect(try run(handedIn, .conclude(opinion: "制证"), by: decider).state == .concluded)
    }

    @Test func lights() throws {
        let record = try accepted()  // promised 10 Oct (5 working days), legal 30 Oct
        func light(_ day: String) -> CaseLight { CaseClock.light(record, today: CivilDate(day)!, calendar: calendar) }
        #expect(light("2026-09-28") == .green)  // 5 left
        #expect(light("2026-10-08") == .green)  // 9, 10 Oct left: 2 ≥ 1 and 2 ≥ 20 % of 5
        // The share is configurable: with 50 %, two days left of five is already yellow.
        #expect(CaseClock.light(record, today: CivilDate("2026-10-08")!, calendar: calendar, yellowShare: 0.5) == .yellow)
        #expect(light("2026-10-09") == .yellow)  // 1 left
        #expect(light("2026-10-10") == .yellow)  // deadline day: 0 left
        #expect(light("2026-10-12") == .red)
        #expect(light("2026-10-31") == .overdue)
        var decided = record
        decided.state = .decided
        #expect(CaseClock.light(decided, today: CivilDate("2026-10-31")!, calendar: calendar) == .none)
    }
}

@Suite struct ChiefRepresentativeTests {
    let calendar = CalendarFixtures.calendar
    let clerk = CaseActor(accountID: 1, name: "窗口", staffNumber: "C1", role: .clerk, hall: "CC")
    let chief = CaseActor(accountID: 2, name: "首席", staffNumber: "A1", role: .approver, department: "SCJG", isChiefRepresentative: true)
    let approver = CaseActor(accountID: 3, name: "审批", staffNumber: "A2", role: .approver, department: "SCJG")

    func accepted(chiefDecides: Bool) throws -> CaseRecord {
        var guide = Fixtures.foodLicence()
        guide.chiefRepresentativeDecides = chiefDecides ? true : nil
        let item = ServiceItem(status: .published, version: 1, latestVersion: 1, publishedVersion: 1, guide: guide)
        let request = IntakeRequest(itemCode: item.code, applicant: .person(Person(name: "张三", documentType: .passport, documentNumber: "E1234567")),
                                    materials: guide.materials.map { MaterialReceipt(name: $0.name, received: true) }, outcome: .accept)
        return try Intake.open(request, item: item, hall: Fixtures.halls[0], actor: clerk, today: CivilDate("2026-09-28")!, now: 1, calendar: calendar).0
    }

    @Test func theChiefDecidesAloneOnlyWhereTheItemSaysSo() throws {
        let today = CivilDate("2026-09-29")!
        let (decided, event) = try CaseLifecycle.apply(.decide(granted: true, opinion: "准予"), to: try accepted(chiefDecides: true), by: chief,
                                                       today: today, now: 2, calendar: calendar)
        #expect(decided.state == .decided && event.step == "决定（准予）（首席代表）")
        // Not the chief, or not an item so configured: the usual three steps.
        #expect(throws: CaseRuleError.self) {
            try CaseLifecycle.apply(.decide(granted: true, opinion: "准予"), to: try accepted(chiefDecides: true), by: approver, today: today, now: 2, calendar: calendar)
        }
        #expect(throws: CaseRuleError.self) {
            try CaseLifecycle.apply(.decide(granted: true, opinion: "准予"), to: try accepted(chiefDecides: false), by: chief, today: today, now: 2, calendar: calendar)
        }
    }
}
