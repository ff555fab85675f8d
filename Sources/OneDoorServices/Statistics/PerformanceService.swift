import OneDoorCore
import OneDoorStorage

/// 绩效考核 (issue 18 §4, ADR 0046): each member of staff's month and each department's, from
/// the queue's stored day figures, the cases' columns (intake clerk, notices, sends back), the
/// ratings and the complaints. Supervisors and administrators see everyone; a member of staff
/// sees their own.
public final class PerformanceService: Sendable {
    let repository: PerformanceRepository
    let ratings: RatingRepository
    let accounts: AccountRepository
    let queues: QueueService
    let caseStatistics: CaseStatisticsService
    let catalog: CatalogService
    let calendar: CalendarService
    let clock: any AppClock
    let months = TimedCache<String, [StaffPerformance]>(seconds: 60, capacity: 32)

    public init(repository: PerformanceRepository, ratings: RatingRepository, accounts: AccountRepository, queues: QueueService, caseStatistics: CaseStatisticsService,
                catalog: CatalogService, calendar: CalendarService, clock: any AppClock) {
        self.repository = repository
        self.ratings = ratings
        self.accounts = accounts
        self.queues = queues
        self.caseStatistics = caseStatistics
        self.catalog = catalog
        self.calendar = calendar
        self.clock = clock
    }

    /// The month asked for as `YYYY-MM`; this month when none is.
    public func month(_ text: String?) throws -> CivilDate {
        guard let text else { return calendar.today.firstOfMonth }
        guard let month = CivilDate.month(text) else { throw ValidationFailed([ValidationProblem(path: "month", reason: "月份应为 YYYY-MM")]) }
        return month
    }

    /// Whether `identity` may read everyone's figures.
    public static func mayReadAll(_ identity: Identity?) -> Bool { identity?.role.may(.readQueueStatistics) ?? false }

    /// Every member of staff who did something in `month`, by staff number.
    public func staff(month: CivilDate, by identity: Identity) async throws -> [StaffPerformance] {
        guard Self.mayReadAll(identity) else { throw CaseRuleError.forbidden("全员绩效供监察人员和中心管理员查看；本人绩效见“我的绩效”") }
        return try await staff(month: month)
    }

    /// One member of staff's last `count` months to `month`, oldest first: theirs, or anyone's for
    /// supervisors and administrators.
    public func person(_ staffNumber: String, through month: CivilDate, count: Int = 12, by identity: Identity) async throws
        -> (account: StaffAccount, months: [(month: String, figures: StaffPerformance)]) {
        guard Self.mayReadAll(identity) || identity.account.staffNumber == staffNumber else {
            throw CaseRuleError.forbidden("只能查看本人的绩效")
        }
        guard let account = try await accounts.list().first(where: { $0.staffNumber == staffNumber }) else {
            throw ProblemDetails.notFound("没有这个工号")
        }
        var rows: [(month: String, figures: StaffPerformance)] = []
        for offset in (0..<min(max(count, 1), 24)).reversed() {
            let m = month.firstOfMonth.firstOfMonth(adding: -offset)
            let figures = try await staff(month: m).first { $0.staffNumber == staffNumber }
                ?? StaffPerformance(staffNumber: staffNumber, name: account.displayName, role: account.role, hall: account.hall, department: account.department)
            rows.append((CaseStatisticsService.monthText(m), figures))
        }
        return (account, rows)
    }

    func staff(month: CivilDate) async throws -> [StaffPerformance] {
        let first = month.firstOfMonth
        let text = CaseStatisticsService.monthText(first)
        return try await months.value(text, now: clock.now()) { try await compute(first) }
    }

    func compute(_ first: CivilDate) async throws -> [StaffPerformance] {
        let from = first.startEpochSeconds, to = first.firstOfMonth(adding: 1).startEpochSeconds
        let today = calendar.today
        let everyone = try await accounts.list()
        var rows: [String: StaffPerformance] = [:]
        for account in everyone {
            rows[account.staffNumber] = StaffPerformance(staffNumber: account.staffNumber, name: account.displayName, role: account.role,
                                                         hall: account.hall, department: account.department)
        }
        func row(_ number: String, _ change: (inout StaffPerformance) -> Void) {
            var entry = rows[number] ?? StaffPerformance(staffNumber: number, name: number)
            change(&entry)
            rows[number] = entry
        }
        if first <= today {
            let numbers = Dictionary(everyone.map { ($0.id, $0.staffNumber) }, uniquingKeysWith: { a, _ in a })
            let last = min(first.firstOfMonth(adding: 1).adding(days: -1), today)
            for (id, figures) in try await queues.staffTotals(from: first, to: last) {
                row(numbers[id] ?? "#\(id)") {
                    $0.ticketsServed += figures.served
                    $0.serviceSecondsTotal += figures.serviceSecondsTotal
                    $0.serviceCount += figures.serviceCount
                }
            }
        }
        for (number, facts) in try await repository.intake(from: from, to: to) {
            row(number) {
                $0.casesReceived += facts.received
                $0.casesAccepted += facts.accepted
                $0.correctionNotices += facts.correctionNotices
                $0.sentBack += facts.sentBack
            }
        }
        for figure in try await ratings.figures(from: from, to: to, by: .staff) where !figure.key.isEmpty {
            row(figure.key) {
                $0.ratings += figure.ratings
                $0.satisfied += figure.satisfied
                $0.negative += figure.negative
            }
        }
        for (number, upheld) in try await repository.upheldComplaints(from: from, to: to).staff { row(number) { $0.complaintsUpheld += upheld } }
        return rows.values.filter { !$0.isEmpty }.sorted { $0.staffNumber < $1.staffNumber }
    }

    /// Every department's `month`: its cases received that month (timeliness as it stands), the
    /// ratings and the complaints found true.
    public func departments(month: CivilDate, by identity: Identity) async throws -> [DepartmentPerformance] {
        guard Self.mayReadAll(identity) else { throw CaseRuleError.forbidden("部门绩效供监察人员和中心管理员查看") }
        let first = month.firstOfMonth
        let from = first.startEpochSeconds, to = first.firstOfMonth(adding: 1).startEpochSeconds
        let snapshot = catalog.snapshot
        var rows: [DepartmentCode: DepartmentPerformance] = [:]
        func row(_ code: DepartmentCode, _ change: (inout DepartmentPerformance) -> Void) {
            var entry = rows[code] ?? DepartmentPerformance(department: code, name: snapshot.departmentsByCode[code]?.name ?? code.rawValue)
            change(&entry)
            rows[code] = entry
        }
        for (key, figures) in try await caseStatistics.figures([first]) { row(key.department) { $0.cases.merge(figures) } }
        for figure in try await ratings.figures(from: from, to: to, by: .department) where !figure.key.isEmpty {
            row(DepartmentCode(rawValue: figure.key)) {
                $0.ratings += figure.ratings
                $0.satisfied += figure.satisfied
                $0.negative += figure.negative
            }
        }
        for (code, upheld) in try await repository.upheldComplaints(from: from, to: to).departments {
            row(DepartmentCode(rawValue: code)) { $0.complaintsUpheld += upheld }
        }
        return rows.values.sorted { ($0.cases.received, $1.department.rawValue) > ($1.cases.received, $0.department.rawValue) }
    }
}
