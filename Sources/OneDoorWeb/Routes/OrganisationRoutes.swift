import Hummingbird
import OneDoorCore
import OneDoorServices

/// Departments, halls and windows, one record at a time. Every staff member may look;
/// administrators change. A form with problems comes back with what was typed.
extension OneDoorWeb {
    func registerOrganisation<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.adminOrganisation.route) { request, _ in
            let identity = try staff(.readCatalogInternals)
            let message: String? = switch request.uri.queryParameters["done"].map(String.init) {
            case "department": "部门已保存。"
            case "hall": "服务中心已保存。"
            default: nil
            }
            return try pages.render("admin-organisation", organisationPage(canEdit: identity.role.may(.manageOrganisation), message: message))
        }
        router.get(SiteURL.adminDepartmentNew.route) { _, _ in
            _ = try staff(.manageOrganisation)
            let organisation = catalog.snapshot.organisation
            let blank = Department(code: "", name: "", uscc: "", region: organisation.regions.first?.code ?? "")
            return try pages.render("admin-department", DepartmentFormPage(department: blank, isNew: true, regions: organisation.regions))
        }
        router.get(SiteURL.adminDepartmentEdit(.key).route) { _, context in
            _ = try staff(.manageOrganisation)
            let code = try ProblemDetails.departmentCode(context.parameters.require("code"))
            let organisation = catalog.snapshot.organisation
            guard let department = organisation.departments.first(where: { $0.code == code }) else {
                throw ProblemDetails.notFound("部门“\(code)”不存在")
            }
            return try pages.render("admin-department", DepartmentFormPage(department: department, isNew: false, regions: organisation.regions))
        }
        router.post(SiteURL.adminDepartments.route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.manageOrganisation, form: form)
            let department = Department(
                code: DepartmentCode(rawValue: (form["code"] ?? "").trimmingWhitespace()), name: (form["name"] ?? "").trimmingWhitespace(),
                uscc: (form["uscc"] ?? "").trimmingWhitespace().uppercased(), region: form["region"] ?? "",
                phone: (form["phone"] ?? "").trimmingWhitespace()
            )
            let isNew = form["existing"] == nil
            var problems: [ValidationProblem] = []
            if isNew, catalog.snapshot.departmentsByCode[department.code] != nil {
                problems.append(ValidationProblem(path: "code", reason: "部门编码“\(department.code)”已被使用"))
            } else {
                do {
                    try await catalog.saveDepartment(department, by: identity.actor(client: RequestScope.current.client))
                    return Response(status: .seeOther, headers: [.location: SiteURL.adminOrganisation.path + "?done=department#departments"])
                } catch let failed as ValidationFailed {
                    problems = failed.problems
                }
            }
            return try pages.render("admin-department", DepartmentFormPage(
                department: department, isNew: isNew, regions: catalog.snapshot.organisation.regions, problems: problems
            ), status: .unprocessableContent)
        }
        router.get(SiteURL.adminHallNew.route) { _, _ in
            _ = try staff(.manageOrganisation)
            let organisation = catalog.snapshot.organisation
            let blank = Hall(
                code: "", name: "", level: .village, region: organisation.regions.first?.code ?? "", address: "",
                openingHours: (1...5).map { OpeningPeriod(weekday: $0, opens: "09:00", closes: "17:00") }
            )
            return try pages.render("admin-hall", HallFormPage(hall: blank, isNew: true, organisation: organisation))
        }
        router.get(SiteURL.adminHallEdit(.key).route) { request, context in
            _ = try staff(.manageOrganisation)
            let hall = try existingHall(try context.parameters.require("code"))
            let message: String? = switch request.uri.queryParameters["done"].map(String.init) {
            case "window": "窗口已保存。"
            case "deleted": "窗口已撤销。"
            default: nil
            }
            return try pages.render("admin-hall", HallFormPage(hall: hall, isNew: false, organisation: catalog.snapshot.organisation, message: message))
        }
        router.post(SiteURL.adminHalls.route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.manageOrganisation, form: form)
            let hoursText = form["hours"] ?? ""
            let (periods, hourProblems) = OpeningHoursText.parse(hoursText)
            var c = ProblemCollector()
            let level = form.choice("level", as: HallLevel.self, label: "服务中心层级", into: &c)
            let hall = Hall(
                code: HallCode(rawValue: (form["code"] ?? "").trimmingWhitespace()), name: (form["name"] ?? "").trimmingWhitespace(),
                level: level ?? .district, region: form["region"] ?? "",
                address: (form["address"] ?? "").trimmingWhitespace(), phone: (form["phone"] ?? "").trimmingWhitespace(),
                openingHours: periods
            )
            let isNew = form["existing"] == nil
            var problems = c.problems + hourProblems
            if isNew, catalog.snapshot.hallsByCode[hall.code] != nil {
                problems.append(ValidationProblem(path: "code", reason: "服务中心编码“\(hall.code)”已被使用"))
            }
            if problems.isEmpty {
                do {
                    try await catalog.saveHall(hall, by: identity.actor(client: RequestScope.current.client))
                    return Response(status: .seeOther, headers: [.location: SiteURL.adminOrganisation.path + "?done=hall#halls"])
                } catch let failed as ValidationFailed {
                    problems = failed.problems
                }
            } else {
                // Report the other fields' problems in the same pass.
                var c = ProblemCollector()
                hall.validate(into: &c, regions: Set(catalog.snapshot.organisation.regions.map(\.code)))
                problems += c.problems.filter { $0.path != "openingHours" }
            }
            return try pages.render("admin-hall", HallFormPage(
                hall: hall, hoursText: hoursText, isNew: isNew, organisation: catalog.snapshot.organisation, problems: problems
            ), status: .unprocessableContent)
        }
        router.post(SiteURL.adminHallWindows(.key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.manageOrganisation, form: form)
            let hall = try existingHall(try context.parameters.require("code"))
            let window = ServiceWindow(hall: hall.code, number: WindowNumber(rawValue: (form["number"] ?? "").trimmingWhitespace()), categories: form.all("categories"))
            if catalog.snapshot.organisation.windows.contains(where: { $0.hall == hall.code && $0.number == window.number }) {
                return try windowProblems(hall, [ValidationProblem(path: "number", reason: "\(window.number) 号窗口已存在")])
            }
            return try await saveWindow(window, hall: hall, identity: identity)
        }
        router.post(SiteURL.adminWindow(.key, .key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.manageOrganisation, form: form)
            let hall = try existingHall(try context.parameters.require("code"))
            let window = ServiceWindow(hall: hall.code, number: try ProblemDetails.windowNumber(context.parameters.require("number")), categories: form.all("categories"))
            return try await saveWindow(window, hall: hall, identity: identity)
        }
        router.post(SiteURL.adminWindowDelete(.key, .key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.manageOrganisation, form: form)
            let hall = try existingHall(try context.parameters.require("code"))
            try await catalog.deleteWindow(
                hall: hall.code, number: try ProblemDetails.windowNumber(context.parameters.require("number")), by: identity.actor(client: RequestScope.current.client)
            )
            return Response(status: .seeOther, headers: [.location: SiteURL.adminHallEdit(.value(hall.code)).path(["done": "deleted"], fragment: "windows")])
        }
    }

    private func existingHall(_ text: String) throws -> Hall {
        let code = try ProblemDetails.hallCode(text)
        guard let hall = catalog.snapshot.hallsByCode[code] else { throw ProblemDetails.notFound("服务中心“\(code)”不存在") }
        return hall
    }

    private func saveWindow(_ window: ServiceWindow, hall: Hall, identity: Identity) async throws -> Response {
        do {
            try await catalog.saveWindow(window, by: identity.actor(client: RequestScope.current.client))
            return Response(status: .seeOther, headers: [.location: SiteURL.adminHallEdit(.value(hall.code)).path(["done": "window"], fragment: "windows")])
        } catch let failed as ValidationFailed {
            return try windowProblems(hall, failed.problems)
        }
    }

    private func windowProblems(_ hall: Hall, _ problems: [ValidationProblem]) throws -> Response {
        try pages.render("admin-hall", HallFormPage(
            hall: hall, isNew: false, organisation: catalog.snapshot.organisation, problems: problems
        ), status: .unprocessableContent)
    }

    func organisationPage(canEdit: Bool, message: String?) -> OrganisationAdminPage {
        let snapshot = catalog.snapshot
        let organisation = snapshot.organisation
        let regionNames = Dictionary(organisation.regions.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        var itemCounts: [DepartmentCode: Int] = [:]
        for item in snapshot.items { itemCounts[item.guide.department, default: 0] += 1 }
        var windows: [HallCode: [WindowNumber]] = [:]
        for window in organisation.windows { windows[window.hall, default: []].append(window.number) }
        return OrganisationAdminPage(
            canEdit: canEdit,
            departments: organisation.departments.map {
                .init(code: $0.code.rawValue, name: $0.name, uscc: $0.uscc, regionName: regionNames[$0.region] ?? $0.region, phone: $0.phone,
                      itemCount: itemCounts[$0.code] ?? 0, editLink: SiteURL.adminDepartmentEdit(.value($0.code)).path)
            },
            halls: organisation.halls.map { hall in
                let numbers = windows[hall.code] ?? []
                return .init(code: hall.code.rawValue, name: hall.name, level: hall.level.label, address: hall.address, hours: hall.openingHoursPhrase,
                             windows: numbers.isEmpty ? "无" : "\(numbers.count) 个（\(numbers.map(\.rawValue).joined(separator: "、")) 号）",
                             editLink: SiteURL.adminHallEdit(.value(hall.code)).path)
            },
            message: message, departmentCount: organisation.departments.count
        )
    }
}
