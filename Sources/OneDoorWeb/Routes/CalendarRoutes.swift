import Foundation
import Hummingbird
import OneDoorCore
import OneDoorServices

struct CalendarAdminPage: PageModel {
    struct YearRow: Sendable {
        var year: Int
        var source: String
        var holidays: String
        var workdays: String
        var origin: String
    }

    var title: String { "工作日历" }
    var bodyClass: String { "admin" }
    var years: [YearRow]
    var canLoad: Bool
    var from: String
    var days: String
    var calendarUnit: Bool
    var result: String?
    var message: String?
    var problems: [ValidationProblemRow] = []
    var hasProblems = false
    var document = ""
}

/// The working-day calendar for staff: which years are loaded, a deadline calculator, and for
/// administrators the form that loads next year's arrangement.
extension OneDoorWeb {
    func registerCalendar<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.adminCalendar.route) { request, _ in
            let identity = try staff(.readCatalogInternals)
            let query = request.uri.queryParameters
            var page = calendarPage(canLoad: identity.role.may(.manageCalendar))
            if let from = query["from"].map(String.init), let days = query["days"].map(String.init) {
                page.from = from
                page.days = days
                page.calendarUnit = query["unit"] == "calendar"
                page.result = deadlinePhrase(from: from, days: days, calendarDays: page.calendarUnit)
            }
            return try pages.render("admin-calendar", page)
        }
        router.post(SiteURL.adminCalendar.route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.manageCalendar, form: form)
            let text = [form["file"], form["document"]].compactMap { $0 }.first { !$0.trimmingWhitespace().isEmpty } ?? ""
            var page = calendarPage(canLoad: true)
            page.document = text
            do {
                let file = try JSONDecoder().decode(CalendarFile.self, from: Data(text.utf8))
                let year = try file.calendarYear().get()
                try await calendar.load(year, by: identity.actor(client: RequestScope.current.client))
                page = calendarPage(canLoad: true)
                page.message = "已加载 \(year.year) 年：放假 \(year.holidays.count) 天，调休上班 \(year.workdays.count) 天。"
                return try pages.render("admin-calendar", page)
            } catch let failed as ValidationFailed {
                page.message = "未加载，共 \(failed.problems.count) 处问题："
                page.problems = failed.problems.map(ValidationProblemRow.init)
                page.hasProblems = true
            } catch is DecodingError {
                page.message = "未加载：内容不是有效的节假日安排 JSON（见 docs/calendar-format.md）。"
            }
            return try pages.render("admin-calendar", page, status: .unprocessableContent)
        }
    }

    private func calendarPage(canLoad: Bool) -> CalendarAdminPage {
        CalendarAdminPage(
            years: calendar.years.map { info in
                let file = CalendarFile(info.year)
                return .init(
                    year: info.year.year, source: info.year.source,
                    holidays: file.holidays.map { $0.replacingOccurrences(of: "/", with: " 至 ") }.joined(separator: "、"),
                    workdays: file.workdays.isEmpty ? "无" : file.workdays.joined(separator: "、"),
                    origin: info.loadedBy.map { "\($0) 加载" } ?? "随产品提供"
                )
            },
            canLoad: canLoad, from: calendar.today.description, days: "20", calendarUnit: false
        )
    }

    private func deadlinePhrase(from: String, days: String, calendarDays: Bool) -> String {
        guard let start = CivilDate(from) else { return "起算日应为 YYYY-MM-DD" }
        guard let n = Int(days), (0...3650).contains(n) else { return "天数应为 0 到 3650 的整数" }
        do {
            let end = try calendar.calendar.deadline(TimeLimit(days: n, unit: calendarDays ? .calendarDays : .workingDays), from: start)
            return "\(start.chinese)受理，\(n) 个\(calendarDays ? "自然日" : "工作日")，届满日为 \(end.chinese)。"
        } catch {
            return error.description
        }
    }
}
