import OneDoorCore
import OneDoorTestSupport
import Testing

/// 投诉、举报、咨询、建议 (issue 18 §2), pure: what a filing needs, anonymity for reports only,
/// a named case assigning it at once, assignment by supervisors, replies by the owner with a
/// finding for complaints and reports, the complainant's rating, escalation when overdue.
@Suite struct ComplaintRulesTests {
    let calendar = CalendarFixtures.calendar
    let today = CivilDate(year: 2026, month: 9, day: 28)!
    let supervisor = CaseActor(accountID: 4, name: "监察", staffNumber: "N-4", role: .supervisor)
    let approver = CaseActor(accountID: 2, name: "审批", staffNumber: "N-2", role: .approver, department: "SCJG")
    let clerk = CaseActor(accountID: 3, name: "窗口", staffNumber: "N-3", role: .clerk, hall: "CC")

    func file(_ input: ComplaintInput, channel: ComplaintChannel = .online, recordedBy: CaseActor? = nil, concerned: CaseRecord? = nil,
              knownHall: Bool = true) throws -> Complaint {
        try ComplaintRules.file(input, channel: channel, citizen: nil, recordedBy: recordedBy, concerned: concerned, knownHall: knownHall, today: today,
                                calendar: calendar, now: 1_000)
    }

    @Test func aFilingNamesEveryProblem() throws {
        let failed = #expect(throws: ValidationFailed.self) {
            try file(ComplaintInput(kind: .complaint, content: " ", anonymous: true, phone: "123", caseNumber: "CC-20260928-09999", hall: "XX"),
                     channel: .phone, knownHall: false)
        }
        #expect(Set(failed?.problems.map(\.path) ?? []) == ["content", "anonymous", "caseNumber", "hall", "channel"])
        // Not anonymous: a name and a way back.
        let nameless = #expect(throws: ValidationFailed.self) { try file(ComplaintInput(kind: .consultation, content: "问")) }
        #expect(Set(nameless?.problems.map(\.path) ?? []) == ["name", "phone"])
        let badContact = #expect(throws: ValidationFailed.self) {
            try file(ComplaintInput(kind: .suggestion, content: "建议", name: "王", phone: "1380013800", email: "not-mail"))
        }
        #expect(Set(badContact?.problems.map(\.path) ?? []) == ["phone", "email"])
    }

    @Test func anAnonymousReportKeepsNothingOfTheReporter() throws {
        let report = try file(ComplaintInput(kind: .report, content: "窗口人员收取好处费", anonymous: true, name: "不该留", phone: "13800138000",
                                             hall: "CC", window: "3"))
        #expect(report.anonymous && report.name == nil && report.phone == nil && !report.hasContact)
        #expect(report.state == .received && report.dueOn == nil && report.hall == "CC" && report.window == "3")
        #expect(ComplaintMessages.received(report).isEmpty)
    }

    @Test func aNamedCaseGivesItToTheCasesDepartmentAtOnce() throws {
        let record = VaultDepositsTests.record([])
        let complaint = try file(ComplaintInput(kind: .complaint, content: "超期未办", name: "李四", phone: "13800138000", caseNumber: record.number.rawValue),
                                 concerned: record)
        #expect(complaint.state == .assigned && complaint.department == record.department && complaint.caseNumber == record.number)
        // Ten working days from Monday 28 September 2026 across the National Day holiday.
        #expect(complaint.dueOn == (try calendar.addingWorkingDays(10, to: today)))
        #expect(complaint.isOverdue(today: complaint.dueOn!) == false && complaint.isOverdue(today: complaint.dueOn!.adding(days: 1)))
    }

    @Test func assignedRepliedAndRated() throws {
        let filed = try file(ComplaintInput(kind: .complaint, content: "窗口态度差", name: "王五", phone: "13800138000"), channel: .desk, recordedBy: clerk)
        #expect(filed.hall == "CC" && filed.steps.first?.actor == "窗口（N-3）")
        #expect(throws: CaseRuleError.self) {
            try ComplaintRules.assign(filed, category: .attitude, department: "SCJG", hall: nil, known: true, today: today, calendar: calendar, now: 2, by: approver)
        }
        let unnamed = #expect(throws: ValidationFailed.self) {
            try ComplaintRules.assign(filed, category: nil, department: nil, hall: nil, known: false, today: today, calendar: calendar, now: 2, by: supervisor)
        }
        #expect(Set(unnamed?.problems.map(\.path) ?? []) == ["category", "department"])
        let assigned = try ComplaintRules.assign(filed, category: .attitude, department: "SCJG", hall: nil, known: true, today: today, calendar: calendar,
                                                 now: 2, by: supervisor)
        #expect(assigned.state == .assigned && assigned.revision == 2 && assigned.dueOn != nil)
        // Only the department's approver replies; a complaint needs a finding.
        #expect(throws: CaseRuleError.self) { try ComplaintRules.reply(assigned, text: "已核实", finding: .upheld, now: 3, by: clerk) }
        let noFinding = #expect(throws: ValidationFailed.self) { try ComplaintRules.reply(assigned, text: " ", finding: nil, now: 3, by: approver) }
        #expect(Set(noFinding?.problems.map(\.path) ?? []) == ["reply", "finding"])
        let replied = try ComplaintRules.reply(assigned, text: "已核实，对当事人批评教育", finding: .upheld, now: 3, by: approver)
        #expect(replied.state == .replied && replied.finding == .upheld && ComplaintMessages.replied(replied).count == 1)
        #expect(throws: CaseRuleError.self) { try ComplaintRules.reply(replied, text: "再答", finding: .upheld, now: 4, by: approver) }
        // Not satisfied needs a reason; the rating ends it.
        #expect(throws: ValidationFailed.self) { try ComplaintRules.rate(replied, satisfied: false, comment: "", now: 5) }
        let closed = try ComplaintRules.rate(replied, satisfied: false, comment: "处理太轻", now: 5)
        #expect(closed.state == .closed && closed.satisfied == false && !closed.isOverdue(today: today.adding(days: 100)))
        #expect(throws: CaseRuleError.self) { try ComplaintRules.rate(closed, satisfied: true, comment: "", now: 6) }
        // A question is answered without a finding.
        let question = try ComplaintRules.assign(
            try file(ComplaintInput(kind: .consultation, content: "营业执照怎么办", name: "赵六", email: "z@example.cn")), category: .policy, department: nil,
            hall: "CC", known: true, today: today, calendar: calendar, now: 2, by: supervisor)
        #expect(question.department == nil && question.hall == "CC" && question.isOwned(by: clerk))
        #expect(try ComplaintRules.reply(question, text: "请携带身份证到综合窗口", finding: .upheld, now: 3, by: clerk).finding == nil)
        #expect(ComplaintRules.number(id: 42, receivedOn: today) == "TS20260928000042")
    }
}
