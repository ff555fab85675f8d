import OneDoorCore
import OneDoorServices

extension APIHandler {
    func listDepartments(_ input: Operations.ListDepartments.Input) async throws -> Operations.ListDepartments.Output {
        let departments = catalog.snapshot.organisation.departments
        return .ok(.init(body: .json(.init(
            items: try departments.map { try Convert.recode($0, as: Components.Schemas.Department.self) },
            total: departments.count, page: 1, pageSize: departments.count
        ))))
    }

    func listHalls(_ input: Operations.ListHalls.Input) async throws -> Operations.ListHalls.Output {
        let organisation = catalog.snapshot.organisation
        let items = try organisation.halls.map { hall in
            Components.Schemas.HallWithWindows(
                hall: try Convert.recode(hall, as: Components.Schemas.Hall.self),
                windows: try organisation.windows.filter { $0.hall == hall.code }.map { try Convert.recode($0, as: Components.Schemas.ServiceWindow.self) }
            )
        }
        return .ok(.init(body: .json(.init(items: items, total: items.count, page: 1, pageSize: items.count))))
    }

    func listWindowCategories(_ input: Operations.ListWindowCategories.Input) async throws -> Operations.ListWindowCategories.Output {
        let categories = catalog.snapshot.organisation.windowCategories
        return .ok(.init(body: .json(.init(
            items: categories.map { .init(code: $0.code, name: $0.name) }, total: categories.count, page: 1, pageSize: categories.count
        ))))
    }
}

extension APIHandler {
    func saveDepartment(_ input: Operations.SaveDepartment.Input) async throws -> Operations.SaveDepartment.Output {
        let identity = try RequestScope.require(.manageOrganisation)
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let department = Department(
            code: try ProblemDetails.departmentCode(input.path.code), name: body.name, uscc: body.uscc, region: body.region, phone: body.phone ?? ""
        )
        try await catalog.saveDepartment(department, by: identity.actor(client: RequestScope.current.client))
        return .ok(.init(body: .json(try Convert.recode(department, as: Components.Schemas.Department.self))))
    }

    func saveHall(_ input: Operations.SaveHall.Input) async throws -> Operations.SaveHall.Output {
        let identity = try RequestScope.require(.manageOrganisation)
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let hall = Hall(
            code: try ProblemDetails.hallCode(input.path.code), name: body.name, level: try APIEnums.hallLevel.core(body.level), region: body.region,
            address: body.address, phone: body.phone ?? "",
            openingHours: body.openingHours.map { OpeningPeriod(weekday: $0.weekday, opens: $0.opens, closes: $0.closes) }
        )
        try await catalog.saveHall(hall, by: identity.actor(client: RequestScope.current.client))
        return .ok(.init(body: .json(try Convert.recode(hall, as: Components.Schemas.Hall.self))))
    }

    func saveWindow(_ input: Operations.SaveWindow.Input) async throws -> Operations.SaveWindow.Output {
        let identity = try RequestScope.require(.manageOrganisation)
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let window = ServiceWindow(hall: try ProblemDetails.hallCode(input.path.code), number: try ProblemDetails.windowNumber(input.path.number), categories: body.categories)
        try await catalog.saveWindow(window, by: identity.actor(client: RequestScope.current.client))
        return .ok(.init(body: .json(.init(hall: window.hall.rawValue, number: window.number.rawValue, categories: window.categories))))
    }

    func deleteWindow(_ input: Operations.DeleteWindow.Input) async throws -> Operations.DeleteWindow.Output {
        let identity = try RequestScope.require(.manageOrganisation)
        try await catalog.deleteWindow(hall: try ProblemDetails.hallCode(input.path.code), number: try ProblemDetails.windowNumber(input.path.number), by: identity.actor(client: RequestScope.current.client))
        return .noContent(.init())
    }
}
