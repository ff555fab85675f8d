import Hummingbird
import OneDoorCore
import OneDoorServices

extension OneDoorWeb {
    func registerPublic<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.home.route) { _, _ in
            try pages.render("home", HomePage(snapshot: catalog.snapshot))
        }
        router.get(SiteURL.items.route) { request, _ in
            let q = request.uri.queryParameters
            let snapshot = catalog.snapshot
            let query = ItemQuery(
                text: q["q"].map(String.init), category: q["category"].map(String.init).nonEmpty,
                department: q["department"].map(String.init).nonEmpty.map(DepartmentCode.init(rawValue:)),
                hallLevel: q["level"].flatMap { HallLevel(rawValue: String($0)) },
                page: q["page"].flatMap { Int(String($0)) } ?? 1, pageSize: 20
            )
            let problems = query.problems()
            if !problems.isEmpty {
                let empty = ItemPage(items: [], total: 0, page: 1, pageSize: 20)
                return try pages.render("items", ItemListPage(query: query, result: empty, snapshot: snapshot, problems: problems), status: .badRequest)
            }
            return try pages.render("items", ItemListPage(query: query, result: snapshot.list(query), snapshot: snapshot))
        }
        router.get(SiteURL.item(.key).route) { request, context in
            try await guidePage(request, context, template: "guide")
        }
        router.get(SiteURL.itemPrint(.key).route) { request, context in
            try await guidePage(request, context, template: "guide-print")
        }
        router.get(SiteURL.themes.route) { _, _ in
            try pages.render("themes", ThemeListPage(snapshot: catalog.snapshot))
        }
        router.get(SiteURL.theme(.key).route) { request, context in
            try await themePage(request, context)
        }
        router.get(SiteURL.departments.route) { _, _ in
            try pages.render("departments", DepartmentsPage(snapshot: catalog.snapshot))
        }
        // 好差评公示: a month's figures (this month unless asked), public.
        router.get(SiteURL.ratingFigures.route) { request, _ in
            let today = calendar.today
            let asked = request.uri.queryParameters["month"].flatMap { CivilDate(String($0.prefix(7)) + "-01") }
            let month = asked ?? today.firstOfMonth
            return try pages.render("rating-figures", RatingFiguresPage(try await services.ratings.figures(month: month), month: month,
                                                                        snapshot: catalog.snapshot))
        }
        // 数据开放: the catalogue and each dataset's page (its downloads are the API's).
        router.get(SiteURL.openData.route) { _, _ in
            var tables: [OpenDataTable] = []
            for dataset in services.openData.datasets { tables.append(try await services.openData.table(dataset.id)) }
            return try pages.render("open-data", OpenDataListPage(tables))
        }
        router.get(SiteURL.openDataset(.key).route) { request, context in
            let id = try context.parameters.require("id")
            let asked = try OpenDataPaging.request(page: request.uri.queryParameters["page"].map(String.init), size: nil)
            let page = try await services.openData.page(id, page: asked.page, size: OpenDataDatasetPage.size)
            return try pages.render("open-dataset", OpenDataDatasetPage(page))
        }
        // 改革成效: two periods' figures (by default the last three months and a year before).
        router.get(SiteURL.outcomes.route) { request, _ in
            // A form's empty field is a month not asked for.
            let asked = ["beforeFrom", "beforeTo", "afterFrom", "afterTo"].map { name in
                request.uri.queryParameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            }
            let defaults = services.outcomes.defaultPeriods()
            let fallback = [defaults.before.lowerBound, defaults.before.upperBound, defaults.after.lowerBound, defaults.after.upperBound]
            var texts = zip(asked, fallback).map { text, month in text.map { String($0.prefix(7)) } ?? CaseStatisticsService.monthText(month) }
            do {
                let (before, after) = try services.outcomes.periods(beforeFrom: asked[0], beforeTo: asked[1], afterFrom: asked[2], afterTo: asked[3])
                texts = [before.lowerBound, before.upperBound, after.lowerBound, after.upperBound].map(CaseStatisticsService.monthText)
                let comparison = try await services.outcomes.compare(before: before, after: after)
                return try pages.render("outcomes", OutcomePage(comparison, periods: texts))
            } catch let failed as ValidationFailed {
                return try pages.render("outcomes", OutcomePage(nil, periods: texts, problems: failed.problems), status: .unprocessableContent)
            }
        }
        router.get(SiteURL.halls.route) { _, _ in
            try pages.render("halls", HallsPage(snapshot: catalog.snapshot, identity: RequestScope.current.identity))
        }
    }

    /// The guide of the published version, or of `?version=` (see `CatalogService.item`).
    func guidePage(_ request: Request, _ context: some RequestContext, template: String) async throws -> Response {
        let code = try ProblemDetails.itemCode(context.parameters.require("code"))
        let snapshot = catalog.snapshot
        let staff = RequestScope.current.identity?.role.may(.readCatalogInternals) ?? false
        let version = request.uri.queryParameters["version"].flatMap { Int(String($0)) }
        guard let item = try await catalog.item(code: code, version: version, staff: staff) else { throw ProblemDetails.notFound("事项不存在或未发布") }
        return try pages.render(template, GuidePage(item: item, snapshot: snapshot, itemTypeName: snapshot.itemTypesByCode[item.guide.itemType]?.name))
    }
}

extension OneDoorWeb {
    /// A theme's guide: the published version, or `?version=` by the rule of `CatalogService.theme`;
    /// every other query parameter is an answer to one of its questions.
    func themePage(_ request: Request, _ context: some RequestContext) async throws -> Response {
        let code = try context.parameters.require("code")
        let staff = RequestScope.current.identity?.role.may(.readCatalogInternals) ?? false
        let query = request.uri.queryParameters
        let version = query["version"].flatMap { Int(String($0)) }
        guard code.count <= 40, let entry = try await catalog.theme(code: code, version: version, staff: staff) else {
            throw ProblemDetails.notFound("主题不存在或未发布")
        }
        let page = ThemeGuidePage(entry: entry, answers: Self.themeAnswers(request, except: ["version"]), snapshot: catalog.snapshot)
        return try pages.render("theme", page, status: page.problems.isEmpty ? .ok : .badRequest)
    }
}

extension Optional where Wrapped == String {
    var nonEmpty: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}

extension String {
    /// nil for an empty string.
    var nonEmptyString: String? { isEmpty ? nil : self }
}
