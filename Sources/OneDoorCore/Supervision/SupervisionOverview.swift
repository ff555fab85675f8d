/// Running cases that share everything their light depends on: the overview reads these
/// groups (one grouped scan) and lights each once.
public struct CaseClockGroup: Sendable, Hashable {
    public var department: DepartmentCode
    public var state: CaseState
    public var promisedDeadline: CivilDate?
    public var legalDeadline: CivilDate?
    public var pausedOn: CivilDate?
    public var promisedLimit: TimeLimit
    public var count: Int

    public init(department: DepartmentCode, state: CaseState, promisedDeadline: CivilDate?, legalDeadline: CivilDate?, pausedOn: CivilDate?,
                promisedLimit: TimeLimit, count: Int) {
        self.department = department
        self.state = state
        self.promisedDeadline = promisedDeadline
        self.legalDeadline = legalDeadline
        self.pausedOn = pausedOn
        self.promisedLimit = promisedLimit
        self.count = count
    }
}

/// One department's running cases in the overview: by light, by the step they wait for, and
/// those in a special procedure.
public struct DepartmentLights: Sendable, Hashable {
    public var department: DepartmentCode
    public var lights: [CaseLight: Int] = [:]
    /// Waiting for 承办, 审核 and 决定 (the approvers' open work).
    public var awaiting: [CaseState: Int] = [:]
    public var paused = 0

    public init(department: DepartmentCode) { self.department = department }

    public var running: Int { awaiting.values.reduce(0, +) }
    public func count(_ light: CaseLight) -> Int { lights[light] ?? 0 }
}

/// A case whose special procedure has run past the days the applicant was told.
public struct StuckProcedure: Sendable, Hashable {
    public var number: CaseNumber
    public var itemName: String
    public var department: DepartmentCode
    public var procedure: SpecialProcedure
    public var expectedEnd: CivilDate
    /// Working days past the expected end.
    public var daysOver: Int
}

/// A hall's waiting today against its target.
public struct HallWaiting: Sendable, Hashable {
    public var hall: HallCode
    public var name: String
    public var waitingNow: Int
    /// How long the longest-waiting ticket has waited so far.
    public var longestWaitingSeconds: Int?
    public var calledToday: Int
    public var averageWaitSeconds: Double?
    /// The shortest target wait of its queues, in minutes.
    public var targetMinutes: Int

    public init(hall: HallCode, name: String, waitingNow: Int, longestWaitingSeconds: Int?, calledToday: Int, averageWaitSeconds: Double?,
                targetMinutes: Int) {
        self.hall = hall
        self.name = name
        self.waitingNow = waitingNow
        self.longestWaitingSeconds = longestWaitingSeconds
        self.calledToday = calledToday
        self.averageWaitSeconds = averageWaitSeconds
        self.targetMinutes = targetMinutes
    }

    public var overTarget: Bool {
        (averageWaitSeconds ?? 0) > Double(targetMinutes * 60) || (longestWaitingSeconds ?? 0) > targetMinutes * 60
    }
}

/// 电子监察's overview (issue 18 §3): what a supervisor watches, computed at `asOf`.
public struct SupervisionOverview: Sendable {
    public var asOf: Int64
    public var today: CivilDate
    public var departments: [DepartmentLights]
    public var overdueCases: [CaseSummary]
    public var stuck: [StuckProcedure]
    public var halls: [HallWaiting]
    public var rectificationsOpen: Int
    public var rectificationsOverdue: Int
    /// Complaints open, past their due day (escalated), and waiting to be assigned.
    public var complaints: (open: Int, overdue: Int, unassigned: Int)
    public var orders: [SupervisionOrder]

    public init(asOf: Int64, today: CivilDate, departments: [DepartmentLights], overdueCases: [CaseSummary], stuck: [StuckProcedure],
                halls: [HallWaiting], rectificationsOpen: Int, rectificationsOverdue: Int, complaints: (open: Int, overdue: Int, unassigned: Int) = (0, 0, 0),
                orders: [SupervisionOrder]) {
        self.complaints = complaints
        self.asOf = asOf
        self.today = today
        self.departments = departments
        self.overdueCases = overdueCases
        self.stuck = stuck
        self.halls = halls
        self.rectificationsOpen = rectificationsOpen
        self.rectificationsOverdue = rectificationsOverdue
        self.orders = orders
    }

    public var running: Int { departments.reduce(0) { $0 + $1.running } }
    public func count(_ light: CaseLight) -> Int { departments.reduce(0) { $0 + $1.count(light) } }
    /// 超期率: running cases past their legal deadline, of all running.
    public var overdueShare: Double? { running == 0 ? nil : Double(count(.overdue)) / Double(running) }
    public var ordersOverdue: Int { orders.count { $0.isOverdue(today: today) } }

    /// Lights each group once and sums them by department.
    public static func lights(_ groups: [CaseClockGroup], today: CivilDate, calendar: WorkingCalendar, yellowShare: Double) -> [DepartmentLights] {
        var byDepartment: [DepartmentCode: DepartmentLights] = [:]
        for group in groups {
            let light = CaseClock.light(legal: group.legalDeadline, promised: group.promisedDeadline, promisedLimit: group.promisedLimit,
                                        pausedOn: group.pausedOn, today: today, calendar: calendar, yellowShare: yellowShare)
            var entry = byDepartment[group.department] ?? DepartmentLights(department: group.department)
            entry.lights[light, default: 0] += group.count
            entry.awaiting[group.state, default: 0] += group.count
            if group.pausedOn != nil { entry.paused += group.count }
            byDepartment[group.department] = entry
        }
        return byDepartment.values.sorted { ($0.count(.overdue), $0.count(.red), $0.running, $1.department.rawValue) > ($1.count(.overdue), $1.count(.red), $1.running, $0.department.rawValue) }
    }

    /// The running special procedures past their expected end (in working days from their start).
    public static func stuck(_ cases: [CaseListing], today: CivilDate, calendar: WorkingCalendar) -> [StuckProcedure] {
        cases.compactMap { listing in
            guard let procedure = listing.specialProcedure,
                  let end = try? calendar.addingWorkingDays(procedure.expectedDays, to: procedure.startedOn), today > end else { return nil }
            let over = (try? calendar.workingDays(from: end.adding(days: 1), to: today)) ?? 0
            return StuckProcedure(number: listing.number, itemName: listing.itemName, department: listing.department, procedure: procedure,
                                  expectedEnd: end, daysOver: over)
        }.sorted { ($0.daysOver, $1.number.rawValue) > ($1.daysOver, $0.number.rawValue) }
    }
}
