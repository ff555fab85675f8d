import OneDoorCore
import OneDoorStorage

/// Fills a database with realistic past cases for load tests (`onedoor seed-cases N`).
///
/// Every case goes through the real intake rules and state machine, so what is stored is what
/// the platform itself would have stored: cases received on working days over the last two
/// years at every hall, for every published item the hall may accept, by 100,000 people and
/// 20,000 enterprises with valid ID numbers and USCCs. Old cases are finished (delivered, a few
/// withdrawn or refused, some left overdue); recent ones stand at every step of the back office,
/// a few in a special procedure. 市场监管 items get a third of the cases, so its queue is the
/// busiest. The same seed gives the same cases. Days up to yesterday only: today's numbers
/// belong to the running server.
public struct CaseSeeder {
    let snapshot: CatalogSnapshot
    let calendar: WorkingCalendar
    let today: CivilDate
    var random: SplitMix64
    /// Items each hall may accept, and those of the busiest department among them.
    private let itemsByHall: [HallCode: (all: [ServiceItem], busiest: [ServiceItem])]
    private let halls: [Hall]
    static let busiestDepartment: DepartmentCode = "SCJG"
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁郑谢宋唐冯邓")
    static let givenNames = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红嘉欣浩宇子轩")

    public init(snapshot: CatalogSnapshot, calendar: WorkingCalendar, today: CivilDate, seed: UInt64) {
        self.snapshot = snapshot
        self.calendar = calendar
        self.today = today
        self.random = SplitMix64(seed: seed)
        let published = snapshot.items.filter { $0.status == .published }
        halls = snapshot.organisation.halls.sorted { $0.code < $1.code }
        var byHall: [HallCode: (all: [ServiceItem], busiest: [ServiceItem])] = [:]
        for hall in halls {
            let all = published.filter { $0.guide.hallLevels.isEmpty || $0.guide.hallLevels.contains(hall.level) }
            byHall[hall.code] = (all, all.filter { $0.guide.department == Self.busiestDepartment })
        }
        itemsByHall = byHall
    }

    mutating func below(_ n: Int) -> Int { Int(random.next() % UInt64(max(n, 1))) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// The next case with its history, received on `day` (a working day) at a hall; nil when the
    /// hall has nothing to accept or the case's deadlines fall outside the loaded calendar.
    public mutating func next(on day: CivilDate) -> (CaseRecord, [CaseEvent])? {
        let hall = chance(40) ? halls.first { $0.code == "CCZX" } ?? halls[0] : halls[below(halls.count)]
        guard let choice = itemsByHall[hall.code], !choice.all.isEmpty else { return nil }
        let pool = !choice.busiest.isEmpty && chance(33) ? choice.busiest : choice.all
        let item = pool[below(pool.count)]
        let clerk = CaseActor(accountID: nil, name: "\(hall.name)窗口", staffNumber: "\(hall.code)-W\(below(8) + 1)", role: .clerk, hall: hall.code)
        let approver = CaseActor(accountID: nil, name: "\(item.guide.department)审批", staffNumber: "\(item.guide.department)-A\(below(4) + 1)",
                                 role: .approver, department: item.guide.department)
        let materials = item.guide.materials.map { MaterialReceipt(name: $0.name, received: true, original: $0.originals > 0, pages: below(6) + 1) }
        let correction = chance(5)
        let outcome: IntakeOutcome = if item.guide.caseKind == .immediate { .acceptAndConclude }
            else if chance(3) { .refuse(reason: "申请事项依法不需要取得行政许可", referral: "") }
            else if correction { .requestCorrection }
            else { .accept }
        var receipts = materials
        if correction, !receipts.isEmpty { receipts[0].defect = "复印件不清晰，请提供清晰复印件" }
        let request = IntakeRequest(itemCode: item.code, applicant: applicant(), window: "\(below(8) + 1)", materials: receipts, outcome: outcome)
        var time = Self.epoch(day, minutes: 9 * 60 + below(420))
        guard var (record, events) = try? Intake.open(request, item: item, hall: hall, actor: clerk, today: day, now: time, calendar: calendar) else {
            return nil
        }
        record.queryCode = String(1_000_000 + below(1_000_000)).dropFirst().description
        let age = (try? calendar.workingDays(from: day, to: today.adding(days: -1))) ?? 0
        var elapsed = 0
        // One step: the action on the `after`-th working day after the last, if it is in the past.
        func step(_ action: CaseAction, by actor: CaseActor, after days: Int) -> Bool {
            guard elapsed + days < age, let on = try? calendar.addingWorkingDays(elapsed + days, to: day) else { return false }
            time = max(time + 60, Self.epoch(on, minutes: 9 * 60 + (elapsed + days) * 7 % 420))
            guard let (next, event) = try? CaseLifecycle.apply(action, to: record, by: actor, today: on, now: time, calendar: calendar) else { return false }
            elapsed += days
            record = next
            events.append(event)
            return true
        }
        if record.state == .correction {
            guard step(.completeCorrection(materials: materials, opinion: "材料已补正"), by: clerk, after: 2) else { return (record, events) }
        }
        if record.state == .concluded {  // 即办件: handed over at once
            _ = step(.deliver(method: .pickup, trackingNumber: nil), by: clerk, after: 0)
        }
        guard record.state == .accepted else { return (record, events) }
        let promised = max(record.promisedLimit.days, 1)
        let spacing = max(promised / 4, 1)
        // 1 in 50 waits for a special procedure; 1 in 100 is left where it is (overdue once old).
        if chance(2) {
            guard step(.undertake(opinion: "拟同意，需现场核查"), by: approver, after: spacing),
                  step(.startSpecialProcedure(kind: .onSiteCheck, reason: "经营场所现场核查", expectedDays: 5), by: approver, after: 1)
            else { return (record, events) }
            guard step(.endSpecialProcedure(opinion: "现场核查符合要求"), by: approver, after: 5) else { return (record, events) }
        } else if chance(1) {
            return (record, events)
        } else if chance(2) {
            _ = step(.withdraw(reason: "申请人主动撤回"), by: clerk, after: 1)
            return (record, events)
        }
        let granted = !chance(4)
        let plan: [(CaseAction, CaseActor, Int)] = [
            (.undertake(opinion: "材料齐全，拟同意"), approver, spacing),
            (.review(opinion: "同意"), approver, spacing),
            (.decide(granted: granted, opinion: granted ? "准予许可" : "不符合许可条件，不予许可"), approver, spacing),
            (.conclude(opinion: "已制作结果文书"), approver, 1),
            (.deliver(method: chance(30) ? .post : .pickup, trackingNumber: "EMS\(1_000_000_000 + below(9_000_000_000))"), clerk, 2),
        ]
        for (action, actor, days) in plan where record.state != .delivered {
            if case .undertake = action, record.state != .accepted { continue }
            guard step(action, by: actor, after: days) else { break }
        }
        return (record, events)
    }

    /// A person or an enterprise from fixed pools, so applicants come back (一次采集、反复使用).
    mutating func applicant() -> Applicant {
        if chance(80) {
            let i = below(100_000)
            let born = CivilDate(dayNumber: CivilDate("1950-01-01")!.dayNumber + (i * 7919) % 20_000)
            let first17 = "440604" + born.description.replacingOccurrences(of: "-", with: "") + String(format: "%03d", i % 1000)
            let number = first17 + String(ResidentID.checkCharacter(for: first17) ?? "0")
            let name = String(Self.surnames[i % Self.surnames.count]) + String(Self.givenNames[(i / 31) % Self.givenNames.count])
                + (i % 3 == 0 ? "" : String(Self.givenNames[(i / 7) % Self.givenNames.count]))
            // One applicant in four gave an e-mail address (example.com: reserved, reaches nobody).
            return .person(Person(name: name, documentType: .residentID, documentNumber: number, phone: "13\(String(format: "%09d", i * 37 % 1_000_000_000))",
                                  email: i % 4 == 0 ? "p\(i)@example.com" : nil))
        }
        let i = below(20_000)
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        var body = "9144060"
        var n = i * 104_729
        for _ in 0..<10 {
            body.append(alphabet[n % alphabet.count])
            n /= alphabet.count
        }
        let uscc = body + String(USCC.checkCharacter(for: body) ?? "0")
        let name = "佛山市禅城区\(String(Self.surnames[i % Self.surnames.count]))记\(["餐饮", "商贸", "科技", "建材", "物流"][i % 5])有限公司"
        return .enterprise(Enterprise(name: name, uscc: uscc, legalRepresentative: String(Self.surnames[(i / 5) % Self.surnames.count]) + "总",
                                      phone: "0757-8\(String(format: "%07d", i))", email: "office\(i)@example.com"))
    }

    /// Seconds since 1970 at `minutes` past midnight China time on `day`.
    static func epoch(_ day: CivilDate, minutes: Int) -> Int64 {
        day.startEpochSeconds + Int64(minutes) * 60
    }

    /// A working day of the last `days` calendar days before today.
    public mutating func pastWorkingDay(within days: Int) -> CivilDate {
        while true {
            let day = today.adding(days: -1 - below(days))
            if (try? calendar.isWorkingDay(day)) == true { return day }
        }
    }

    /// Seeds `count` cases in transactions of `chunk`, making the next chunk while the last is
    /// stored; `report` hears the running total. Returns how many were stored.
    public static func seed(
        count: Int, seed: UInt64, catalog: CatalogService, calendar: CalendarService, repository: CaseRepository,
        chunk: Int = 2_000, report: @Sendable (Int) -> Void = { _ in }
    ) async throws -> Int {
        var seeder = CaseSeeder(snapshot: catalog.snapshot, calendar: calendar.calendar, today: calendar.today, seed: seed)
        guard !seeder.halls.isEmpty else { throw ValidationFailed([ValidationProblem(path: "catalog", reason: "目录中没有服务大厅，无法生成办件")]) }
        let now = Self.epoch(calendar.today, minutes: 0)
        var produced = 0, stored = 0
        var pending: Task<Int, any Error>?
        while produced < count {
            let wanted = min(chunk, count - produced)
            var cases: [(record: CaseRecord, events: [CaseEvent])] = []
            var attempts = 0
            while cases.count < wanted && attempts < wanted * 10 {
                attempts += 1
                if let made = seeder.next(on: seeder.pastWorkingDay(within: 700)) { cases.append(made) }
            }
            if cases.isEmpty { break }
            produced += cases.count
            if let pending { stored += try await pending.value; report(stored) }
            let batch = cases
            pending = Task { try await repository.importCases(batch, at: now).count }
        }
        if let pending { stored += try await pending.value; report(stored) }
        return stored
    }
}
