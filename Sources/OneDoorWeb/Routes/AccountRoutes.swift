import Hummingbird
import OneDoorCore
import OneDoorServices

struct AccountsPage: PageModel {
    struct Row: Sendable {
        var username: String
        var displayName: String
        var staffNumber: String
        var role: String
        var binding: String
        var disabled: Bool
        var editLink: String
    }

    var title: String { "工作人员账号" }
    var bodyClass: String { "admin" }
    var rows: [Row]
    var canEdit: Bool
    var halls: [SelectOption]
    var departments: [SelectOption]
    var roles: [SelectOption] = Role.allCases.map { SelectOption(code: $0.rawValue, name: $0.label, selected: false) }
    var message: String?
    var problems: [ValidationProblemRow] = []
}

struct AccountFormPage: PageModel {
    var title: String { "修改账号 \(username)" }
    var bodyClass: String { "admin" }
    var username: String
    var displayName: String
    var staffNumber: String
    var chief: Bool
    var disabled: Bool
    var roles: [SelectOption]
    var halls: [SelectOption]
    var departments: [SelectOption]
    var problems: [ValidationProblemRow]
    var hasProblems: Bool
    var message: String?
    var saveLink: String
    var passwordLink: String

    init(account: StaffAccount, organisation: Organisation, problems: [ValidationProblem] = [], message: String? = nil) {
        username = account.username
        displayName = account.displayName
        staffNumber = account.staffNumber
        chief = account.isChiefRepresentative
        disabled = account.disabled
        roles = Role.allCases.map { SelectOption(code: $0.rawValue, name: $0.label, selected: $0 == account.role) }
        halls = organisation.halls.map { SelectOption(code: $0.code.rawValue, name: $0.name, selected: $0.code == account.hall) }
        departments = organisation.departments.map { SelectOption(code: $0.code.rawValue, name: $0.name, selected: $0.code == account.department) }
        self.problems = problems.map(ValidationProblemRow.init)
        hasProblems = !problems.isEmpty
        self.message = message
        saveLink = SiteURL.adminAccount(.value(account.username)).path
        passwordLink = SiteURL.adminAccountPassword(.value(account.username)).path
    }
}

extension OneDoorWeb {
    func registerAccounts<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.adminAccounts.route) { request, _ in
            let identity = try staff(.readAccounts)
            let message: String? = request.uri.queryParameters["done"].map { "已保存账号 \($0)" }
            return try await accountsPage(identity: identity, message: message, problems: [])
        }
        router.post(SiteURL.adminAccounts.route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.manageAccounts, form: form)
            do {
                let account = try accountFields(form, id: 0, username: form["username"] ?? "")
                _ = try await auth.createAccount(account, password: form["password"] ?? "", by: identity.actor(client: RequestScope.current.client))
                return try await accountsPage(identity: identity, message: "已创建账号 \(account.username)", problems: [])
            } catch let failed as ValidationFailed {
                return try await accountsPage(identity: identity, message: "账号未创建，请修改以下问题：", problems: failed.problems, status: .unprocessableContent)
            }
        }
        router.get(SiteURL.adminAccount(.key).route) { _, context in
            let identity = try staff(.manageAccounts)
            let account = try await auth.account(username: try context.parameters.require("username"), by: identity)
            return try pages.render("admin-account", AccountFormPage(account: account, organisation: catalog.snapshot.organisation))
        }
        router.post(SiteURL.adminAccount(.key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.manageAccounts, form: form)
            let stored = try await auth.account(username: try context.parameters.require("username"), by: identity)
            do {
                let account = try accountFields(form, id: stored.id, username: stored.username)
                try await auth.updateAccount(account, by: identity)
                return Response(status: .seeOther, headers: [.location: SiteURL.adminAccounts.path + "?done=\(account.username)"])
            } catch let failed as ValidationFailed {
                return try pages.render("admin-account", AccountFormPage(
                    account: (try? accountFields(form, id: stored.id, username: stored.username)) ?? stored, organisation: catalog.snapshot.organisation, problems: failed.problems
                ), status: .unprocessableContent)
            }
        }
        router.post(SiteURL.adminAccountPassword(.key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.manageAccounts, form: form)
            let account = try await auth.account(username: try context.parameters.require("username"), by: identity)
            let page: AccountFormPage
            let status: HTTPResponse.Status
            do {
                try await auth.setPassword(accountID: account.id, password: form["password"] ?? "", by: identity.actor(client: RequestScope.current.client))
                page = AccountFormPage(account: account, organisation: catalog.snapshot.organisation,
                                       message: "密码已重置，其原有登录已全部退出；本人下次登录时须先修改密码。请当面或通过内部渠道告知本人。")
                status = .ok
            } catch let failed as ValidationFailed {
                page = AccountFormPage(account: account, organisation: catalog.snapshot.organisation, problems: failed.problems)
                status = .unprocessableContent
            }
            return try pages.render("admin-account", page, status: status)
        }
    }

    /// The account fields of a create or edit form; bindings that do not fit the role are dropped.
    private func accountFields(_ form: FormData, id: Int64, username: String) throws(ValidationFailed) -> StaffAccount {
        let role = try form.choice("role", as: Role.self, label: "角色")
        return StaffAccount(
            id: id, username: username.trimmingWhitespace(), displayName: (form["displayName"] ?? "").trimmingWhitespace(),
            staffNumber: (form["staffNumber"] ?? "").trimmingWhitespace(), role: role,
            hall: role == .clerk ? form["hall"].nonEmpty.map(HallCode.init(rawValue:)) : nil,
            department: role == .approver ? form["department"].nonEmpty.map(DepartmentCode.init(rawValue:)) : nil,
            isChiefRepresentative: role == .approver && form["chief"] == "on",
            disabled: form["disabled"] == "on"
        )
    }

    func accountsPage(identity: Identity, message: String?, problems: [ValidationProblem], status: HTTPResponse.Status = .ok) async throws -> Response {
        let snapshot = catalog.snapshot
        let accounts = try await auth.accounts(by: identity)
        let rows = accounts.map { a in
            AccountsPage.Row(
                username: a.username, displayName: a.displayName, staffNumber: a.staffNumber, role: a.role.label,
                binding: a.hall.flatMap { snapshot.hallsByCode[$0]?.name } ?? a.department.flatMap { snapshot.departmentsByCode[$0]?.name }.map {
                    $0 + (a.isChiefRepresentative ? "（首席代表）" : "")
                } ?? "—",
                disabled: a.disabled, editLink: SiteURL.adminAccount(.value(a.username)).path
            )
        }
        return try pages.render("admin-accounts", AccountsPage(
            rows: rows, canEdit: identity.role.may(.manageAccounts),
            halls: snapshot.organisation.halls.map { SelectOption(code: $0.code.rawValue, name: $0.name, selected: false) },
            departments: snapshot.organisation.departments.map { SelectOption(code: $0.code.rawValue, name: $0.name, selected: false) },
            message: message, problems: problems.map(ValidationProblemRow.init)
        ), status: status)
    }
}
