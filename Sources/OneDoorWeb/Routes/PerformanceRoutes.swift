import Hummingbird
import OneDoorCore
import OneDoorServices

/// 绩效考核 (issue 18 §4): the month of everyone (supervisors, administrators), its two CSVs,
/// and each member of staff's own page.
extension OneDoorWeb {
    func registerPerformance<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.performance.route) { request, _ in
            let identity = try staff(.readQueueStatistics)
            let month = try performanceMonth(request)
            let performance = services.performance
            return try pages.render("performance", PerformancePage(month: month, staff: try await performance.staff(month: month, by: identity),
                                                                   departments: try await performance.departments(month: month, by: identity)))
        }
        router.get(SiteURL.performanceStaffCSV.route) { request, _ in
            let identity = try staff(.readQueueStatistics)
            let month = try performanceMonth(request)
            let rows = try await services.performance.staff(month: month, by: identity).map { StaffPerformanceRow($0) }
            return Self.csvResponse(CSVText.document([StaffPerformanceRow.csvHeader] + rows.map(\.csvFields)),
                                    name: "performance-staff-\(CaseStatisticsService.monthText(month)).csv")
        }
        router.get(SiteURL.performanceDepartmentsCSV.route) { request, _ in
            let identity = try staff(.readQueueStatistics)
            let month = try performanceMonth(request)
            let rows = try await services.performance.departments(month: month, by: identity).map(DepartmentPerformanceRow.init)
            return Self.csvResponse(CSVText.document([DepartmentPerformanceRow.csvHeader] + rows.map(\.csvFields)),
                                    name: "performance-departments-\(CaseStatisticsService.monthText(month)).csv")
        }
        router.get(SiteURL.performanceMine.route) { _, _ in
            guard let identity = RequestScope.current.identity else { throw AuthError.unauthenticated }
            return try await personPerformance(identity.account.staffNumber, identity)
        }
        router.get(SiteURL.performanceStaff(.key).route) { _, context in
            guard let identity = RequestScope.current.identity else { throw AuthError.unauthenticated }
            let number = try context.parameters.require("number")
            guard number.count <= 40 else { throw ProblemDetails.notFound("没有这个工号") }
            return try await personPerformance(number, identity)
        }
    }

    func personPerformance(_ number: String, _ identity: Identity) async throws -> Response {
        let (account, months) = try await services.performance.person(number, through: calendar.today, by: identity)
        return try pages.render("performance-person", PersonPerformancePage(account: account, months: months))
    }

    /// `?month=YYYY-MM` (an empty field is none: this month).
    func performanceMonth(_ request: Request) throws -> CivilDate {
        try services.performance.month(request.uri.queryParameters["month"].map(String.init).flatMap { $0.isEmpty ? nil : $0 })
    }
}
