import OneDoorCore
import OneDoorServices

/// 绩效考核 (issue 18 §4, ADR 0046).
extension APIHandler {
    func staffPerformance(_ input: Operations.StaffPerformance.Input) async throws -> Operations.StaffPerformance.Output {
        let identity = try RequestScope.requireSignedIn()
        let month = try services.performance.month(input.query.month)
        let rows = try await services.performance.staff(month: month, by: identity).map { p in
            Components.Schemas.StaffPerformance(
                staffNumber: p.staffNumber, name: p.name, role: p.role?.rawValue, hall: p.hall?.rawValue, department: p.department?.rawValue,
                ticketsServed: p.ticketsServed, averageServiceSeconds: p.averageServiceSeconds, casesReceived: p.casesReceived,
                casesAccepted: p.casesAccepted, correctionNotices: p.correctionNotices, sentBack: p.sentBack, ratings: p.ratings,
                satisfied: p.satisfied, negative: p.negative, complaintsUpheld: p.complaintsUpheld)
        }
        return .ok(.init(body: .json(.init(month: CaseStatisticsService.monthText(month), staff: rows))))
    }

    func departmentPerformance(_ input: Operations.DepartmentPerformance.Input) async throws -> Operations.DepartmentPerformance.Output {
        let identity = try RequestScope.requireSignedIn()
        let month = try services.performance.month(input.query.month)
        let rows = try await services.performance.departments(month: month, by: identity).map { d in
            Components.Schemas.DepartmentPerformance(
                department: d.department.rawValue, name: d.name, received: d.cases.received, concluded: d.cases.concluded, onTime: d.cases.onTime,
                onTimeShare: d.onTimeShare, averageWorkingDays: d.cases.averageWorkingDays, averagePromisedDays: d.cases.averagePromisedDays,
                specialProcedures: d.cases.specialProcedures, ratings: d.ratings, satisfied: d.satisfied, negative: d.negative,
                complaintsUpheld: d.complaintsUpheld)
        }
        return .ok(.init(body: .json(.init(month: CaseStatisticsService.monthText(month), departments: rows))))
    }
}
