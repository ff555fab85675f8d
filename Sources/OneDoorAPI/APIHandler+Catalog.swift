import OneDoorCore
import OneDoorServices

extension APIHandler {
    func listItems(_ input: Operations.ListItems.Input) async throws -> Operations.ListItems.Output {
        let q = input.query
        let query = ItemQuery(
            text: q.q, category: q.category, department: q.department.map(DepartmentCode.init(rawValue:)),
            hallLevel: try q.hallLevel.map(APIEnums.hallLevel.core),
            page: q.page ?? 1, pageSize: q.pageSize ?? 20
        )
        let problems = query.problems()
        if !problems.isEmpty { throw ProblemDetails.badRequest("查询参数不正确", errors: problems) }
        let snapshot = catalog.snapshot
        let page = snapshot.list(query)
        return .ok(.init(body: .json(.init(
            items: try page.items.map { try Convert.summary($0, snapshot: snapshot) },
            total: page.total, page: page.page, pageSize: page.pageSize
        ))))
    }

    func getItem(_ input: Operations.GetItem.Input) async throws -> Operations.GetItem.Output {
        let code = try ProblemDetails.itemCode(input.path.code)
        let snapshot = catalog.snapshot
        let staff = RequestScope.current.identity?.role.may(.readCatalogInternals) ?? false
        let item = try await catalog.item(code: code, version: input.query.version, staff: staff)
        guard let item else { throw ProblemDetails.notFound("事项“\(code)”不存在或未发布") }
        return .ok(.init(body: .json(try Convert.item(item, snapshot: snapshot))))
    }

    func createItem(_ input: Operations.CreateItem.Input) async throws -> Operations.CreateItem.Output {
        let identity = try RequestScope.require(.editCatalog)
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let item = try await catalog.create(try Convert.guide(body), by: identity.actor(client: RequestScope.current.client))
        return .created(.init(body: .json(try Convert.item(item, snapshot: catalog.snapshot))))
    }

    func updateItem(_ input: Operations.UpdateItem.Input) async throws -> Operations.UpdateItem.Output {
        let identity = try RequestScope.require(.editCatalog)
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let guide = try Convert.guide(body.guide)
        guard guide.implementationCode == input.path.code else {
            throw ValidationFailed([ValidationProblem(path: "guide.implementationCode", reason: "实施编码不能修改（应为 \(input.path.code)）")])
        }
        let item = try await catalog.update(guide, expectedVersion: body.expectedVersion, by: identity.actor(client: RequestScope.current.client))
        return .ok(.init(body: .json(try Convert.item(item, snapshot: catalog.snapshot))))
    }

    func listItemVersions(_ input: Operations.ListItemVersions.Input) async throws -> Operations.ListItemVersions.Output {
        let identity = try RequestScope.require(.readCatalogInternals)
        let versions = try await catalog.versions(code: try ProblemDetails.itemCode(input.path.code), by: identity)
        return .ok(.init(body: .json(.init(
            items: versions.map { .init(version: $0.version, name: $0.name, createdAt: Convert.date($0.createdAt), createdBy: $0.createdBy) },
            total: versions.count, page: 1, pageSize: versions.count
        ))))
    }

    func publishItem(_ input: Operations.PublishItem.Input) async throws -> Operations.PublishItem.Output {
        let identity = try RequestScope.require(.editCatalog)
        try await catalog.publish(code: try ProblemDetails.itemCode(input.path.code), by: identity.actor(client: RequestScope.current.client))
        return .ok(.init(body: .json(try await current(try ProblemDetails.itemCode(input.path.code), by: identity))))
    }

    func suspendItem(_ input: Operations.SuspendItem.Input) async throws -> Operations.SuspendItem.Output {
        let identity = try RequestScope.require(.editCatalog)
        try await catalog.suspend(code: try ProblemDetails.itemCode(input.path.code), by: identity.actor(client: RequestScope.current.client))
        return .ok(.init(body: .json(try await current(try ProblemDetails.itemCode(input.path.code), by: identity))))
    }

    func exportCatalog(_ input: Operations.ExportCatalog.Input) async throws -> Operations.ExportCatalog.Output {
        let identity = try RequestScope.require(.exportCatalog)
        let document = try await catalog.document(by: identity)
        return .ok(.init(body: .json(try Convert.recode(document, as: Components.Schemas.CatalogDocument.self))))
    }

    func importCatalog(_ input: Operations.ImportCatalog.Input) async throws -> Operations.ImportCatalog.Output {
        let identity = try RequestScope.require(.editCatalog)
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let document = try Convert.recode(body, as: CatalogDocument.self)
        let summary = try await catalog.importDocument(document, by: identity.actor(client: RequestScope.current.client))
        return .ok(.init(body: .json(.init(itemsCreated: summary.itemsCreated, itemsUpdated: summary.itemsUpdated, itemsDeleted: summary.itemsDeleted, themes: summary.themes))))
    }

    private func current(_ code: ItemCode, by identity: Identity) async throws -> Components.Schemas.ServiceItem {
        try Convert.item(try await catalog.head(code: code, by: identity), snapshot: catalog.snapshot)
    }
}
