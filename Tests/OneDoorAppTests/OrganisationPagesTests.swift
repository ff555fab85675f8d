import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorTestSupport
import Testing

/// Departments, halls and windows managed through the administration pages.
@Suite struct OrganisationPagesTests {
    @Test(arguments: TestDatabaseKind.available)
    func departmentsAreCreatedWithEveryProblemNamedFirst(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let admin = try await client.signIn(.admin)
            let bad = try await client.post("/admin/departments", admin, [
                ("code", "MZ"), ("name", ""), ("uscc", "114406040070000388"), ("region", "440604"), ("phone", ""),
            ])
            #expect(bad.status == .unprocessableContent)
            let html = String(buffer: bad.body)
            #expect(html.contains("部门名称不能为空"))
            #expect(html.contains("校验位应为“7”"))
            #expect(html.contains("value=\"114406040070000388\""))  // what was typed comes back
            #expect(app.catalog.snapshot.departmentsByCode["MZ"] == nil)

            let taken = try await client.post("/admin/departments", admin, [
                ("code", "SCJG"), ("name", "重复"), ("uscc", Fixtures.marketUSCC), ("region", "440604"),
            ])
            #expect(taken.status == .unprocessableContent)
            #expect(String(buffer: taken.body).contains("部门编码“SCJG”已被使用"))

            let good = try await client.post("/admin/departments", admin, [
                ("code", "MZ"), ("name", "禅城区民政局"), ("uscc", "114406040070000387"), ("region", "440604"), ("phone", "0757-83000003"),
            ])
            #expect(good.status == .seeOther)
            #expect(app.catalog.snapshot.departmentsByCode["MZ"]?.name == "禅城区民政局")
            #expect(String(buffer: try await client.page("/departments", nil).body).contains("禅城区民政局"))

            // Editing keeps the code; a department with items keeps its USCC.
            let edit = try await client.post("/admin/departments", admin, [
                ("code", "SCJG"), ("existing", "1"), ("name", "禅城区市场监督管理局"), ("uscc", "114406040070000387"), ("region", "440604"),
            ])
            #expect(edit.status == .unprocessableContent)
            #expect(String(buffer: edit.body).contains("该部门已有事项，统一社会信用代码不能修改"))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func hallHoursAndWindowsAreEdited(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let admin = try await client.signIn(.admin)
            let form = String(buffer: try await client.page("/admin/halls/ZM/edit", admin).body)
            #expect(form.contains("周一至周五 09:00–17:00"))

            let hall: [(String, String)] = [
                ("code", "ZM"), ("existing", "1"), ("name", "祖庙街道便民服务中心"), ("level", "town"), ("region", "440604001"),
                ("address", "佛山市禅城区祖庙路 2 号"), ("phone", ""),
            ]
            let bad = try await client.post("/admin/halls", admin, hall.map { $0.0 == "address" ? ($0.0, "") : $0 } + [("hours", "周一至周五 9:00-12:00\n周八 09:00-12:00")])
            #expect(bad.status == .unprocessableContent)
            let problems = String(buffer: bad.body)
            #expect(problems.contains("第 2 行“周八 09:00-12:00”的星期写法不正确"))
            #expect(problems.contains("地址不能为空"))
            #expect(app.catalog.snapshot.hallsByCode["ZM"]?.openingHours == Fixtures.weekdayHours)

            let good = try await client.post("/admin/halls", admin, hall + [("hours", "周一至周五 9:00-12:00、13:30-17:30\n周六 09:00-12:00")])
            #expect(good.status == .seeOther)
            #expect(app.catalog.snapshot.hallsByCode["ZM"]?.openingHours.count == 11)
            #expect(String(buffer: try await client.page("/halls", nil).body).contains("周一至周五 09:00–12:00、13:30–17:30；周六 09:00–12:00"))

            // Windows: add one, change its categories, refuse a duplicate, remove it.
            #expect(try await client.post("/admin/halls/ZM/windows", admin, [("number", "2"), ("categories", "business")]).status == .seeOther)
            #expect(try await client.post("/admin/halls/ZM/windows/2", admin, [("categories", "business"), ("categories", "social")]).status == .seeOther)
            #expect(app.catalog.snapshot.organisation.windows.first { $0.hall == "ZM" && $0.number == "2" }?.categories == ["business", "social"])
            let duplicate = try await client.post("/admin/halls/ZM/windows", admin, [("number", "2"), ("categories", "social")])
            #expect(duplicate.status == .unprocessableContent)
            #expect(String(buffer: duplicate.body).contains("2 号窗口已存在"))
            let none = try await client.post("/admin/halls/ZM/windows/2", admin, [])
            #expect(none.status == .unprocessableContent)
            #expect(String(buffer: none.body).contains("窗口至少服务一个窗口类别"))
            #expect(try await client.post("/admin/halls/ZM/windows/2/delete", admin).status == .seeOther)
            #expect(!app.catalog.snapshot.organisation.windows.contains { $0.hall == "ZM" && $0.number == "2" })
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func supervisorsReadWithoutEditLinks(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let supervisor = try await client.signIn(.supervisor)
            let page = String(buffer: try await client.page("/admin/organisation", supervisor).body)
            #expect(page.contains("禅城区市场监督管理局") && page.contains("祖庙街道便民服务中心"))
            #expect(!page.contains("/admin/departments/new") && !page.contains("/edit"))
            let accounts = String(buffer: try await client.page("/admin/accounts", supervisor).body)
            #expect(accounts.contains("clerk") && !accounts.contains("新建账号") && !accounts.contains("重置密码"))
        }
    }
}

/// Editing, disabling and resetting staff accounts through the pages.
@Suite struct AccountPagesTests {
    @Test(arguments: TestDatabaseKind.available)
    func roleChangesDisablingAndPasswordReset(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let admin = try await client.signIn(.admin)
            let clerk = try await client.signIn(.clerk)
            let fields: [(String, String)] = [("displayName", "窗口一号"), ("staffNumber", "N-clerk")]

            // An approver needs a department: named, nothing changed.
            let missing = try await client.post("/admin/accounts/clerk", admin, fields + [("role", "approver"), ("hall", "CC")])
            #expect(missing.status == .unprocessableContent)
            #expect(String(buffer: missing.body).contains("后台审批人员必须归属一个部门"))
            #expect(try await app.auth.accounts.find(username: "clerk")?.account.role == .clerk)

            let moved = try await client.post("/admin/accounts/clerk", admin, fields + [("role", "approver"), ("department", "WSJK"), ("chief", "on")])
            #expect(moved.status == .seeOther)
            let account = try #require(try await app.auth.accounts.find(username: "clerk")?.account)
            #expect(account.role == .approver && account.department == "WSJK" && account.hall == nil && account.isChiefRepresentative)

            // Disabling ends the account's sessions at once.
            #expect(try await client.page("/admin", clerk).status == .ok)
            #expect(try await client.post("/admin/accounts/clerk", admin, fields + [("role", "clerk"), ("hall", "CC"), ("disabled", "on")]).status == .seeOther)
            #expect(try await client.page("/admin", clerk).status == .seeOther)

            // Nobody disables or demotes themselves.
            let own = try await client.post("/admin/accounts/admin", admin, [("displayName", "管理员"), ("staffNumber", "N-admin"), ("role", "supervisor"), ("disabled", "on")])
            #expect(own.status == .unprocessableContent)
            let ownHTML = String(buffer: own.body)
            #expect(ownHTML.contains("不能停用自己的账号") && ownHTML.contains("不能修改自己的角色"))

            // A reset: too short is refused; a good one unlocks and lets the person in.
            #expect(try await client.post("/admin/accounts/approver/password", admin, [("password", "short")]).status == .unprocessableContent)
            let reset = try await client.post("/admin/accounts/approver/password", admin, [("password", "a-new-password-1")])
            #expect(reset.status == .ok)
            #expect(String(buffer: reset.body).contains("密码已重置"))
            // The administrator knows it now: the approver must choose their own before anything else.
            let login = try await client.login([("username", "approver"), ("password", "a-new-password-1")])
            #expect(login.status == .seeOther && login.headers[.location] == "/account/password")
            #expect(try await client.page("/admin/accounts/nobody", admin).status == .notFound)
        }
    }
}

/// The calendar page: the calculator for staff, loading a year for administrators.
@Suite struct CalendarPagesTests {
    @Test func staffComputeDeadlinesAndAdministratorsLoadYears() async throws {
        try await TestApp.run(.sqlite) { client, app in
            let clerk = try await client.signIn(.clerk)
            let page = String(buffer: try await client.page("/admin/calendar?from=2026-09-28&days=5", clerk).body)
            #expect(page.contains("2026年9月28日受理，5 个工作日，届满日为 2026年10月10日。"))
            #expect(page.contains("2026-10-01 至 2026-10-07") && !page.contains("加载下一年的安排"))
            let beyond = String(buffer: try await client.page("/admin/calendar?from=2026-12-15&days=30", clerk).body)
            #expect(beyond.contains("2027 年的节假日安排尚未加载"))

            let admin = try await client.signIn(.admin)
            let bad = try await client.post("/admin/calendar", admin, [("document", #"{"year":2027,"holidays":["2027-13-01"],"workdays":[]}"#)])
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("holidays[0]"))
            let good = try await client.post("/admin/calendar", admin, [("document", #"{"year":2027,"source":"测试","holidays":["2027-01-01"],"workdays":[]}"#)])
            #expect(good.status == .ok)
            #expect(String(buffer: good.body).contains("已加载 2027 年"))
            #expect(app.calendar.calendar.loadedYears == 2024...2027)
        }
    }
}
