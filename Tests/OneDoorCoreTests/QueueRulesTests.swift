import OneDoorCore
import OneDoorTestSupport
import Testing

/// The pure queue rules: ticket lifecycle, which ticket is called next, real-name requests,
/// opening hours and wait estimates.
@Suite struct QueueRulesTests {
    let policy = TicketPolicy()
    let queues = HallQueue.defaults(hall: "CC", categories: Fixtures.categories)
    let today = CivilDate("2026-11-23")!

    func ticket(_ state: TicketState, window: WindowNumber? = "1", calls: Int = 1) -> Ticket {
        Ticket(id: "t1", hall: "CC", queue: "social", day: today, number: "A001", documentType: .residentID,
               documentNumber: "44011320141005001X", state: state, issuedAt: 100, window: state == .waiting ? nil : window, calls: calls)
    }

    @Test func defaultQueuesFollowTheWindowCategories() {
        #expect(queues.map(\.prefix) == ["A", "B"])
        #expect(queues.map(\.code) == ["social", "business"])
        #expect(queues[0].ticketNumber(7) == "A007")
        #expect(queues[0].ticketNumber(1234) == "A1234")
        #expect(HallQueue.defaultQueues(of: Fixtures.windows[1], among: queues) == ["social"])
        #expect(HallQueue.defaultQueues(of: Fixtures.windows[0], among: queues) == ["social", "business"])
        // No I or O among the prefixes: they read as 1 and 0 on a call screen.
        let many = (0..<20).map { WindowCategory(code: "c\($0)", name: "类\($0)") }
        #expect(!HallQueue.defaults(hall: "CC", categories: many).contains { $0.prefix == "I" || $0.prefix == "O" })
    }

    @Test func queueProblemsAreAllReported() {
        var bad = HallQueue(hall: "CC", code: "crj 1", name: "", prefix: "b", firstNumber: 10, lastNumber: 5, targetWaitMinutes: 0)
        #expect(Set(bad.problems(others: queues).map(\.path)) == ["code", "name", "prefix", "lastNumber", "targetWaitMinutes"])
        bad = HallQueue(hall: "CC", code: "crj", name: "公安出入境", prefix: "A")
        #expect(bad.problems(others: queues).map(\.reason) == ["号码前缀“A”已被本中心其他队列使用"])
        #expect(HallQueue(hall: "CC", code: "crj", name: "公安出入境", prefix: "F").problems(others: queues).isEmpty)
    }

    // MARK: Lifecycle

    @Test func aTicketIsCalledStartedAndFinished() throws {
        let (called, kind) = try TicketLifecycle.call(ticket(.waiting), window: "3", at: 200)
        #expect(kind == .called && called.state == .called && called.window == "3" && called.calls == 1 && called.calledAt == 200)
        let (serving, started) = try TicketLifecycle.apply(.start, to: called, window: "3", policy: policy, at: 210)
        #expect(started == .started && serving.state == .serving)
        let (done, finished) = try TicketLifecycle.apply(.finish, to: serving, window: "3", policy: policy, at: 400)
        #expect(finished == .finished && done.state == .finished)
        // Double finish is refused with the reason.
        #expect(throws: TicketRuleError.notAllowed("A001 号当前为“已办结”，已结束，不能再办结")) {
            try TicketLifecycle.apply(.finish, to: done, window: "3", policy: policy, at: 401)
        }
        #expect(throws: TicketRuleError.self) { try TicketLifecycle.call(done, window: "3", at: 402) }
    }

    @Test func recallsStopAtTheMaximumAndTheTicketBecomesANoShow() throws {
        var t = try TicketLifecycle.call(ticket(.waiting), window: "1", at: 0).0
        for expected in 2...policy.maximumCalls {
            let (next, kind) = try TicketLifecycle.apply(.recall, to: t, window: "1", policy: policy, at: Int64(expected))
            #expect(kind == .recalled && next.calls == expected)
            t = next
        }
        let (gone, kind) = try TicketLifecycle.apply(.recall, to: t, window: "1", policy: policy, at: 10)
        #expect(kind == .noShow && gone.state == .noShow)
    }

    @Test func onlyTheCallingWindowActsOnATicket() {
        #expect(throws: TicketRuleError.notAllowed("A001 号正在 1 号窗口办理，本窗口不能开始办理")) {
            try TicketLifecycle.apply(.start, to: ticket(.called), window: "2", policy: policy, at: 0)
        }
        #expect(throws: TicketRuleError.notAllowed("A001 号还在等候中，尚未被叫号")) {
            try TicketLifecycle.apply(.start, to: ticket(.waiting), window: "1", policy: policy, at: 0)
        }
    }

    /// Every action from every state: allowed exactly where the state machine says.
    @Test func everyActionFromEveryState() {
        let allowed: [TicketAction: Set<TicketState>] = [
            .recall: [.called], .start: [.called], .finish: [.serving], .transfer: [.called, .serving],
            .park: [.called, .serving], .resume: [.parked], .noShow: [.called],
        ]
        let target = HallQueue(hall: "CC", code: "business", name: "经营许可类", prefix: "B")
        for action in TicketAction.allCases {
            for state in TicketState.allCases {
                let result = try? TicketLifecycle.apply(action, to: ticket(state), window: "1", target: target, policy: policy, at: 500)
                #expect((result != nil) == allowed[action]!.contains(state), "\(action) from \(state)")
            }
        }
    }

    @Test func transferKeepsTheIssueTimeAndParkedTicketsResume() throws {
        let target = HallQueue(hall: "CC", code: "business", name: "经营许可类", prefix: "B")
        let (moved, kind) = try TicketLifecycle.apply(.transfer, to: ticket(.serving), window: "1", target: target, policy: policy, at: 900)
        #expect(kind == .transferred && moved.state == .waiting && moved.queue == "business" && moved.issuedAt == 100)
        #expect(moved.window == nil && moved.calls == 0)
        #expect(throws: TicketRuleError.self) {
            try TicketLifecycle.apply(.transfer, to: ticket(.serving), window: "1", target: queues[0], policy: policy, at: 900)
        }
        let parked = try TicketLifecycle.apply(.park, to: ticket(.serving), window: "1", policy: policy, at: 910).0
        #expect(parked.state == .parked)
        let (back, resumed) = try TicketLifecycle.apply(.resume, to: parked, window: "1", policy: policy, at: 950)
        #expect(resumed == .resumed && back.state == .called && back.calledAt == 950)
    }

    // MARK: Calling

    func head(_ id: String, priority: Bool, at: Int64, queue: QueueCode = "social", appointment: Bool = false) -> CallCandidate {
        CallCandidate(ticket: id, queue: queue, lane: appointment ? .appointment : priority ? .priority : .ordinary, issuedAt: at, order: at)
    }

    @Test func longestWaitingAcrossTheWindowsQueuesGoesFirst() {
        let heads = [head("a", priority: false, at: 50, queue: "social"), head("b", priority: false, at: 40, queue: "business")]
        #expect(CallingRule.pick(heads, ordinarySincePriority: 0, policy: policy)?.ticket == "b")
        #expect(CallingRule.pick([], ordinarySincePriority: 0, policy: policy) == nil)
        // Same second: issue order decides.
        let tie = [CallCandidate(ticket: "x", queue: "social", lane: .ordinary, issuedAt: 40, order: 9),
                   CallCandidate(ticket: "y", queue: "business", lane: .ordinary, issuedAt: 40, order: 3)]
        #expect(CallingRule.pick(tie, ordinarySincePriority: 0, policy: policy)?.ticket == "y")
    }

    /// With 2 ordinary per priority and both lanes full, a window calls P, O, O, P, O, O, …
    @Test func priorityTicketsInterleaveWithOrdinaryOnes() {
        var priority = (0..<10).map { head("p\($0)", priority: true, at: Int64(100 + $0)) }
        var ordinary = (0..<10).map { head("o\($0)", priority: false, at: Int64($0)) }
        var count = policy.ordinaryPerPriority // a window that has not called a priority ticket yet
        var calls: [String] = []
        for _ in 0..<9 {
            let pick = CallingRule.pick([priority[0], ordinary[0]], ordinarySincePriority: count, policy: policy)!
            calls.append(pick.lane == .priority ? "P" : "O")
            count = CallingRule.ordinaryCount(after: pick, was: count)
            if pick.lane == .priority { priority.removeFirst() } else { ordinary.removeFirst() }
        }
        #expect(calls.joined() == "POOPOOPOO")
        // Priority first, always, with 0.
        let strict = TicketPolicy(ordinaryPerPriority: 0)
        #expect(CallingRule.pick([head("p", priority: true, at: 99), head("o", priority: false, at: 1)], ordinarySincePriority: 0, policy: strict)?.ticket == "p")
        // A priority ticket is never held back when nobody else waits.
        #expect(CallingRule.pick([head("p", priority: true, at: 99)], ordinarySincePriority: 0, policy: policy)?.ticket == "p")
    }

    /// 先预约、后办理: an appointment checked in on time goes before every priority and
    /// ordinary ticket, however long they have waited, and does not move the interleave count.
    @Test func dueAppointmentsAreCalledFirst() {
        let heads = [head("o", priority: false, at: 1), head("p", priority: true, at: 2), head("a2", priority: false, at: 90, appointment: true),
                     head("a1", priority: false, at: 80, queue: "business", appointment: true)]
        let pick = CallingRule.pick(heads, ordinarySincePriority: policy.ordinaryPerPriority, policy: policy)
        #expect(pick?.ticket == "a1")
        #expect(CallingRule.ordinaryCount(after: pick!, was: 1) == 1)
        // Without appointments waiting, the interleave rule decides as before.
        #expect(CallingRule.pick(Array(heads.prefix(2)), ordinarySincePriority: policy.ordinaryPerPriority, policy: policy)?.ticket == "p")
    }

    // MARK: Requests

    @Test func realNameRequestsAreChecked() throws {
        let bad = TicketRequest(queue: "nope", documentType: .residentID, documentNumber: "440113201410050010")
        let error = #expect(throws: ValidationFailed.self) { try bad.checked(queues: queues, policy: policy, today: today) }
        #expect(Set(error?.problems.map(\.path) ?? []) == ["queue", "documentNumber"])

        let young = try TicketRequest(queue: "social", documentType: .residentID, documentNumber: "44011320141005001x")
            .checked(queues: queues, policy: policy, today: today)
        #expect(young.documentNumber == "44011320141005001X" && young.priority == nil)
        // Born 1950: 76 on the day, so the machine gives the elderly lane.
        let elderID = "110105195003070019"
        #expect(ResidentID.check(elderID, today: today).isValid)
        let elder = try TicketRequest(queue: "social", documentType: .residentID, documentNumber: elderID).checked(queues: queues, policy: policy, today: today)
        #expect(elder.priority == .elderly)
        // Claiming the elderly lane under 70 is refused; other lanes are claimed and verified at the window.
        let claim = TicketRequest(queue: "social", documentType: .residentID, documentNumber: "44011320141005001X", priority: .elderly)
        let refused = #expect(throws: ValidationFailed.self) { try claim.checked(queues: queues, policy: policy, today: today) }
        #expect(refused?.problems.map(\.path) == ["priority"])
        let pregnant = try TicketRequest(queue: "social", documentType: .passport, documentNumber: " e1234567 ", priority: .pregnant)
            .checked(queues: queues, policy: policy, today: today)
        #expect(pregnant.documentNumber == "E1234567" && pregnant.priority == .pregnant)
    }

    // MARK: Hours and waits

    @Test func hallsCloseOnHolidaysAndOpenOn调休WorkingDays() throws {
        let calendar = CalendarFixtures.calendar
        let hall = Fixtures.halls[0] // 09:00–17:00 on weekdays
        #expect(try HallHours.isOpen(hall, on: CivilDate("2026-11-23")!, minute: 9 * 60, calendar: calendar))
        #expect(try !HallHours.isOpen(hall, on: CivilDate("2026-11-23")!, minute: 17 * 60, calendar: calendar))
        #expect(try !HallHours.isOpen(hall, on: CivilDate("2026-11-23")!, minute: 8 * 60 + 59, calendar: calendar))
        // National Day (a Thursday) and an ordinary Saturday: closed.
        #expect(try HallHours.periods(hall, on: CivilDate("2026-10-01")!, calendar: calendar).isEmpty)
        #expect(try HallHours.periods(hall, on: CivilDate("2026-11-21")!, calendar: calendar).isEmpty)
        // Saturday 10 October 2026 is a 调休 working day: working-day hours.
        #expect(try HallHours.isOpen(hall, on: CivilDate("2026-10-10")!, minute: 10 * 60, calendar: calendar))
        // A hall open on Saturdays still closes on a holiday Saturday.
        var weekend = hall
        weekend.openingHours.append(OpeningPeriod(weekday: 6, opens: "09:00", closes: "12:00"))
        #expect(try HallHours.isOpen(weekend, on: CivilDate("2026-11-21")!, minute: 10 * 60, calendar: calendar))
        #expect(try !HallHours.isOpen(weekend, on: CivilDate("2026-10-03")!, minute: 10 * 60, calendar: calendar))
        #expect(throws: CalendarNotLoaded.self) { try HallHours.isOpen(hall, on: CivilDate("2027-03-01")!, minute: 600, calendar: calendar) }
    }

    @Test func waitsAreEstimatedFromThePeopleAheadAndTheWindows() {
        #expect(WaitEstimate.seconds(ahead: 0, serviceSeconds: 480, windows: 2) == 0)
        // 5 ahead × 8 min over 2 windows = 20 min.
        #expect(WaitEstimate.seconds(ahead: 5, serviceSeconds: 480, windows: 2) == 1200)
        // Rounded up to whole minutes; no windows counts as one.
        #expect(WaitEstimate.seconds(ahead: 1, serviceSeconds: 61, windows: 0) == 120)
    }
}
