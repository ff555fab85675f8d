import ArgumentParser
import Foundation
import OneDoorCore
import OneDoorServices
import OneDoorStorage

/// `onedoor simulate-staffing`: the staffing simulator (issue 18 §6) from the command line — a
/// hall's day from the database's queue statistics, or a table file in the page's format.
struct SimulateStaffing: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate-staffing",
        abstract: "窗口配置测算：按部门分设窗口与综合窗口各需多少窗口（Erlang C 与离散事件仿真）",
        discussion: """
        到达规律取自 --hall 的排队统计（--from/--to，默认昨日前 28 天），或 --table 文件：
        每行一个业务类别“代码 | 名称 | 平均办理秒数 | 时=每小时到达数 …”，# 开头为注释。
        """
    )
    @OptionGroup var settings: Settings
    @Option(help: "服务中心代码（取其排队统计）") var hall: String?
    @Option(help: "统计起日 YYYY-MM-DD") var from: String?
    @Option(help: "统计止日 YYYY-MM-DD") var to: String?
    @Option(help: "到达规律表文件（代替 --hall）") var table: String?
    @Option(help: "目标平均等候（分钟）；默认各队列目标或 15") var targetMinutes: Double?
    @Option(help: "办理时长分布：exponential、lognormal、fixed") var shape: String = "exponential"
    @Option(help: "变异系数（lognormal）") var variation: Double = 1
    @Option(help: "随机种子") var seed: UInt64 = 1
    @Option(help: "仿真天数") var replications: Int = StaffingStudy.defaultReplications
    @Option(help: "给定的综合窗口数") var comprehensive: Int?
    @Option(help: "给定的分设窗口，如 \"A=3 B=2\"") var dedicated: String?

    func run() async throws {
        guard let serviceShape = ServiceTimeShape(rawValue: shape) else { throw ValidationError("--shape 可选 exponential、lognormal、fixed") }
        do {
            var scenario: StaffingScenario
            switch (hall, table) {
            case (let hall?, nil): scenario = try await hallScenario(hall)
            case (nil, let path?):
                let text = try String(contentsOfFile: path, encoding: .utf8)
                scenario = StaffingScenario(categories: try StaffingTable.categories(text), targetWaitSeconds: (targetMinutes ?? 15) * 60)
            default: throw ValidationError("请给出 --hall 或 --table 之一")
            }
            scenario.serviceShape = serviceShape
            scenario.serviceVariation = variation
            var asked: [WindowLayout] = []
            if let comprehensive { asked.append(.comprehensive(comprehensive)) }
            if let dedicated { asked.append(.dedicated(try StaffingTable.windowCounts(dedicated, field: "--dedicated"))) }
            let started = ContinuousClock.now
            let study = try StaffingStudy.run(scenario, asked: asked, seed: seed, replications: replications)
            print(Self.report(study, elapsed: ContinuousClock.now - started))
        } catch let failed as ValidationFailed {
            var standardError = FileHandle.standardError
            for problem in failed.problems { print("\(problem.path)：\(problem.reason)", to: &standardError) }
            throw ExitCode(2)
        }
    }

    private func hallScenario(_ code: String) async throws -> StaffingScenario {
        let demo = try await DemoDatabase(settings)
        let queues = QueueService(repository: QueueRepository(database: demo.database), catalog: demo.catalog, calendar: demo.calendar, clock: demo.clock)
        // The command line runs as the machine's operator: a supervisor's reading of statistics.
        let operatorIdentity = Identity(account: StaffAccount(username: "cli", displayName: "命令行", staffNumber: "CLI", role: .supervisor),
                                        sessionTokenHash: "", csrfToken: "")
        let yesterday = CivilDate(dayNumber: demo.calendar.today.dayNumber - 1)
        func date(_ text: String?, _ fallback: CivilDate) throws -> CivilDate {
            guard let text else { return fallback }
            guard let date = CivilDate(text) else { throw ValidationError("日期“\(text)”应为 YYYY-MM-DD") }
            return date
        }
        let scenario = try await queues.staffingScenario(
            hall: HallCode(rawValue: code), from: try date(from, CivilDate(dayNumber: yesterday.dayNumber - QueueService.staffingHistoryDays + 1)),
            to: try date(to, yesterday), targetWaitSeconds: targetMinutes.map { $0 * 60 }, by: operatorIdentity)
        try await demo.database.close()
        return scenario
    }

    static func report(_ study: StaffingStudy, elapsed: Duration) -> String {
        func minutes(_ s: Double?) -> String { s.map { String(format: "%.1f", $0 / 60) } ?? "∞" }
        var lines = [
            "目标平均等候 \(minutes(study.scenario.targetWaitSeconds)) 分钟，全天约 \(StaffingTable.number(study.scenario.ticketsPerDay)) 张票，"
                + "仿真 \(study.replications) 天，种子 \(study.seed)（用时 \(elapsed.formatted(.units(allowed: [.milliseconds]))))",
            "所需窗口  按部门分设：仿真 \(study.simulatedDedicatedTotal)（Erlang C 最忙时段 \(study.erlangDedicatedTotal)）"
                + "  综合窗口：仿真 \(study.simulatedComprehensive)（Erlang C \(study.erlangComprehensive)）"
                + "  少 \(study.simulatedDedicatedTotal - study.simulatedComprehensive) 个",
            "",
            "设置\t窗口\tErlang C 等候(分)\t仿真等候(分) ±95%\tP90(分)\t超目标\t忙碌率",
        ]
        for e in study.evaluations {
            let name = switch e.layout { case .dedicated: "分设"; case .comprehensive: "综合" }
            let s = e.simulated
            lines.append("\(name)\(e.asked ? "(给定)" : "")\t\(e.layout.windows)\t\(minutes(e.erlangAverageWaitSeconds))\t"
                         + "\(minutes(s.averageWaitSeconds)) ±\(minutes(s.averageWaitHalfWidth))\t\(minutes(s.p90WaitSeconds))\t"
                         + String(format: "%.1f%%\t%.1f%%", s.overTargetShare * 100, s.utilisation * 100))
        }
        lines.append("")
        lines.append("类别\t全天\t办理(分)\t分设窗口 Erlang C/仿真")
        for c in study.scenario.categories {
            lines.append("\(c.code) \(c.name)\t\(StaffingTable.number(c.ticketsPerDay))\t\(minutes(c.meanServiceSeconds))\t"
                         + "\(study.erlangDedicated[c.code] ?? 0)/\(study.simulatedDedicated[c.code] ?? 0)")
        }
        return lines.joined(separator: "\n")
    }
}

/// `onedoor bench staffing TABLE`: how long the simulator takes — one simulated day of a hall
/// laid out as `--windows` comprehensive windows (the issue's goal: under a second for 50), and
/// the whole study of the table (both layouts' windows found, each day replicated).
struct BenchStaffing: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "staffing", abstract: "窗口配置测算的用时（一天仿真、整套测算）")
    @Argument(help: "到达规律表文件（bench/staffing-50.txt）") var table: String
    @Option(help: "综合窗口数") var windows = 50
    @Option(help: "重复测量次数") var samples = 20

    func run() async throws {
        let text = try String(contentsOfFile: table, encoding: .utf8)
        let scenario = StaffingScenario(categories: try StaffingTable.categories(text), targetWaitSeconds: 600, serviceShape: .lognormal,
                                        serviceVariation: 0.8)
        func milliseconds(_ d: Duration) -> Double { Double(d.components.seconds) * 1_000 + Double(d.components.attoseconds) / 1e15 }
        var days: [Double] = [], studies: [Double] = []
        var tickets = 0.0
        for sample in 0..<samples {
            let start = ContinuousClock.now
            let day = HallSimulation.run(scenario, layout: .comprehensive(windows), seed: UInt64(sample + 1), replications: 1)
            days.append(milliseconds(ContinuousClock.now - start))
            tickets = day.ticketsPerDay
        }
        var study: StaffingStudy?
        for sample in 0..<max(1, samples / 4) {
            let start = ContinuousClock.now
            study = try StaffingStudy.run(scenario, seed: UInt64(sample + 1))
            studies.append(milliseconds(ContinuousClock.now - start))
        }
        days.sort()
        studies.sort()
        print(String(format: "一天仿真（%d 个综合窗口，约 %.0f 张票）：中位 %.2f ms，最长 %.2f ms", windows, tickets, days[days.count / 2], days[days.count - 1]))
        print(String(format: "整套测算（%d 天 × 各窗口数，两种设置）：中位 %.0f ms，最长 %.0f ms", StaffingStudy.defaultReplications,
                     studies[studies.count / 2], studies[studies.count - 1]))
        if let study {
            print("所需窗口：分设 \(study.simulatedDedicatedTotal)，综合 \(study.simulatedComprehensive)（Erlang C 最忙时段：\(study.erlangDedicatedTotal) / \(study.erlangComprehensive)）")
        }
    }
}
