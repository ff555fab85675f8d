import Foundation
import OneDoorCore
import OneDoorServices

/// 办件统计 (issue 18 §5): volume, outcomes, timeliness, trips and 即办 by item, department, hall,
/// channel or month, with the months' volume drawn and a CSV of the same rows.
struct CaseStatisticsPage: PageModel {
    struct Row: Sendable {
        var key: String
        var name: String
        var received: Int
        var accepted: String
        var refused: String
        var corrected: String
        var immediate: String
        var concluded: Int
        var onTime: String
        var days: String
        var trips: String
        var zeroTrips: String
        var oneTrip: String

        init(key: String, name: String, _ f: CaseFigures) {
            self.key = key
            self.name = name
            received = f.received
            accepted = CaseStatisticsPage.percent(f.acceptedShare)
            refused = CaseStatisticsPage.percent(f.refusedShare)
            corrected = CaseStatisticsPage.percent(f.correctedShare)
            immediate = CaseStatisticsPage.percent(f.immediateShare)
            concluded = f.concluded
            onTime = CaseStatisticsPage.percent(f.onTimeShare)
            days = f.averageWorkingDays.map { d in String(format: "%.1f", d) + (f.averagePromisedDays.map { String(format: "（承诺 %.1f）", $0) } ?? "") } ?? "—"
            trips = f.averageTrips.map { String(format: "%.2f", $0) } ?? "—"
            zeroTrips = CaseStatisticsPage.percent(f.zeroTripShare)
            oneTrip = CaseStatisticsPage.percent(f.atMostOneTripShare)
        }

        var csvFields: [String] { [key, name, String(received), accepted, refused, corrected, immediate, String(concluded), onTime, days, trips, zeroTrips, oneTrip] }
        static let csvHeader = ["代码", "名称", "收件", "受理率", "不予受理率", "一次性告知率", "即办率", "办结", "按时办结率", "平均办理工作日", "平均跑动次数",
                                "零跑腿占比", "最多跑一次占比"]
    }

    var title: String { "办件统计" }
    var bodyClass: String { "admin" }
    var from: String
    var to: String
    var groupings: [SelectOption]
    var groupingLabel: String
    var total: Row
    var rows: [Row]
    var hasRows: Bool
    var chart: String
    var csvURL: String
    var problems: [ValidationProblemRow]

    init(_ report: CaseStatisticsReport?, from: String, to: String, grouping: CaseGrouping, problems: [ValidationProblem] = []) {
        self.from = from
        self.to = to
        groupings = CaseGrouping.allCases.map { SelectOption(code: $0.rawValue, name: $0.label, selected: $0 == grouping) }
        groupingLabel = grouping.label
        total = Row(key: "", name: "合计", report?.total ?? CaseFigures())
        rows = report?.rows.map { Row(key: $0.key, name: $0.name, $0.figures) } ?? []
        hasRows = !rows.isEmpty
        chart = report.map { r in
            BarChart(title: "每月收件", labels: r.months.map { String($0.key.suffix(5)) }, values: r.months.map { Double($0.figures.received) },
                     format: { "\(Int($0)) 件" }).svg()
        } ?? ""
        csvURL = SiteURL.caseStatisticsCSV.path(["from": from, "to": to, "by": grouping.rawValue])
        self.problems = problems.map(ValidationProblemRow.init)
    }

    static func percent(_ share: Double?) -> String { share.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }

    static func csv(_ report: CaseStatisticsReport) -> String {
        let page = CaseStatisticsPage(report, from: report.from, to: report.to, grouping: report.grouping)
        let lines = [Row.csvHeader, page.total.csvFields] + page.rows.map(\.csvFields)
        return CSVText.document(lines)
    }
}
