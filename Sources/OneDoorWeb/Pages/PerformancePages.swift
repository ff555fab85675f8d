import Foundation
import OneDoorCore
import OneDoorServices

/// One member of staff's line of figures, as every performance page and CSV prints it.
struct StaffPerformanceRow: Sendable {
    var staffNumber: String
    var name: String
    var role: String
    var link: String
    var ticketsServed: Int
    var averageService: String
    var casesReceived: Int
    var casesAccepted: Int
    var correctionNotices: Int
    var sentBack: Int
    var sentBackShare: String
    var ratings: Int
    var satisfaction: String
    var negative: Int
    var complaintsUpheld: Int

    init(_ p: StaffPerformance, label: String? = nil) {
        staffNumber = p.staffNumber
        name = label ?? p.name
        role = p.role?.label ?? ""
        link = SiteURL.performanceStaff(.value(p.staffNumber)).path
        ticketsServed = p.ticketsServed
        averageService = p.averageServiceSeconds.map { String(format: "%.1f", $0 / 60) } ?? "—"
        casesReceived = p.casesReceived
        casesAccepted = p.casesAccepted
        correctionNotices = p.correctionNotices
        sentBack = p.sentBack
        sentBackShare = CaseStatisticsPage.percent(p.sentBackShare)
        ratings = p.ratings
        satisfaction = CaseStatisticsPage.percent(p.satisfactionShare)
        negative = p.negative
        complaintsUpheld = p.complaintsUpheld
    }

    static let csvHeader = ["工号", "姓名", "岗位", "办结取号", "平均办理（分钟）", "收件", "受理", "一次性告知", "被退回", "退回率", "评价", "满意率", "差评", "投诉属实"]

    var csvFields: [String] {
        [staffNumber, name, role, String(ticketsServed), averageService, String(casesReceived), String(casesAccepted), String(correctionNotices),
         String(sentBack), sentBackShare, String(ratings), satisfaction, String(negative), String(complaintsUpheld)]
    }
}

struct DepartmentPerformanceRow: Sendable {
    var code: String
    var name: String
    var received: Int
    var concluded: Int
    var onTime: String
    var averageDays: String
    var promisedDays: String
    var againstPromise: String
    var specialProcedures: Int
    var ratings: Int
    var satisfaction: String
    var negative: Int
    var complaintsUpheld: Int

    init(_ d: DepartmentPerformance) {
        code = d.department.rawValue
        name = d.name
        received = d.cases.received
        concluded = d.cases.concluded
        onTime = CaseStatisticsPage.percent(d.onTimeShare)
        averageDays = d.cases.averageWorkingDays.map { String(format: "%.1f", $0) } ?? "—"
        promisedDays = d.cases.averagePromisedDays.map { String(format: "%.1f", $0) } ?? "—"
        againstPromise = d.daysAgainstPromise.map { String(format: "%+.1f", $0) } ?? "—"
        specialProcedures = d.cases.specialProcedures
        ratings = d.ratings
        satisfaction = CaseStatisticsPage.percent(d.satisfactionShare)
        negative = d.negative
        complaintsUpheld = d.complaintsUpheld
    }

    static let csvHeader = ["代码", "部门", "收件", "办结", "按时办结率", "平均办理工作日", "平均承诺工作日", "较承诺（工作日）", "特别程序", "评价", "满意率", "差评", "投诉属实"]

    var csvFields: [String] {
        [code, name, String(received), String(concluded), onTime, averageDays, promisedDays, againstPromise, String(specialProcedures), String(ratings),
         satisfaction, String(negative), String(complaintsUpheld)]
    }
}

/// 绩效考核 (issue 18 §4): a month of every member of staff and every department.
struct PerformancePage: PageModel {
    var title: String { "绩效考核 · \(monthLabel)" }
    var month: String
    var monthLabel: String
    var previous: String
    var next: String
    var staff: [StaffPerformanceRow]
    var departments: [DepartmentPerformanceRow]
    var staffCSV: String
    var departmentsCSV: String

    init(month: CivilDate, staff: [StaffPerformance], departments: [DepartmentPerformance]) {
        let text = CaseStatisticsService.monthText(month)
        self.month = text
        monthLabel = "\(month.year)年\(month.month)月"
        previous = SiteURL.performance.path(["month": CaseStatisticsService.monthText(month.firstOfMonth(adding: -1))])
        next = SiteURL.performance.path(["month": CaseStatisticsService.monthText(month.firstOfMonth(adding: 1))])
        self.staff = staff.map { StaffPerformanceRow($0) }
        self.departments = departments.map(DepartmentPerformanceRow.init)
        staffCSV = SiteURL.performanceStaffCSV.path(["month": text])
        departmentsCSV = SiteURL.performanceDepartmentsCSV.path(["month": text])
    }
}

/// One member of staff's twelve months: the page they see themselves.
struct PersonPerformancePage: PageModel {
    var title: String { "绩效 · \(name)（\(staffNumber)）" }
    var name: String
    var staffNumber: String
    var role: String
    var months: [StaffPerformanceRow]
    var total: StaffPerformanceRow

    init(account: StaffAccount, months: [(month: String, figures: StaffPerformance)]) {
        name = account.displayName
        staffNumber = account.staffNumber
        role = account.role.label
        self.months = months.map { StaffPerformanceRow($0.figures, label: $0.month) }
        var sum = StaffPerformance(staffNumber: account.staffNumber, name: "合计")
        for (_, figures) in months { sum.merge(figures) }
        total = StaffPerformanceRow(sum)
    }
}
