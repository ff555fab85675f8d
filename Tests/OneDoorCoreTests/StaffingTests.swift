import OneDoorCore
import Testing

/// The staffing simulator (issue 18 §6): Erlang C against published tables and closed forms, the
/// simulation against Erlang C (and Pollaczek–Khinchine for other service times) within its
/// confidence bounds, the pooling effect, repeatability and every problem of a bad request.
@Suite struct StaffingTests {
    /// A day with `rate` tickets an hour from `from` to `to` (exclusive).
    static func profile(_ rate: Double, from: Int = 0, to: Int = 24) -> [Double] {
        (0..<24).map { $0 >= from && $0 < to ? rate : 0 }
    }

    @Test func erlangCMatchesThePublishedTable() {
        // The table every call-centre text prints for 10 erlangs offered (e.g. 200 calls an hour
        // of 180 s): the probability of waiting with 11 to 14 agents.
        let published: [(Int, Double)] = [(11, 0.6821), (12, 0.4494), (13, 0.2853), (14, 0.1741)]
        for (servers, probability) in published {
            #expect(abs(ErlangC.probabilityOfWaiting(servers: servers, load: 10) - probability) < 0.00005)
        }
        // Closed forms: M/M/1 waits with probability ρ; M/M/3 at 2 erlangs with 4/9.
        #expect(abs(ErlangC.probabilityOfWaiting(servers: 1, load: 0.7) - 0.7) < 1e-12)
        #expect(abs(ErlangC.probabilityOfWaiting(servers: 3, load: 2) - 4.0 / 9) < 1e-12)
        // The average wait is P(wait) / (cμ − λ): 0.4494 × 180 / 2 ≈ 40.4 s for 12 agents.
        let wait = ErlangC.averageWait(servers: 12, arrivalsPerHour: 200, meanServiceSeconds: 180)
        #expect(wait.map { abs($0 - 40.445) < 0.01 } == true)
        // More load than windows never settles.
        #expect(ErlangC.averageWait(servers: 10, arrivalsPerHour: 200, meanServiceSeconds: 180) == nil)
        #expect(ErlangC.probabilityOfWaiting(servers: 10, load: 10) == 1)
        // Hundreds of windows stay finite (powers and factorials would overflow).
        let big = ErlangC.probabilityOfWaiting(servers: 400, load: 380)
        #expect(big.isFinite && big > 0 && big < 1)
        // The service level: within 20 s, 1 − P(wait)·e^(−(cμ−λ)t).
        let level = ErlangC.calledWithin(20, servers: 12, arrivalsPerHour: 200, meanServiceSeconds: 180)
        #expect(abs(level - 0.6402) < 0.0001)
    }

    @Test func windowsNeededIsTheFewestThatMeetTheTarget() throws {
        for (rate, service, target) in [(200.0, 180.0, 60.0), (30, 300, 30), (12, 900, 600), (1_000, 240, 120)] {
            let needed = try #require(ErlangC.windowsNeeded(arrivalsPerHour: rate, meanServiceSeconds: service, targetSeconds: target))
            let wait = try #require(ErlangC.averageWait(servers: needed, arrivalsPerHour: rate, meanServiceSeconds: service))
            #expect(wait <= target)
            let fewer = ErlangC.averageWait(servers: needed - 1, arrivalsPerHour: rate, meanServiceSeconds: service)
            #expect(fewer.map { $0 > target } ?? true)
        }
        #expect(ErlangC.windowsNeeded(arrivalsPerHour: 0, meanServiceSeconds: 300, targetSeconds: 60) == 0)
    }

    @Test func theSimulationAgreesWithErlangCWithinItsConfidenceBounds() throws {
        // A steady day of 10 erlangs on 12 windows, the first two hours left out as the hall fills.
        let scenario = StaffingScenario(
            categories: [StaffingCategory(code: "A", name: "综合", arrivalsPerHour: Self.profile(200), meanServiceSeconds: 180)],
            targetWaitSeconds: 60)
        let simulated = HallSimulation.run(scenario, layout: .comprehensive(12), seed: 2026, replications: 100, warmUpSeconds: 7_200)
        let expected = try #require(ErlangC.averageWait(servers: 12, arrivalsPerHour: 200, meanServiceSeconds: 180))
        // 99 % bounds (the normal's 2.576 against the 95 % 1.96 the figures carry).
        let bound = simulated.averageWaitHalfWidth * 2.576 / 1.96
        #expect(abs(simulated.averageWaitSeconds - expected) <= bound, "simulated \(simulated.averageWaitSeconds) ± \(bound), Erlang C \(expected)")
        #expect(bound < expected * 0.1)
        // The share called within the target agrees with Erlang C's service level.
        let level = ErlangC.calledWithin(60, servers: 12, arrivalsPerHour: 200, meanServiceSeconds: 180)
        #expect(abs((1 - simulated.overTargetShare) - level) < 0.02)
        #expect(abs(simulated.ticketsPerDay - 200 * 22) < 200 * 22 * 0.02)
    }

    @Test func otherServiceTimesAgreeWithPollaczekKhinchine() throws {
        // One window, ρ = 0.75: Wq = λE[S²] / 2(1 − ρ); E[S²] = s²(1 + v²) — 0 for fixed times, v for log-normal.
        for (shape, variation) in [(ServiceTimeShape.fixed, 0.0), (.lognormal, 0.5), (.lognormal, 1.5)] {
            let scenario = StaffingScenario(
                categories: [StaffingCategory(code: "A", name: "综合", arrivalsPerHour: Self.profile(9), meanServiceSeconds: 300)],
                targetWaitSeconds: 600, serviceShape: shape, serviceVariation: max(variation, 0.05))
            let v = shape == .fixed ? 0 : variation
            let lambda = 9.0 / 3600, rho = lambda * 300
            let expected = lambda * 300 * 300 * (1 + v * v) / (2 * (1 - rho))
            let simulated = HallSimulation.run(scenario, layout: .comprehensive(1), seed: 7, replications: 60, warmUpSeconds: 7_200)
            let bound = simulated.averageWaitHalfWidth * 2.66 / 2.0  // ~99 % for 59 degrees of freedom
            #expect(abs(simulated.averageWaitSeconds - expected) <= bound, "\(shape) \(variation): \(simulated.averageWaitSeconds) ± \(bound), P-K \(expected)")
        }
    }

    /// Six departments' categories over a real day's profile (the morning and afternoon peaks).
    static let hall: StaffingScenario = {
        let shape: [Double] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1.0, 1.3, 1.1, 0.3, 0.6, 1.2, 1.0, 0.8, 0.4, 0, 0, 0, 0, 0, 0]
        let departments: [(String, String, Double, Double)] = [
            ("A", "市场监管", 14, 900), ("B", "不动产", 10, 1_200), ("C", "社保", 18, 420),
            ("D", "公安", 12, 360), ("E", "税务", 8, 600), ("F", "民政", 4, 480),
        ]
        return StaffingScenario(
            categories: departments.map { code, name, peak, service in
                StaffingCategory(code: code, name: name, arrivalsPerHour: shape.map { $0 * peak }, meanServiceSeconds: service)
            },
            targetWaitSeconds: 300, serviceShape: .lognormal, serviceVariation: 0.8)
    }()

    @Test func comprehensiveWindowsNeedFewerWindowsForTheSameWaits() throws {
        let study = try StaffingStudy.run(Self.hall, seed: 42, replications: 20)
        // Pooling: by Erlang C at the peak and by simulating the day.
        #expect(study.erlangComprehensive < study.erlangDedicatedTotal)
        #expect(study.simulatedComprehensive < study.simulatedDedicatedTotal)
        let dedicated = try #require(study.evaluations.first { if case .dedicated = $0.layout { true } else { false } })
        let comprehensive = try #require(study.evaluations.first { if case .comprehensive = $0.layout { true } else { false } })
        #expect(dedicated.simulated.averageWaitSeconds <= 300 && comprehensive.simulated.averageWaitSeconds <= 300)
        #expect(comprehensive.layout.windows == study.simulatedComprehensive)
        // The fewest: one window less misses the target.
        let fewer = HallSimulation.run(Self.hall, layout: .comprehensive(study.simulatedComprehensive - 1), seed: 42, replications: 20)
        #expect(fewer.averageWaitSeconds > 300)
        // The dedicated windows found per category are each the fewest for that category.
        for category in Self.hall.categories {
            let count = try #require(study.simulatedDedicated[category.code])
            #expect(count >= 1)
            #expect((dedicated.simulated.categoryWaits[category.code] ?? .infinity) <= 300 * 1.0001)
        }
        // Asked about the dedicated staffing's window count laid out comprehensively, the waits drop.
        let asked = try StaffingStudy.run(Self.hall, asked: [.comprehensive(study.simulatedDedicatedTotal)], seed: 42, replications: 20)
        let same = try #require(asked.evaluations.last)
        #expect(same.asked && same.simulated.averageWaitSeconds < dedicated.simulated.averageWaitSeconds)
        #expect(study.hours[3].arrivals == 0 && abs(study.hours[10].arrivals - 66 * 1.3) < 1e-9)
    }

    @Test func theSameSeedGivesTheSameAnswer() throws {
        let one = try StaffingStudy.run(Self.hall, seed: 9, replications: 5)
        let two = try StaffingStudy.run(Self.hall, seed: 9, replications: 5)
        #expect(one.evaluations == two.evaluations)
        let other = try StaffingStudy.run(Self.hall, seed: 10, replications: 5)
        #expect(other.evaluations[1].simulated.averageWaitSeconds != one.evaluations[1].simulated.averageWaitSeconds)
    }

    @Test func aBadScenarioNamesEveryProblem() {
        var bad = Self.hall
        bad.categories[0].arrivalsPerHour = Array(repeating: 1, count: 23)
        bad.categories[1].arrivalsPerHour[9] = -1
        bad.categories[2].arrivalsPerHour[10] = .nan
        bad.categories[3].code = "A"
        bad.categories[4].meanServiceSeconds = 0
        bad.targetWaitSeconds = .infinity
        bad.serviceVariation = 9
        let failed = #expect(throws: ValidationFailed.self) {
            try StaffingStudy.run(bad, seed: 1, replications: 500)
        }
        #expect(Set(failed?.problems.map(\.path) ?? []) == [
            "categories[0].arrivalsPerHour", "categories[1].arrivalsPerHour[9]", "categories[2].arrivalsPerHour[10]",
            "categories[3].code", "categories[4].meanServiceSeconds", "targetWaitSeconds", "serviceVariation", "replications",
        ])
        // A staffing asked about must give every category with arrivals a window.
        let layout = #expect(throws: ValidationFailed.self) {
            try StaffingStudy.run(Self.hall, asked: [.dedicated(["A": 2, "Z": 1]), .comprehensive(0)], seed: 1, replications: 2)
        }
        #expect(Set(layout?.problems.map(\.path) ?? []) == [
            "windows.dedicated.Z", "windows.dedicated.B", "windows.dedicated.C", "windows.dedicated.D", "windows.dedicated.E",
            "windows.dedicated.F", "windows.comprehensive",
        ])
        // A day without arrivals has nothing to staff.
        let empty = StaffingScenario(categories: [StaffingCategory(code: "A", name: "", arrivalsPerHour: Self.profile(0), meanServiceSeconds: 60)],
                                     targetWaitSeconds: 60)
        #expect(empty.problems().map(\.path) == ["categories"])
    }
}

/// The simulator's editable table: what it prints reads back the same; bad lines are named.
@Suite struct StaffingTableTests {
    @Test func aTableReadsBackWhatItPrints() throws {
        let text = StaffingTable.text(StaffingTests.hall.categories)
        #expect(text.split(separator: "\n").first == "A | 市场监管 | 900 | 9=14 10=18.2 11=15.4 12=4.2 13=8.4 14=16.8 15=14 16=11.2 17=5.6")
        let read = try StaffingTable.categories(text)
        #expect(read.map(\.code) == ["A", "B", "C", "D", "E", "F"])
        for (a, b) in zip(read, StaffingTests.hall.categories) {
            #expect(a.meanServiceSeconds == b.meanServiceSeconds)
            #expect(zip(a.arrivalsPerHour, b.arrivalsPerHour).allSatisfy { abs($0 - $1) < 0.051 })
        }
        // Full-width bars and colons, comments and blank lines are fine.
        let typed = try StaffingTable.categories("# 类别\n\nB ｜ 不动产 ｜ 1200 ｜ 9：10，10：13\n")
        #expect(typed.first?.arrivalsPerHour[10] == 13)
    }

    @Test func badLinesAreNamed() {
        let failed = #expect(throws: ValidationFailed.self) {
            try StaffingTable.categories("A | 一 | 900\nB | 二 | 快 | 9=1\nC | 三 | 60 | 25=3 9=x")
        }
        let reasons = failed?.problems.map(\.reason) ?? []
        #expect(reasons.count == 4)
        #expect(reasons[0].hasPrefix("第 1 行") && reasons[1].hasPrefix("第 2 行") && reasons[2].contains("25=3") && reasons[3].contains("9=x"))
        #expect(failed?.problems.allSatisfy { $0.path == "table" } == true)
        #expect(throws: ValidationFailed.self) { try StaffingTable.categories("  \n# 无\n") }
    }
}
