import OneDoorCore

/// The staffing simulator's entrance (issue 18 §6): a hall's day taken from its queue statistics,
/// and the study of it. The study itself is pure (`StaffingStudy`).
extension QueueService {
    /// The weeks a hall's day is averaged over unless asked otherwise.
    public static let staffingHistoryDays = 28

    /// Who may run the simulator on figures they enter: those who read statistics, and window
    /// clerks (the centre's duty managers plan their own hall's windows).
    public static func maySimulateStaffing(_ identity: Identity?) -> Bool {
        guard let identity else { return false }
        return identity.role.may(.readQueueStatistics) || identity.role == .clerk
    }

    /// `hall`'s day as its statistics from `from` to `to` tell it: each queue a category, its
    /// tickets by hour averaged over the days it issued any, its average service time (the
    /// hall's where a queue has none measured). The target wait is the queues' own, weighted by
    /// their tickets, unless one is given.
    public func staffingScenario(hall: HallCode, from: CivilDate, to: CivilDate, targetWaitSeconds: Double? = nil,
                                 by identity: Identity) async throws -> StaffingScenario {
        let report = try await statistics(hall: hall, from: from, to: to, by: identity)
        let days = report.days.filter { $0.figures.arrived > 0 }.count
        guard days > 0 else {
            throw ValidationFailed([ValidationProblem(path: "from", reason: "\(from) 至 \(to) 本中心没有取号记录，无法得出到达规律")])
        }
        let fallback = report.total.averageServiceSeconds ?? 600
        var targetTotal = 0.0, arrived = 0.0
        let categories = report.queues.filter { $0.figures.arrived > 0 }.map { row in
            let target = Double(report.targets[QueueCode(rawValue: row.key)] ?? 15) * 60
            targetTotal += target * Double(row.figures.arrived)
            arrived += Double(row.figures.arrived)
            return StaffingCategory(code: String(row.key.prefix(16)), name: String(row.name.prefix(40)),
                                    arrivalsPerHour: row.figures.arrivalsByHour.map { Double($0) / Double(days) },
                                    meanServiceSeconds: min(14_400, max(10, row.figures.averageServiceSeconds ?? fallback)))
        }
        return StaffingScenario(categories: categories, targetWaitSeconds: targetWaitSeconds ?? (arrived > 0 ? targetTotal / arrived : 900))
    }

    /// Studies `scenario` (and the staffings `asked` about). Every problem of the input at once.
    public func simulateStaffing(_ scenario: StaffingScenario, asked: [WindowLayout] = [], seed: UInt64,
                                 replications: Int = StaffingStudy.defaultReplications, by identity: Identity) throws -> StaffingStudy {
        guard Self.maySimulateStaffing(identity) else { throw TicketRuleError.forbidden("窗口配置测算仅供服务中心管理人员和监察人员使用") }
        return try StaffingStudy.run(scenario, asked: asked, seed: seed, replications: replications)
    }
}
