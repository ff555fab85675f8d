import OneDoorCore
import OneDoorStorage

/// The demo's two periods of history (issue 18 §5, ADR 0047), so that 改革成效 shows numbers the
/// platform computes rather than numbers typed in: the same three months a year apart, made by
/// the platform's own parts.
///
/// - Before the reform the district centre had department counters: each of its queues served
///   by its own windows (12 in all), 15-minute visits, 270 a day; a catalogue as it was — more
///   items promised in days rather than on the spot, promises at the law's limit, copies of
///   papers the platform now keeps asked again. No 好差评 yet.
/// - After: comprehensive windows (8, any window serves any queue), 9.5-minute visits (one
///   standard, papers reused), 330 a day, the catalogue
///   as it is, and every visit rated at the window (一次一评), a handful of 差评 rectified.
///
/// Visits come from the staffing simulator's day (``HallSimulation/visits``) — waits are what
/// the layouts produce, not chosen — and cases from ``CaseSeeder`` through the real intake rules
/// and state machine. The same seed gives the same history.
public enum ReformHistory {
    public struct Summary: Sendable {
        public var tickets: Int
        public var cases: Int
        public var ratings: Int
    }

    static let hall: HallCode = "CCZX"

    /// The catalogue before the reform: a third of today's 即办 items were promised in five
    /// working days, every promise was the law's limit, and half the items asked again for copies
    /// of the ID card and 户口簿 the platform now keeps.
    public static func beforeReform(_ snapshot: CatalogSnapshot) -> CatalogSnapshot {
        let items = snapshot.items.map { item -> ServiceItem in
            var item = item
            let hash = item.code.rawValue.unicodeScalars.reduce(0) { ($0 &* 31 &+ Int($1.value)) & 0xFFFF }
            if item.guide.caseKind == .immediate, hash % 3 == 0 {
                item.guide.caseKind = .promised
                item.guide.promisedLimit = TimeLimit(days: 5, unit: .workingDays)
                if item.guide.legalLimit.days < 5 { item.guide.legalLimit = TimeLimit(days: 5, unit: .workingDays) }
            } else if item.guide.caseKind != .immediate {
                item.guide.promisedLimit = item.guide.legalLimit
            }
            if hash % 2 == 0 {
                item.guide.materials += [Material(name: "申请人身份证复印件", type: .certificate, copies: 1),
                                         Material(name: "户口簿复印件", type: .certificate, copies: 1)]
            }
            return item
        }
        return CatalogSnapshot(organisation: snapshot.organisation, items: items, themes: snapshot.themes, pinyin: nil, generation: snapshot.generation)
    }

    /// A day at the district centre: arrivals per hour from 09:00 to 17:00 (the morning busiest,
    /// lunch quiet), shared among the queues as the busier ones first.
    static func scenario(queues: [HallQueue], ticketsPerDay: Double, serviceMinutes: Double) -> StaffingScenario {
        let profile: [Double] = [0.15, 0.18, 0.15, 0.05, 0.09, 0.14, 0.14, 0.10]
        let weights = queues.indices.map { Double(max(1, 6 - $0)) }
        let total = weights.reduce(0, +)
        return StaffingScenario(
            categories: queues.enumerated().map { index, queue in
                var rates = [Double](repeating: 0, count: 24)
                for (offset, share) in profile.enumerated() { rates[9 + offset] = ticketsPerDay * share * weights[index] / total }
                return StaffingCategory(code: queue.code.rawValue, name: queue.name, arrivalsPerHour: rates, meanServiceSeconds: serviceMinutes * 60)
            },
            targetWaitSeconds: 900, serviceShape: .lognormal, serviceVariation: 0.6)
    }

    /// Windows for the department counters: in proportion to each queue's share, at least one each.
    static func dedicated(_ scenario: StaffingScenario, windows: Int) -> WindowLayout {
        let total = scenario.ticketsPerDay
        var counts: [String: Int] = [:]
        for category in scenario.categories { counts[category.code] = max(1, Int((category.ticketsPerDay / max(total, 1) * Double(windows)).rounded())) }
        return .dedicated(counts)
    }

    /// `daysPerMonth` keeps only the first working days of each month (tests).
    public static func seed(catalog: CatalogService, calendar: CalendarService, auth: AuthService, queues: QueueService, cases: CaseRepository,
                            ratings: RatingRepository, seed: UInt64 = 2014, daysPerMonth: Int? = nil,
                            stop: @Sendable () -> Bool = { false }) async throws -> Summary {
        let today = calendar.today, working = calendar.calendar
        // The periods 改革成效 shows unless asked otherwise.
        let (before, after) = OutcomeService.defaultPeriods(today: today)
        func days(_ range: ClosedRange<CivilDate>) -> [CivilDate] {
            let end = min(range.upperBound.firstOfMonth(adding: 1).adding(days: -1), today.adding(days: -1))
            guard range.lowerBound <= end else { return [] }
            let all = (range.lowerBound.dayNumber...end.dayNumber).map(CivilDate.init(dayNumber:)).filter { (try? working.isWorkingDay($0)) == true }
            guard let daysPerMonth else { return all }
            return Dictionary(grouping: all, by: \.firstOfMonth).values.flatMap { $0.sorted().prefix(daysPerMonth) }.sorted()
        }
        // The centre's window staff of both periods (no passwords given out: they are history).
        var staff: [StaffAccount] = []
        for n in 1...12 {
            let username = "chuangkou\(n < 10 ? "0" : "")\(n)"
            if let existing = try await auth.accounts.find(username: username)?.account {
                staff.append(existing)
                continue
            }
            staff.append(try await auth.createAccount(StaffAccount(username: username, displayName: "综合窗口\(n)号", staffNumber: "CC11\(n < 10 ? "0" : "")\(n)",
                                                                   role: .clerk, hall: hall), password: DemoData.randomPassword(), by: .system))
        }
        let hallQueues = try await queues.queues(hall: hall)
        guard !hallQueues.isEmpty else { return Summary(tickets: 0, cases: 0, ratings: 0) }
        var random = SplitMix64(seed: seed)
        var person = 0, tickets = 0, rated = 0
        let now = today.startEpochSeconds

        for (range, reformed) in [(before, false), (after, true)] {
            let scenario = scenario(queues: hallQueues, ticketsPerDay: reformed ? 330 : 270, serviceMinutes: reformed ? 9.5 : 15)
            let layout = reformed ? WindowLayout.comprehensive(8) : dedicated(scenario, windows: 12)
            for day in days(range) where !stop() {
                var numbers: [QueueCode: Int] = [:]
                var rows: [(ticket: Ticket, events: [TicketEvent], startedAt: Int64?, finishedAt: Int64?)] = []
                var dayRatings: [Rating] = []
                for visit in HallSimulation.visits(scenario, layout: layout, seed: random.next()) {
                    let queue = hallQueues[visit.category]
                    numbers[queue.code, default: queue.firstNumber - 1] += 1
                    person += 1
                    let first17 = "440604" + String(1950 + person % 50) + "0101" + String(1000 + person % 1000).dropFirst()
                    let document = first17 + String(ResidentID.checkCharacter(for: first17) ?? "0")
                    let at = { (seconds: Double) in day.startEpochSeconds + Int64(seconds) }
                    let window = WindowNumber(rawValue: String(visit.window + 1))
                    let member = staff[min(visit.window, staff.count - 1)]
                    var ticket = Ticket(id: "hist\(day.dayNumber)\(queue.prefix)\(numbers[queue.code] ?? 0)", hall: hall, queue: queue.code, day: day,
                                        number: queue.ticketNumber(numbers[queue.code] ?? 0), documentType: .residentID, documentNumber: document,
                                        issuedAt: at(visit.arrival), window: window, calls: 1, calledAt: at(visit.start))
                    ticket.state = .finished
                    let started = at(visit.start) + 20, finished = max(at(visit.finish), at(visit.start) + 40)
                    rows.append((ticket, [
                        TicketEvent(ticket: ticket.id, kind: .issued, at: ticket.issuedAt, queue: queue.code),
                        TicketEvent(ticket: ticket.id, kind: .called, at: at(visit.start), queue: queue.code, window: window, staffID: member.id),
                        TicketEvent(ticket: ticket.id, kind: .started, at: started, queue: queue.code, window: window, staffID: member.id),
                        TicketEvent(ticket: ticket.id, kind: .finished, at: finished, queue: queue.code, window: window, staffID: member.id),
                    ], started, finished))
                    // 一次一评 after the reform: most visitors rate at the window's evaluator.
                    if reformed, random.next() % 100 < 60 {
                        let roll = random.next() % 10_000
                        let level: RatingLevel = roll < 8_500 ? .verySatisfied : roll < 9_700 ? .satisfied : roll < 9_996 ? .basic
                            : .dissatisfied
                        dayRatings.append(Rating(
                            id: 0, service: .ticket(ticket.id), level: level, reasons: level.isNegative ? [.slow] : [], comment: "",
                            channel: .window, rater: Applicant.person(Person(name: "", documentType: .residentID, documentNumber: document)).key,
                            context: RatingContext(hall: hall, window: window, staffNumber: member.staffNumber), ratedAt: finished + 30))
                    }
                }
                try await queues.repository.importTickets(rows, at: now)
                tickets += rows.count
                rated += try await importRatings(dayRatings, ratings: ratings, calendar: working)
            }
        }

        // Cases: the catalogue of each period through the real intake rules and state machine.
        var stored = 0
        for (range, snapshot, perDay) in [(before, beforeReform(catalog.snapshot), 30), (after, catalog.snapshot, 45)] {
            var seeder = CaseSeeder(snapshot: snapshot, calendar: working, today: today, seed: random.next())
            var batch: [(record: CaseRecord, events: [CaseEvent])] = []
            for day in days(range) where !stop() {
                for _ in 0..<perDay { if let made = seeder.next(on: day) { batch.append(made) } }
                if batch.count >= 500 {
                    stored += try await cases.importCases(batch, at: now).count
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { stored += try await cases.importCases(batch, at: now).count }
        }
        return Summary(tickets: tickets, cases: stored, ratings: rated)
    }

    /// A day's ratings in one transaction; a 差评 with its rectification, verified, rectified and
    /// closed with the rater satisfied within days (history, not work waiting).
    static func importRatings(_ list: [Rating], ratings: RatingRepository, calendar: WorkingCalendar) async throws -> Int {
        let good = list.filter { !$0.level.isNegative }
        try await ratings.importRatings(good)
        for rating in list where rating.level.isNegative {
            let day = CivilDate(epochSeconds: rating.ratedAt)
            guard var rectification = try RectificationRules.open(rating, today: day, now: rating.ratedAt, calendar: calendar) else { continue }
            let later = rating.ratedAt + 86_400
            rectification.steps += [
                RectificationStep(action: "verify", step: "核实", at: later, actor: "综合窗口组长", text: "已电话联系评价人，等候时间较长属实"),
                RectificationStep(action: "rectify", step: "整改", at: later + 86_400, actor: "综合窗口组长", text: "午间增开一个综合窗口，高峰时段加派引导员"),
                RectificationStep(action: "answer", step: "评价人确认", at: later + 2 * 86_400, actor: "评价人", text: "满意"),
            ]
            rectification.state = .closed
            rectification.raterSatisfied = true
            rectification.revision = 4
            _ = try await ratings.rate(rating, replacing: nil, opening: rectification, at: rating.ratedAt)
        }
        return list.count
    }
}
