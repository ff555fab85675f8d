import OneDoorCore
import OneDoorServices

/// 窗口配置测算 (issue 18 §6).
extension APIHandler {
    func simulateStaffing(_ input: Operations.SimulateStaffing.Input) async throws -> Operations.SimulateStaffing.Output {
        let identity = try RequestScope.requireSignedIn()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        var c = ProblemCollector()
        var scenario: StaffingScenario?
        switch (body.hall, body.categories) {
        case (let hall?, nil):
            let yesterday = CivilDate(dayNumber: services.calendar.today.dayNumber - 1)
            var from = CivilDate(dayNumber: yesterday.dayNumber - QueueService.staffingHistoryDays + 1), to = yesterday
            if let text = body.from { if let d = CivilDate(text) { from = d } else { c.add("from", "日期应为 YYYY-MM-DD") } }
            if let text = body.to { if let d = CivilDate(text) { to = d } else { c.add("to", "日期应为 YYYY-MM-DD") } }
            try c.throwIfAny()
            scenario = try await services.queues.staffingScenario(hall: try ProblemDetails.hallCode(hall), from: from, to: to,
                                                                  targetWaitSeconds: body.targetWaitSeconds, by: identity)
        case (nil, let categories?):
            scenario = StaffingScenario(
                categories: categories.map { StaffingCategory(code: $0.code, name: $0.name ?? "", arrivalsPerHour: $0.arrivalsPerHour,
                                                              meanServiceSeconds: $0.meanServiceSeconds) },
                targetWaitSeconds: body.targetWaitSeconds ?? 900)
        case (_?, _?): c.add("categories", "hall 与 categories 只能给出一个")
        case (nil, nil): c.add("categories", "请给出 hall（取其排队统计）或 categories")
        }
        var seed: UInt64 = 1
        if let asked = body.seed { if let s = UInt64(exactly: asked) { seed = s } else { c.add("seed", "随机种子应为非负整数") } }
        try c.throwIfAny()
        guard var scenario else { throw ValidationFailed(c.problems) }
        if let shape = body.serviceShape { scenario.serviceShape = ServiceTimeShape(rawValue: shape.rawValue) ?? .exponential }
        if let variation = body.serviceVariation { scenario.serviceVariation = variation }
        var asked: [WindowLayout] = []
        if let n = body.windows?.comprehensive { asked.append(.comprehensive(n)) }
        if let counts = body.windows?.dedicated?.additionalProperties { asked.append(.dedicated(counts)) }
        let study = try services.queues.simulateStaffing(scenario, asked: asked, seed: seed,
                                                         replications: body.replications ?? StaffingStudy.defaultReplications, by: identity)
        return .ok(.init(body: .json(Convert.staffing(study))))
    }
}

extension Convert {
    static func staffing(_ study: StaffingStudy) -> Components.Schemas.StaffingStudy {
        func need(_ dedicated: [String: Int], _ comprehensive: Int) -> Components.Schemas.StaffingNeed {
            .init(dedicated: .init(additionalProperties: dedicated), dedicatedTotal: dedicated.values.reduce(0, +), comprehensive: comprehensive)
        }
        return Components.Schemas.StaffingStudy(
            categories: study.scenario.categories.map {
                .init(code: $0.code, name: $0.name, arrivalsPerHour: $0.arrivalsPerHour, meanServiceSeconds: $0.meanServiceSeconds)
            },
            targetWaitSeconds: study.scenario.targetWaitSeconds,
            serviceShape: .init(rawValue: study.scenario.serviceShape.rawValue) ?? .exponential,
            seed: Int64(truncatingIfNeeded: study.seed), replications: study.replications,
            hours: study.hours.map { .init(hour: $0.hour, arrivals: $0.arrivals, dedicatedWindows: $0.dedicatedWindows, comprehensiveWindows: $0.comprehensiveWindows) },
            erlang: need(study.erlangDedicated, study.erlangComprehensive),
            simulated: need(study.simulatedDedicated, study.simulatedComprehensive),
            evaluations: study.evaluations.map { e in
                let dedicated: [String: Int]? = if case .dedicated(let counts) = e.layout { counts } else { nil }
                let s = e.simulated
                return .init(
                    layout: dedicated == nil ? .comprehensive : .dedicated, windows: e.layout.windows,
                    dedicatedWindows: dedicated.map { .init(additionalProperties: $0) }, asked: e.asked,
                    erlangAverageWaitSeconds: e.erlangAverageWaitSeconds,
                    simulated: .init(replications: s.replications, ticketsPerDay: s.ticketsPerDay, averageWaitSeconds: s.averageWaitSeconds,
                                     averageWaitHalfWidth: s.averageWaitHalfWidth, p90WaitSeconds: s.p90WaitSeconds, overTargetShare: s.overTargetShare,
                                     longestWaitSeconds: s.longestWaitSeconds, utilisation: s.utilisation,
                                     categoryWaits: .init(additionalProperties: s.categoryWaits)))
            })
    }
}
