import OneDoorCore
import OneDoorTestSupport
import Testing

/// 取号 → 受理: a case opened from the ticket its applicant was called with keeps the ticket, its
/// queue and the wait; the ticket must be this hall's, called to this window, and held by the
/// applicant or the agent.
@Suite struct CaseVisitTests {
    let calendar = CalendarFixtures.calendar
    let food = ServiceItem(status: .published, version: 1, latestVersion: 1, publishedVersion: 1, guide: Fixtures.foodLicence())
    let clerk = CaseActor(accountID: 1, name: "窗口一号", staffNumber: "C001", role: .clerk, hall: "CC")
    let queue = HallQueue.defaults(hall: "CC", categories: Fixtures.categories)[0]
    let holder = "44011320141005001X"

    func ticket(_ state: TicketState = .called, hall: HallCode = "CC", window: WindowNumber? = "1", document: String? = nil,
                type: DocumentType = .residentID) -> Ticket {
        Ticket(id: "t1", hall: hall, queue: queue.code, day: CivilDate("2026-09-28")!, number: "A007", documentType: type,
               documentNumber: document ?? holder, state: state, issuedAt: 1_790_557_200, window: window, calls: 1,
               calledAt: state == .waiting ? nil : 1_790_557_200 + 754)
    }

    func open(_ ticket: Ticket, applicant: String = "44011320141005001x", agent: Person? = nil, window: WindowNumber? = "1") throws -> CaseRecord {
        let request = IntakeRequest(
            itemCode: food.code, applicant: .person(Person(name: "张三", documentType: .residentID, documentNumber: applicant, phone: "")),
            agent: agent, window: window, materials: Fixtures.foodLicence().materials.map { MaterialReceipt(name: $0.name, received: true) },
            outcome: .accept, ticket: ticket.id
        )
        return try Intake.open(request, item: food, hall: Fixtures.halls[0], actor: clerk, today: CivilDate("2026-09-28")!,
                               now: 1_790_558_000, calendar: calendar, ticket: (ticket, queue)).0
    }

    @Test func theCaseKeepsTheTicketItsQueueAndTheWait() throws {
        // The applicant's number is typed with a small x: the same person once normalised.
        let record = try open(ticket())
        let visit = try #require(record.visit)
        #expect(visit.ticket == "t1" && visit.number == "A007" && visit.queue == "social" && visit.queueName == queue.name)
        #expect(visit.waitSeconds == 754)
        // Without a window typed, the case takes the window that called the ticket.
        #expect(try open(ticket(window: "2"), window: nil).window == "2")
    }

    @Test func anAgentMayBringTheTicket() throws {
        let agent = Person(name: "李四", documentType: .passport, documentNumber: "E12345678", phone: "")
        let record = try open(ticket(document: "E12345678", type: .passport), applicant: "11010519491231002X", agent: agent)
        #expect(record.visit?.number == "A007")
    }

    @Test func someoneElsesTicketIsAProblemOfTheForm() {
        #expect(throws: ValidationFailed.self) { try open(ticket(), applicant: "11010519491231002X") }
        do {
            _ = try open(ticket(), applicant: "11010519491231002X")
        } catch let failed as ValidationFailed {
            #expect(failed.problems.map(\.path) == ["ticket"])
            #expect(failed.problems[0].reason.contains("4401**********001X"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func onlyACalledTicketOfThisHallAndWindowOpensACase() {
        #expect(throws: CaseRuleError.notAllowed("排队号 A007 当前为“等候中”，须叫号到窗口后才能受理")) { try open(ticket(.waiting, window: nil)) }
        #expect(throws: CaseRuleError.notAllowed("排队号 A007 当前为“已办结”，须叫号到窗口后才能受理")) { try open(ticket(.finished)) }
        #expect(throws: CaseRuleError.notAllowed("排队号 A007 正在 2 号窗口办理，不能在 1 号窗口受理")) { try open(ticket(window: "2")) }
        #expect(throws: CaseRuleError.forbidden("排队号 A007 属于其他服务中心，不能在本中心受理")) { try open(ticket(hall: "ZM")) }
    }
}
