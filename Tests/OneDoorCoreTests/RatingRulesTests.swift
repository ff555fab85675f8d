import OneDoorCore
import OneDoorTestSupport
import Testing

/// 好差评 and 整改 (issue 18 §1), pure: what a rating needs, changing it within 7 days, the
/// rectification a 差评 opens with its working-day deadlines, and who may do which step.
@Suite struct RatingRulesTests {
    let calendar = CalendarFixtures.calendar
    let context = RatingContext(caseNumber: "CC-20260928-00001", itemCode: nil, itemName: "食品经营许可", department: "SCJG", hall: "CC", window: "3",
                                staffNumber: "N-clerk")
    let approver = CaseActor(accountID: 2, name: "审批", staffNumber: "N-2", role: .approver, department: "SCJG")
    let other = CaseActor(accountID: 3, name: "他人", staffNumber: "N-3", role: .approver, department: "GAHZ")
    let supervisor = CaseActor(accountID: 4, name: "监察", staffNumber: "N-4", role: .supervisor)

    func rate(_ input: RatingInput, existing: Rating? = nil, now: Int64 = 1_000) throws -> Rating {
        try RatingRules.rate(input, service: .case("CC-20260928-00001"), context: context, rater: "resident-id:X", existing: existing, now: now)
    }

    @Test func aBadRatingNamesEveryProblem() throws {
        let failed = #expect(throws: ValidationFailed.self) {
            try rate(RatingInput(level: 7, reasons: ["rude", "slow", "slow"], comment: String(repeating: "长", count: 501), channel: .mine))
        }
        #expect(Set(failed?.problems.map(\.path) ?? []) == ["level", "reasons[0]", "reasons[2]", "comment"])
        // A 差评 says why: a reason chosen or written.
        let silent = #expect(throws: ValidationFailed.self) { try rate(RatingInput(level: 2, channel: .mine)) }
        #expect(silent?.problems.map(\.path) == ["reasons"])
        #expect(try rate(RatingInput(level: 1, comment: "等了两小时", channel: .mine)).reasonText == "等了两小时")
        #expect(try rate(RatingInput(level: 5, channel: .window)).level == .verySatisfied)
    }

    @Test func aRatingMayBeChangedWithinSevenDaysOnly() throws {
        var first = try rate(RatingInput(level: 2, reasons: ["slow"], channel: .mine), now: 1_000)
        first.id = 9
        let changed = try rate(RatingInput(level: 4, channel: .mine), existing: first, now: 1_000 + 7 * 86_400)
        #expect(changed.id == 9 && changed.ratedAt == 1_000 && changed.changedAt == 1_000 + 7 * 86_400 && changed.level == .satisfied)
        #expect(throws: CaseRuleError.notAllowed("评价已超过 7 天，不能再修改")) {
            try rate(RatingInput(level: 4, channel: .mine), existing: first, now: 1_001 + 7 * 86_400)
        }
    }

    @Test func aNegativeRatingOpensARectificationWithWorkingDayDeadlines() throws {
        let good = try rate(RatingInput(level: 3, channel: .mine))
        #expect(try RectificationRules.open(good, today: CivilDate("2026-09-28")!, now: 1, calendar: calendar) == nil)
        let bad = try rate(RatingInput(level: 1, reasons: ["attitude"], channel: .mine))
        // Opened on the Monday before the National Day holiday: 核实 by the next working day, the
        // result 15 working days on, after the holiday.
        let opened = try #require(try RectificationRules.open(bad, today: CivilDate("2026-09-28")!, now: 1, calendar: calendar))
        #expect(opened.state == .verifying && opened.department == "SCJG" && opened.verifyBy == CivilDate("2026-09-29"))
        #expect(opened.rectifyBy == (try calendar.addingWorkingDays(15, to: CivilDate("2026-09-28")!)))
        #expect(opened.steps.first?.text == "非常不满意：服务态度差")
        #expect(!opened.overdue(on: CivilDate("2026-09-29")!) && opened.overdue(on: CivilDate("2026-09-30")!))
    }

    /// 核实 or 整改 after its day is taken — the 差评 still needs it — and its step says so.
    @Test func aStepAfterItsDayIsTakenAndMarkedLate() throws {
        let bad = try rate(RatingInput(level: 1, reasons: ["attitude"], channel: .mine))
        let opened = try #require(try RectificationRules.open(bad, today: CivilDate("2026-09-28")!, now: 1, calendar: calendar))
        let onTime = try RectificationRules.apply(.verify(note: "已联系"), to: opened, by: approver, now: 2, today: CivilDate("2026-09-29")!)
        #expect(onTime.steps.last?.step == "核实")
        let late = try RectificationRules.apply(.verify(note: "已联系"), to: opened, by: approver, now: 2, today: CivilDate("2026-09-30")!)
        #expect(late.state == .rectifying && late.steps.last?.step == "核实（逾期，应于\(CivilDate("2026-09-29")!.chinese)前）")
        let rectifiedLate = try RectificationRules.apply(.rectify(result: "已整改"), to: late, by: approver, now: 3,
                                                         today: try calendar.addingWorkingDays(1, to: late.rectifyBy))
        #expect(rectifiedLate.state == .feedback && rectifiedLate.steps.last?.step.hasPrefix("整改并反馈评价人（逾期") == true)
        // The rater's answer has no day to be late for.
        let answered = try RectificationRules.apply(.answer(satisfied: true, comment: ""), to: rectifiedLate, by: nil, now: 4, today: CivilDate("2027-01-04")!)
        #expect(answered.steps.last?.step == "评价人对整改满意")
    }

    @Test func theOwnerVerifiesAndRectifiesTheRaterAnswersASupervisorDecidesAppeals() throws {
        let bad = try rate(RatingInput(level: 2, reasons: ["trips"], channel: .mine))
        var r = try #require(try RectificationRules.open(bad, today: CivilDate("2026-09-28")!, now: 1, calendar: calendar))
        #expect(throws: CaseRuleError.self) { try RectificationRules.apply(.verify(note: "已联系"), to: r, by: other, now: 2) }
        #expect(throws: CaseRuleError.self) { try RectificationRules.apply(.rectify(result: "x"), to: r, by: approver, now: 2) }
        #expect(throws: ValidationFailed.self) { try RectificationRules.apply(.verify(note: " "), to: r, by: approver, now: 2) }
        r = try RectificationRules.apply(.verify(note: "已电话联系评价人，情况属实"), to: r, by: approver, now: 2)
        #expect(r.state == .rectifying && r.revision == 2)
        // An appeal waits for a supervisor; the owner cannot decide it, nor appeal twice.
        r = try RectificationRules.apply(.appeal(reason: "评价人未到窗口办理"), to: r, by: approver, now: 3)
        #expect(throws: CaseRuleError.self) { try RectificationRules.apply(.appeal(reason: "再申诉"), to: r, by: approver, now: 4) }
        #expect(throws: CaseRuleError.self) { try RectificationRules.apply(.decideAppeal(remove: true, reason: "x"), to: r, by: approver, now: 4) }
        r = try RectificationRules.apply(.decideAppeal(remove: false, reason: "办件记录显示确有跑动"), to: r, by: supervisor, now: 5)
        #expect(r.state == .rectifying && !r.appealPending)
        // Appealed again after a decision: one appeal at a time still.
        var again = try RectificationRules.apply(.appeal(reason: "有新证据"), to: r, by: approver, now: 5)
        #expect(again.appealPending)
        #expect(throws: CaseRuleError.self) { try RectificationRules.apply(.appeal(reason: "再申诉"), to: again, by: approver, now: 5) }
        again = try RectificationRules.apply(.decideAppeal(remove: false, reason: "证据不足"), to: again, by: supervisor, now: 5)
        #expect(again.state == .rectifying)
        #expect(throws: CaseRuleError.self) { try RectificationRules.apply(.decideAppeal(remove: true, reason: "x"), to: r, by: supervisor, now: 6) }
        #expect(throws: CaseRuleError.self) { try RectificationRules.apply(.answer(satisfied: true, comment: ""), to: r, by: nil, now: 6) }
        r = try RectificationRules.apply(.rectify(result: "已将该事项纳入网上办理，材料一次告知清单已更新"), to: r, by: approver, now: 7)
        #expect(r.state == .feedback)
        #expect(throws: CaseRuleError.self) { try RectificationRules.apply(.answer(satisfied: true, comment: ""), to: r, by: approver, now: 8) }
        r = try RectificationRules.apply(.answer(satisfied: true, comment: "谢谢"), to: r, by: nil, now: 8)
        #expect(r.state == .closed && r.raterSatisfied == true && r.steps.map(\.action) == ["open", "verify", "appeal", "decide-appeal", "rectify", "answer"])
    }

    @Test func anUpheldAppealRemovesTheNegativeRating() throws {
        let bad = try rate(RatingInput(level: 1, comment: "恶意", channel: .mine))
        var r = try #require(try RectificationRules.open(bad, today: CivilDate("2026-09-28")!, now: 1, calendar: calendar))
        r = try RectificationRules.apply(.appeal(reason: "与本中心办理无关"), to: r, by: approver, now: 2)
        r = try RectificationRules.apply(.decideAppeal(remove: true, reason: "核实为误评"), to: r, by: supervisor, now: 3)
        #expect(r.state == .removed && !r.overdue(on: CivilDate("2027-01-01")!))
    }
}
