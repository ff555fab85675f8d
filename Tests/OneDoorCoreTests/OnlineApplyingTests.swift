import OneDoorCore
import OneDoorTestSupport
import Testing

/// The rules of online application and pre-review (issue 15 §3, ADR 0026), without a database.
@Suite struct OnlineApplyingTests {
    static let today = CivilDate("2026-09-28")!
    static let hall = Fixtures.halls[0]
    static let account = CitizenAccount(id: 7, phone: "13800138000", name: "张三", documentType: .residentID, documentNumber: "44011320141005001X",
                                        realName: .selfDeclared, createdAt: 0)
    static let clerk = CaseActor(accountID: 1, name: "窗口一号", staffNumber: "C001", role: .clerk, hall: "CC")

    static func item(_ depth: OnlineDepth) -> ServiceItem {
        var guide = Fixtures.foodLicence()
        guide.onlineDepth = depth
        if depth == .four { guide.trips = 0 }
        return ServiceItem(status: .published, version: 1, latestVersion: 1, publishedVersion: 1, guide: guide)
    }

    static func started(_ depth: OnlineDepth) throws -> OnlineApplication {
        var application = try OnlineApplying.start(item: item(depth), hall: hall, account: account, agentFor: nil, id: "WS20260928AAAAAAAAAA", now: 0,
                                                   today: today).0
        application.state = .submitted
        return application
    }

    static func file(_ id: Int64, material: Int) -> ApplicationFile {
        ApplicationFile(id: id, application: "WS20260928AAAAAAAAAA", materialIndex: material, name: "\(id).pdf",
                        blob: BlobReference(sha256: String(repeating: "a", count: 64), size: 10, kind: .pdf), uploadedAt: 0)
    }

    @Test func onlyItemsAtDepthTwoOrMoreAndRealNamesApply() throws {
        #expect(throws: CaseRuleError.self) {
            try OnlineApplying.start(item: Self.item(.one), hall: Self.hall, account: Self.account, agentFor: nil, id: "x", now: 0, today: Self.today)
        }
        var anonymous = Self.account
        anonymous.realName = .none
        #expect(throws: CaseRuleError.forbidden("请先完成实名登记（姓名和身份证件号码），再网上申报")) {
            try OnlineApplying.start(item: Self.item(.three), hall: Self.hall, account: anonymous, agentFor: nil, id: "x", now: 0, today: Self.today)
        }
        // 代办: the other person applies, the holder is the agent; applying "for" oneself is refused.
        let mother = Person(name: "李梅", documentType: .residentID, documentNumber: Fixtures.residentID(3))
        let (forMother, _) = try OnlineApplying.start(item: Self.item(.three), hall: Self.hall, account: Self.account, agentFor: mother, id: "x", now: 0,
                                                      today: Self.today)
        #expect(forMother.applicant.name == "李梅" && forMother.applicant.phone == "13800138000" && forMother.agent?.name == "张三")
        let me = Person(name: "张三", documentType: .residentID, documentNumber: "44011320141005001X")
        #expect(throws: ValidationFailed.self) {
            try OnlineApplying.start(item: Self.item(.three), hall: Self.hall, account: Self.account, agentFor: me, id: "x", now: 0, today: Self.today)
        }
    }

    @Test func depthFourIsNeverPickedUp() throws {
        var draft = try Self.started(.four)
        draft.state = .draft
        #expect(throws: ValidationFailed.self) { try OnlineApplying.choose(DeliveryChoice(method: .pickup), for: draft) }
        #expect(try OnlineApplying.choose(DeliveryChoice(method: .electronic, address: PostalAddress(recipient: "x", phone: "1", address: "y")), for: draft)
            == DeliveryChoice(method: .electronic))
        let three = try Self.started(.three)
        // Submitted: nothing can be chosen any more.
        #expect(throws: CaseRuleError.self) { try OnlineApplying.choose(DeliveryChoice(method: .pickup), for: three) }
    }

    @Test func aCorrectionListsEveryMissingRequiredMaterialAndRemembersTheRejectedFiles() throws {
        let application = try Self.started(.three)
        let materials = Self.item(.three).guide.materials
        let (next, event, intake) = try OnlineApplying.review(
            application, .correction(defects: [DefectNote(index: 0, problem: "未签名")], opinion: ""), materials: materials,
            files: [Self.file(1, material: 0)], actor: Self.clerk, now: 5
        )
        #expect(intake == nil && next.state == .correction)
        // 营业执照 had no file at all: on the notice without the reviewer naming it.
        #expect(next.defects.map(\.line) == ["食品经营许可申请书：未签名", "营业执照：未提交"])
        #expect(next.defects[0].rejectedFiles == [1] && event.opinion.contains("未签名"))
        // Resubmitting needs a new file for each: the old one does not count.
        let calendar = CalendarFixtures.calendar
        let failed = #expect(throws: ValidationFailed.self) {
            try OnlineApplying.submit(next, materials: materials, files: [Self.file(1, material: 0), Self.file(2, material: 1)], now: 6, today: Self.today,
                                      reviewDays: 1, calendar: calendar)
        }
        #expect(failed?.problems.map(\.path) == ["materials[0]", "delivery"])
    }

    @Test func onlyTheHallsClerksReview() throws {
        let application = try Self.started(.three)
        let materials = Self.item(.three).guide.materials
        var elsewhere = Self.clerk
        elsewhere.hall = "ZM"
        let approver = CaseActor(accountID: 2, name: "审批", staffNumber: "A001", role: .approver, department: "SCJG")
        for actor in [elsewhere, approver] {
            #expect(throws: CaseRuleError.self) {
                try OnlineApplying.review(application, .accept(opinion: ""), materials: materials, files: [], actor: actor, now: 0)
            }
        }
    }

    /// An item its department pre-reviews: that department's approvers review and accept it
    /// (online, no window); the hall's clerks and other departments may not.
    @Test func aDepartmentReviewsItsOwnItems() throws {
        var item = Self.item(.three)
        item.guide.preReviewByDepartment = true
        var application = try OnlineApplying.start(item: item, hall: Self.hall, account: Self.account, agentFor: nil, id: "WS20260928AAAAAAAAAA",
                                                   now: 0, today: Self.today).0
        #expect(application.departmentReview == true)
        application.state = .submitted
        let materials = item.guide.materials
        let approver = CaseActor(accountID: 2, name: "审批", staffNumber: "A001", role: .approver, department: "SCJG")
        var other = approver
        other.department = "RSJ"
        for actor in [Self.clerk, other] {
            #expect(throws: CaseRuleError.self) {
                try OnlineApplying.review(application, .accept(opinion: ""), materials: materials, files: [], actor: actor, now: 0)
            }
        }
        let files = (0..<materials.count).map { Self.file(Int64($0 + 1), material: $0) }
        let (_, _, intake) = try OnlineApplying.review(application, .accept(opinion: ""), materials: materials, files: files, actor: approver, now: 0)
        let request = try #require(intake)
        let calendar = CalendarFixtures.calendar
        let (record, _) = try Intake.open(request, item: item, hall: Self.hall, actor: approver, today: Self.today, now: 0, calendar: calendar,
                                          byDepartment: true)
        #expect(record.state == .accepted && record.window == nil)
        // Only as the department's own online acceptance: not for another department, not for an
        // item the hall reviews, never as a window intake.
        #expect(throws: CaseRuleError.self) {
            try Intake.open(request, item: item, hall: Self.hall, actor: other, today: Self.today, now: 0, calendar: calendar, byDepartment: true)
        }
        #expect(throws: CaseRuleError.self) {
            try Intake.open(request, item: Self.item(.three), hall: Self.hall, actor: approver, today: Self.today, now: 0, calendar: calendar, byDepartment: true)
        }
        #expect(throws: CaseRuleError.self) {
            try Intake.open(request, item: item, hall: Self.hall, actor: approver, today: Self.today, now: 0, calendar: calendar)
        }
    }

    @Test func depthTwoPassesPreReviewAndIsAcceptedWhenTheOriginalsAreSeen() throws {
        let application = try Self.started(.two)
        let materials = Self.item(.two).guide.materials
        let files = [Self.file(1, material: 0), Self.file(2, material: 1)]
        let (passed, event, intake) = try OnlineApplying.review(application, .accept(opinion: ""), materials: materials, files: files,
                                                                actor: Self.clerk, now: 0)
        #expect(intake == nil && passed.state == .awaitingOriginals && event.action == "pre-review-pass")
        #expect(passed.originals == ["食品经营许可申请书（原件 1 份）", "营业执照（原件 1 份）"])
        // Any hall's clerk (全区通办) accepts with the originals seen.
        var elsewhere = Self.clerk
        elsewhere.hall = "ZM"
        let (accepted, _, request) = try OnlineApplying.acceptWithOriginals(passed, materials: materials, files: files, actor: elsewhere, opinion: "",
                                                                           dueDates: [2: CivilDate("2026-10-16")!], now: 1)
        #expect(accepted.state == .accepted && request.materials.map(\.original) == [true, true, false])
        #expect(request.materials[2].dueDate == CivilDate("2026-10-16"))
    }

    @Test func tripsCountTheApplicantsVisits() throws {
        let item = Self.item(.three)
        let calendar = CalendarFixtures.calendar
        let request = IntakeRequest(itemCode: item.code, applicant: .person(Person(name: "张三", documentType: .residentID, documentNumber: "44011320141005001X")),
                                    materials: [MaterialReceipt(name: "食品经营许可申请书", received: true)], outcome: .requestCorrection)
        var (record, _) = try Intake.open(request, item: item, hall: Self.hall, actor: Self.clerk, today: Self.today, now: 0, calendar: calendar)
        #expect(record.trips == 1)
        record.number = "CC-20260928-00001"
        let receipts = ["食品经营许可申请书", "营业执照", "经营场所平面图"].map { MaterialReceipt(name: $0, received: true) }
        (record, _) = try CaseLifecycle.apply(.completeCorrection(materials: receipts, opinion: ""), to: record, by: Self.clerk, today: Self.today, now: 1,
                                              calendar: calendar)
        #expect(record.trips == 2)
    }
}
