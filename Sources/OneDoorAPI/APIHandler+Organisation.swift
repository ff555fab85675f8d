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
