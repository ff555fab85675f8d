import OneDoorCore
import OneDoorServices

extension APIHandler {
    func calendarDeadline(_ input: Operations.CalendarDeadline.Input) async throws -> Operations.CalendarDeadline.Output {
        let q = input.query
        var c = ProblemCollector()
        let from = CivilDate(q.from)
        if from == nil { c.add("from", "日期应为 YYYY-MM-DD") }
        // The generated server does not enforce the document's bounds: check them here.
        if !(0...3650).contains(q.days) { c.add("days", "天数应在 0 到 3650 之间") }
        guard let from, c.problems.isEmpty else { throw ProblemDetails.badRequest("查询参数不正确", errors: c.problems) }
        let working = (q.unit ?? .working) == .working
        let deadline = try calendar.calendar.deadline(TimeLimit(days: q.days, unit: working ? .workingDays : .calendarDays), from: from)
        return .ok(.init(body: .json(.init(deadline: deadline.description, from: from.description, days: q.days, unit: working ? .working : .calendar))))
    }

    func calendarWorkingDays(_ input: Operations.CalendarWorkingDays.Input) async throws -> Operations.CalendarWorkingDays.Output {
        var c = ProblemCollector()
        let from = CivilDate(input.query.from), to = CivilDate(input.query.to)
        if from == nil { c.add("from", "日期应为 YYYY-MM-DD") }
        if to == nil { c.add("to", "日期应为 YYYY-MM-DD") }
        guard let from, let to, c.problems.isEmpty else { throw ProblemDetails.badRequest("查询参数不正确", errors: c.problems) }
        let count = try calendar.calendar.workingDays(from: from, to: to)
        return .ok(.init(body: .json(.init(workingDays: count, from: from.description, to: to.description))))
    }

    func listCalendarYears(_ input: Operations.ListCalendarYears.Input) async throws -> Operations.ListCalendarYears.Output {
        let years = calendar.years.map(Self.year)
        return .ok(.init(body: .json(.init(items: years, total: years.count, page: 1, pageSize: years.count))))
    }

    func loadCalendarYear(_ input: Operations.LoadCalendarYear.Input) async throws -> Operations.LoadCalendarYear.Output {
        let identity = try RequestScope.require(.manageCalendar)
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        guard body.year == input.path.year else {
            throw ValidationFailed([ValidationProblem(path: "year", reason: "请求体中的年份（\(body.year)）与地址中的年份（\(input.path.year)）不一致")])
        }
        let file = CalendarFile(year: body.year, source: body.source, holidays: body.holidays, workdays: body.workdays)
        let year = try file.calendarYear().get()
        try await calendar.load(year, by: identity.actor(client: RequestScope.current.client))
        guard let loaded = calendar.years.first(where: { $0.year.year == year.year }) else { throw ProblemDetails.internalError }
        return .ok(.init(body: .json(Self.year(loaded))))
    }

    static func year(_ info: CalendarYearInfo) -> Components.Schemas.CalendarYear {
        let file = CalendarFile(info.year)
        return .init(
            year: info.year.year, source: info.year.source, holidays: file.holidays, workdays: file.workdays,
            shipped: info.loadedAt == nil, loadedAt: info.loadedAt.map(Convert.date)
        )
    }
}

extension APIHandler {
    func checkResidentID(_ input: Operations.CheckResidentID.Input) async throws -> Operations.CheckResidentID.Output {
        let check = ResidentID.check(input.path.value, today: calendar.today)
        return .ok(.init(body: .json(.init(
            valid: check.isValid, normalized: check.normalized, problems: check.problems, birthDate: check.birthDate?.description,
            gender: try check.gender.map(APIEnums.gender.api), regionCode: check.regionCode, upgradedFrom15: check.upgradedFrom15
        ))))
    }

    func checkUSCC(_ input: Operations.CheckUSCC.Input) async throws -> Operations.CheckUSCC.Output {
        let check = USCC.check(input.path.value)
        return .ok(.init(body: .json(.init(
            valid: check.isValid, normalized: check.normalized, problems: check.problems, onlyChecksumFailed: check.onlyChecksumFailed
        ))))
    }
}
