import Foundation
import OneDoorCore
import OneDoorServices

/// 窗口配置测算 (issue 18 §6): the simulator's form (a hall's statistics or a table typed in) and
/// its answer — the windows each layout needs, the waits of each, hour by hour and by category.
struct StaffingPage: PageModel {
    struct HallOption: Sendable { var code: String; var name: String; var selected: Bool }
    struct ShapeOption: Sendable { var value: String; var label: String; var selected: Bool }
    struct Evaluation: Sendable {
        var name: String
        var asked: Bool
        var windows: Int
        var erlangWait: String
        var simulatedWait: String
        var p90Wait: String
        var overTarget: String
        var utilisation: String
        var longest: String
    }
    struct Category: Sendable {
        var code: String
        var name: String
        var ticketsPerDay: String
        var service: String
        var peak: String
        var erlangWindows: Int
        var simulatedWindows: Int
        var dedicatedWait: String
        var comprehensiveWait: String
    }
    struct Hour: Sendable { var hour: String; var arrivals: String; var dedicated: String; var comprehensive: String }
    struct Answer: Sendable {
        var dedicatedWindows: Int
        var comprehensiveWindows: Int
        var saved: Int
        var savedPercent: String
        var erlangDedicated: Int
        var erlangComprehensive: Int
        var target: String
        var tickets: String
        var replications: Int
        var seed: String
        var evaluations: [Evaluation]
        var categories: [Category]
        var hours: [Hour]
        var chart: String
    }

    var title: String { "窗口配置测算" }
    var bodyClass: String { "admin" }
    var halls: [HallOption]
    var fromHall: Bool
    var from: String
    var to: String
    var target: String
    var shapes: [ShapeOption]
    var variation: String
    var seed: String
    var replications: String
    var table: String
    var comprehensive: String
    var dedicated: String
    var answer: Answer?
    var problems: [ValidationProblemRow]

    struct Form: Sendable {
        var hall: HallCode?
        var fromHall = true
        var from: CivilDate
        var to: CivilDate
        var target = ""
        var shape = ServiceTimeShape.exponential
        var variation = "1"
        var seed = "1"
        var replications = "\(StaffingStudy.defaultReplications)"
        var table = ""
        var comprehensive = ""
        var dedicated = ""
    }

    init(form: Form, halls: [Hall], study: StaffingStudy?, problems: [ValidationProblem] = []) {
        self.halls = halls.map { HallOption(code: $0.code.rawValue, name: $0.name, selected: $0.code == form.hall) }
        fromHall = form.fromHall
        from = form.from.description
        to = form.to.description
        target = form.target
        shapes = ServiceTimeShape.allCases.map { ShapeOption(value: $0.rawValue, label: $0.label, selected: $0 == form.shape) }
        variation = form.variation
        seed = form.seed
        replications = form.replications
        table = study.map { StaffingTable.text($0.scenario.categories) } ?? form.table
        comprehensive = form.comprehensive
        dedicated = form.dedicated
        answer = study.map(Self.answer)
        self.problems = problems.map(ValidationProblemRow.init)
    }

    static func minutes(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "无法消化" }
        return String(format: "%.1f 分钟", seconds / 60)
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    static func layoutName(_ layout: WindowLayout) -> String {
        switch layout {
        case .dedicated: "按部门分设窗口"
        case .comprehensive: "综合窗口（一窗受理）"
        }
    }

    static func answer(_ study: StaffingStudy) -> Answer {
        let dedicated = study.simulatedDedicatedTotal, comprehensive = study.simulatedComprehensive
        let evaluations = study.evaluations.map { e in
            Evaluation(name: layoutName(e.layout), asked: e.asked, windows: e.layout.windows, erlangWait: minutes(e.erlangAverageWaitSeconds),
                       simulatedWait: minutes(e.simulated.averageWaitSeconds) + String(format: " ± %.1f", e.simulated.averageWaitHalfWidth / 60),
                       p90Wait: minutes(e.simulated.p90WaitSeconds), overTarget: percent(e.simulated.overTargetShare),
                       utilisation: percent(e.simulated.utilisation), longest: minutes(e.simulated.longestWaitSeconds))
        }
        let byLayout = { (kind: String) in
            study.evaluations.first { e in
                switch e.layout {
                case .dedicated: kind == "dedicated" && !e.asked
                case .comprehensive: kind == "comprehensive" && !e.asked
                }
            }
        }
        let dedicatedRun = byLayout("dedicated"), comprehensiveRun = byLayout("comprehensive")
        let categories = study.scenario.categories.map { c in
            Category(code: c.code, name: c.name, ticketsPerDay: StaffingTable.number(c.ticketsPerDay),
                     service: String(format: "%.1f 分钟", c.meanServiceSeconds / 60), peak: StaffingTable.number(c.arrivalsPerHour.max() ?? 0),
                     erlangWindows: study.erlangDedicated[c.code] ?? 0, simulatedWindows: study.simulatedDedicated[c.code] ?? 0,
                     dedicatedWait: minutes(dedicatedRun?.simulated.categoryWaits[c.code]),
                     comprehensiveWait: minutes(comprehensiveRun?.simulated.categoryWaits[c.code]))
        }
        let open = study.hours.filter { $0.arrivals > 0 }
        return Answer(
            dedicatedWindows: dedicated, comprehensiveWindows: comprehensive, saved: dedicated - comprehensive,
            savedPercent: dedicated > 0 ? percent(Double(dedicated - comprehensive) / Double(dedicated)) : "—",
            erlangDedicated: study.erlangDedicatedTotal, erlangComprehensive: study.erlangComprehensive,
            target: minutes(study.scenario.targetWaitSeconds), tickets: StaffingTable.number(study.scenario.ticketsPerDay),
            replications: study.replications, seed: String(study.seed), evaluations: evaluations, categories: categories,
            hours: open.map { h in
                Hour(hour: String(format: "%02d:00–%02d:00", h.hour, h.hour + 1), arrivals: StaffingTable.number(h.arrivals),
                     dedicated: h.dedicatedWindows.map(String.init) ?? "—", comprehensive: h.comprehensiveWindows.map(String.init) ?? "—")
            },
            chart: BarChart(title: "各时段到达（张/小时）", labels: (0..<24).map { String(format: "%02d时", $0) },
                            values: study.hours.map(\.arrivals), format: { StaffingTable.number($0) + " 张" }).svg()
        )
    }
}
