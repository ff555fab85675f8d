import Foundation
import OneDoorCore
import OneDoorServices

/// One line of figures, as the tables and the CSV export show them.
struct FigureRow: Sendable {
    var name: String
    var arrived: Int
    var called: Int
    var served: Int
    var noShowRate: String
    var averageWait: String
    var p90Wait: String
    var overTarget: String
    var averageService: String
    var perHour: String

    init(name: String, _ f: QueueFigures) {
        self.name = name
        arrived = f.arrived
        called = f.called
        served = f.served
        noShowRate = f.noShowRate.map(Self.percent) ?? "—"
        averageWait = f.averageWaitSeconds.map(Self.minutes) ?? "—"
        p90Wait = f.p90WaitSeconds.map { Self.minutes(Double($0)) } ?? "—"
        overTarget = f.overTargetShare.map(Self.percent) ?? "—"
        averageService = f.averageServiceSeconds.map(Self.minutes) ?? "—"
        perHour = f.ticketsPerHour.map { String(format: "%.1f", $0) } ?? "—"
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
    static func minutes(_ seconds: Double) -> String { String(format: "%.1f", seconds / 60) }

    static let csvHeader = ["维度", "名称", "取号", "已叫号", "办结", "过号率", "平均等候(分钟)", "P90等候(分钟)", "超目标等候占比", "平均办理(分钟)", "每小时取号"]
    func csvFields(dimension: String) -> [String] {
        [dimension, name, String(arrived), String(called), String(served), noShowRate, averageWait, p90Wait, overTarget, averageService, perHour]
    }
}

/// The statistics page of a hall (排队统计): the range's figures, charts drawn by the server,
/// and the same figures by queue, window, member of staff and day.
struct QueueStatisticsPage: PageModel {
    var title: String { "排队统计 · \(hallName)" }
    var bodyClass: String { "admin" }
    var hallCode: HallCode
    var hallName: String
    var from: String
    var to: String
    var total: FigureRow
    var hourChart: String
    var dayChart: String?
    var queues: [FigureRow]
    var windows: [FigureRow]
    var staff: [FigureRow]
    var days: [FigureRow]
    var csvURL: String
    var hasTickets: Bool

    init(_ report: QueueReport) {
        hallCode = report.hall.code
        hallName = report.hall.name
        from = report.from.description
        to = report.to.description
        total = FigureRow(name: "合计", report.total)
        hourChart = BarChart(
            title: "各时段取号人数", labels: (0..<24).map { String(format: "%02d时", $0) },
            values: report.total.arrivalsByHour.map(Double.init), format: { "\(Int($0)) 人" }
        ).svg()
        if report.days.count > 1 {
            let target = report.targets.values.min().map(Double.init)
            dayChart = BarChart(
                title: "每日平均等候时间（分钟）", labels: report.days.map { String($0.key.suffix(5)) },
                values: report.days.map { ($0.figures.averageWaitSeconds ?? 0) / 60 }, format: { String(format: "%.1f 分钟", $0) },
                line: target.map { ($0, "目标等候 \(Int($0)) 分钟") }
            ).svg()
        }
        queues = report.queues.map { FigureRow(name: $0.name, $0.figures) }
        windows = report.windows.map { FigureRow(name: $0.name, $0.figures) }
        staff = report.staff.map { FigureRow(name: $0.name, $0.figures) }
        days = report.days.map { FigureRow(name: $0.name, $0.figures) }
        csvURL = SiteURL.hallStatisticsCSV(.value(report.hall.code)).path(["from": from, "to": to])
        hasTickets = report.total.arrived > 0
    }

    /// The export: every table of the page, one line per row, with a BOM so that spreadsheet
    /// programs on Chinese Windows read it as UTF-8.
    static func csv(_ report: QueueReport) -> String {
        let page = QueueStatisticsPage(report)
        var lines = [FigureRow.csvHeader]
        lines.append(page.total.csvFields(dimension: "中心"))
        for (dimension, rows) in [("队列", page.queues), ("窗口", page.windows), ("工作人员", page.staff), ("日期", page.days)] {
            lines += rows.map { $0.csvFields(dimension: dimension) }
        }
        return CSVText.document(lines)
    }
}
