import OneDoorCore

/// Departments, halls and their windows as the administration sees them.
struct OrganisationAdminPage: PageModel {
    struct DepartmentRow: Sendable {
        var code: String
        var name: String
        var uscc: String
        var regionName: String
        var phone: String
        var itemCount: Int
        var editLink: String
    }

    struct HallRow: Sendable {
        var code: String
        var name: String
        var level: String
        var address: String
        var hours: String
        var windows: String
        var editLink: String
    }

    var title: String { "部门与服务中心" }
    var bodyClass: String { "admin" }
    var canEdit: Bool
    var departments: [DepartmentRow]
    var halls: [HallRow]
    var message: String?
    var departmentCount: Int
}

/// An option of a select list, with whether it is chosen.
struct SelectOption: Sendable {
    var code: String
    var name: String
    var selected: Bool

    /// The identity documents, `selected` chosen (intake, agent, kiosk).
    static func documentTypes(selected: String) -> [SelectOption] {
        DocumentType.allCases.map { SelectOption(code: $0.rawValue, name: $0.label, selected: $0.rawValue == selected) }
    }
}

struct DepartmentFormPage: PageModel {
    var title: String { isNew ? "新增部门" : "修改部门" }
    var bodyClass: String { "admin" }
    var isNew: Bool
    var code: String
    var name: String
    var uscc: String
    var phone: String
    var regions: [SelectOption]
    var problems: [ValidationProblemRow]
    var hasProblems: Bool
    var problemCount: Int

    init(department: Department, isNew: Bool, regions: [Region], problems: [ValidationProblem] = []) {
        self.isNew = isNew
        code = department.code.rawValue
        name = department.name
        uscc = department.uscc
        phone = department.phone
        self.regions = regions.map { SelectOption(code: $0.code, name: "\($0.name)（\($0.code)）", selected: $0.code == department.region) }
        self.problems = problems.map(ValidationProblemRow.init)
        hasProblems = !problems.isEmpty
        problemCount = problems.count
    }
}

struct HallFormPage: PageModel {
    struct WindowRow: Sendable {
        var number: String
        var categories: [SelectOption]
        var saveLink: String
        var deleteLink: String
    }

    var title: String { isNew ? "新增服务中心" : "修改服务中心" }
    var bodyClass: String { "admin" }
    var isNew: Bool
    var code: String
    var name: String
    var address: String
    var phone: String
    var hoursText: String
    var levels: [SelectOption]
    var regions: [SelectOption]
    var windows: [WindowRow]
    var newWindowCategories: [SelectOption]
    var windowsLink: String
    var problems: [ValidationProblemRow]
    var hasProblems: Bool
    var problemCount: Int
    var message: String?

    init(hall: Hall, hoursText: String? = nil, isNew: Bool, organisation: Organisation,
         problems: [ValidationProblem] = [], message: String? = nil) {
        self.isNew = isNew
        code = hall.code.rawValue
        name = hall.name
        address = hall.address
        phone = hall.phone
        self.hoursText = hoursText ?? OpeningHoursText.format(hall.openingHours)
        levels = HallLevel.allCases.map { SelectOption(code: $0.rawValue, name: $0.label, selected: $0 == hall.level) }
        regions = organisation.regions.map { SelectOption(code: $0.code, name: "\($0.name)（\($0.code)）", selected: $0.code == hall.region) }
        let categories = organisation.windowCategories
        windows = organisation.windows.filter { $0.hall == hall.code }.map { window in
            WindowRow(
                number: window.number.rawValue,
                categories: categories.map { SelectOption(code: $0.code, name: $0.name, selected: window.categories.contains($0.code)) },
                saveLink: SiteURL.adminWindow(.value(hall.code), .value(window.number)).path,
                deleteLink: SiteURL.adminWindowDelete(.value(hall.code), .value(window.number)).path
            )
        }
        newWindowCategories = categories.map { SelectOption(code: $0.code, name: $0.name, selected: false) }
        windowsLink = SiteURL.adminHallWindows(.value(hall.code)).path
        self.problems = problems.map(ValidationProblemRow.init)
        hasProblems = !problems.isEmpty
        problemCount = problems.count
        self.message = message
    }
}
