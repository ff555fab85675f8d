import OneDoorCore
import OneDoorServices

/// 一件事 (issue 17 §1, §4): themes read by anyone, written by catalogue editors.
extension APIHandler {
    func listThemes(_ input: Operations.ListThemes.Input) async throws -> Operations.ListThemes.Output {
        let snapshot = catalog.snapshot
        var c = ProblemCollector()
        if let q = input.query.q { c.limitText("q", q, label: "搜索词", maxLength: ItemQuery.maximumTextLength) }
        if !c.problems.isEmpty { throw ProblemDetails.badRequest("查询参数不正确", errors: c.problems) }
        let text = input.query.q?.trimmingWhitespace() ?? ""
        var themes = text.isEmpty ? snapshot.themes : snapshot.themes(matching: text)
        if let serves = input.query.serves {
            let kind = try APIEnums.themeServes.core(serves)
            themes = themes.filter { $0.theme.serves == kind }
        }
        return .ok(.init(body: .json(.init(items: try themes.map { try Convert.themeSummary($0, snapshot: snapshot) }, total: themes.count))))
    }

    func getTheme(_ input: Operations.GetTheme.Input) async throws -> Operations.GetTheme.Output {
        let staff = RequestScope.current.identity?.role.may(.readCatalogInternals) ?? false
        guard let entry = try await catalog.theme(code: input.path.code, version: input.query.version, staff: staff) else {
            throw ProblemDetails.notFound("主题“\(input.path.code)”不存在或未发布")
        }
        var answers: [String: String] = [:]
        var c = ProblemCollector()
        for (i, answer) in (input.query.answer ?? []).enumerated() {
            guard let colon = answer.firstIndex(of: ":") else {
                c.add("answer[\(i)]", "回答应写作“问题编码:回答”，如 sign:yes")
                continue
            }
            answers[String(answer[..<colon])] = String(answer[answer.index(after: colon)...])
        }
        c.add(contentsOf: ThemeValidation.answerProblems(entry.theme, answers))
        if !c.problems.isEmpty { throw ValidationFailed(c.problems) }
        return .ok(.init(body: .json(try Convert.serviceTheme(entry, answers: answers, snapshot: catalog.snapshot))))
    }

    func createTheme(_ input: Operations.CreateTheme.Input) async throws -> Operations.CreateTheme.Output {
        let identity = try RequestScope.require(.editCatalog)
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let created = try await catalog.createTheme(try Convert.theme(body), by: identity.actor(client: RequestScope.current.client))
        return .created(.init(body: .json(try Convert.serviceTheme(created, answers: [:], snapshot: catalog.snapshot))))
    }

    func updateTheme(_ input: Operations.UpdateTheme.Input) async throws -> Operations.UpdateTheme.Output {
        let identity = try RequestScope.require(.editCatalog)
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let theme = try Convert.theme(body.theme, path: "theme.")
        guard theme.code == input.path.code else {
            throw ValidationFailed([ValidationProblem(path: "theme.code", reason: "主题编码不能修改（应为 \(input.path.code)）")])
        }
        let updated = try await catalog.updateTheme(theme, expectedVersion: body.expectedVersion, by: identity.actor(client: RequestScope.current.client))
        return .ok(.init(body: .json(try Convert.serviceTheme(updated, answers: [:], snapshot: catalog.snapshot))))
    }

    func listThemeVersions(_ input: Operations.ListThemeVersions.Input) async throws -> Operations.ListThemeVersions.Output {
        let identity = try RequestScope.require(.readCatalogInternals)
        let versions = try await catalog.themeVersions(code: input.path.code, by: identity)
        return .ok(.init(body: .json(.init(
            items: versions.map { .init(version: $0.version, name: $0.name, items: $0.items, createdAt: Convert.date($0.createdAt), createdBy: $0.createdBy) },
            total: versions.count))))
    }

    func publishTheme(_ input: Operations.PublishTheme.Input) async throws -> Operations.PublishTheme.Output {
        let identity = try RequestScope.require(.editCatalog)
        try await catalog.publishTheme(code: input.path.code, by: identity.actor(client: RequestScope.current.client))
        return .ok(.init(body: .json(try await currentTheme(input.path.code))))
    }

    func suspendTheme(_ input: Operations.SuspendTheme.Input) async throws -> Operations.SuspendTheme.Output {
        let identity = try RequestScope.require(.editCatalog)
        try await catalog.suspendTheme(code: input.path.code, by: identity.actor(client: RequestScope.current.client))
        return .ok(.init(body: .json(try await currentTheme(input.path.code))))
    }

    private func currentTheme(_ code: String) async throws -> Components.Schemas.ServiceTheme {
        guard let entry = try await catalog.theme(code: code, version: nil, staff: true) else { throw CatalogError.themeNotFound(code) }
        return try Convert.serviceTheme(entry, answers: [:], snapshot: catalog.snapshot)
    }
}
