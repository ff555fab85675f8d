import OneDoorCore
import OneDoorServices

extension APIHandler {
    func createSession(_ input: Operations.CreateSession.Input) async throws -> Operations.CreateSession.Output {
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let signedIn = try await auth.signIn(username: body.username, password: body.password, kind: .bearer, client: RequestScope.current.client)
        return .created(.init(body: .json(.init(token: signedIn.token, account: try Convert.account(signedIn.identity.account)))))
    }

    func deleteSession(_ input: Operations.DeleteSession.Input) async throws -> Operations.DeleteSession.Output {
        let identity = try RequestScope.requireSignedIn()
        try await auth.signOut(identity)
        return .noContent(.init())
    }

    func changeOwnPassword(_ input: Operations.ChangeOwnPassword.Input) async throws -> Operations.ChangeOwnPassword.Output {
        let identity = try RequestScope.requireSignedIn()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        try await auth.changeOwnPassword(identity, current: body.currentPassword, new: body.newPassword, client: RequestScope.current.client)
        return .noContent(.init())
    }

    func listAccounts(_ input: Operations.ListAccounts.Input) async throws -> Operations.ListAccounts.Output {
        let identity = try RequestScope.require(.readAccounts)
        let accounts = try await auth.accounts(by: identity)
        return .ok(.init(body: .json(.init(items: try accounts.map(Convert.account), total: accounts.count, page: 1, pageSize: accounts.count))))
    }

    func createAccount(_ input: Operations.CreateAccount.Input) async throws -> Operations.CreateAccount.Output {
        let identity = try RequestScope.require(.manageAccounts)
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let account = StaffAccount(
            username: body.username, displayName: body.displayName, staffNumber: body.staffNumber,
            role: try APIEnums.role.core(body.role), hall: body.hall.map(HallCode.init(rawValue:)), department: body.department.map(DepartmentCode.init(rawValue:)),
            isChiefRepresentative: body.isChiefRepresentative ?? false
        )
        let created = try await auth.createAccount(account, password: body.password, by: identity.actor(client: RequestScope.current.client))
        return .created(.init(body: .json(try Convert.account(created))))
    }
}

extension APIHandler {
    func updateAccount(_ input: Operations.UpdateAccount.Input) async throws -> Operations.UpdateAccount.Output {
        let identity = try RequestScope.require(.manageAccounts)
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let stored = try await auth.account(username: input.path.username, by: identity)
        let account = StaffAccount(
            id: stored.id, username: stored.username, displayName: body.displayName, staffNumber: body.staffNumber,
            role: try APIEnums.role.core(body.role), hall: body.hall.map(HallCode.init(rawValue:)), department: body.department.map(DepartmentCode.init(rawValue:)),
            isChiefRepresentative: body.isChiefRepresentative ?? false, disabled: body.disabled ?? false
        )
        try await auth.updateAccount(account, by: identity)
        return .ok(.init(body: .json(try Convert.account(account))))
    }

    func setAccountPassword(_ input: Operations.SetAccountPassword.Input) async throws -> Operations.SetAccountPassword.Output {
        let identity = try RequestScope.require(.manageAccounts)
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let stored = try await auth.account(username: input.path.username, by: identity)
        try await auth.setPassword(accountID: stored.id, password: body.password, by: identity.actor(client: RequestScope.current.client))
        return .noContent(.init())
    }
}

extension APIHandler {
    func listAudit(_ input: Operations.ListAudit.Input) async throws -> Operations.ListAudit.Output {
        let identity = try RequestScope.require(.readAuditLog)
        let request = try Self.page(input.query.page, input.query.pageSize)
        let page = request.page, pageSize = request.pageSize
        let (entries, total) = try await audit.list(request, by: identity)
        return .ok(.init(body: .json(.init(
            items: entries.map {
                .init(id: $0.id, at: Convert.date($0.at), actor: $0.actor, action: $0.action, target: $0.target, detail: $0.detail, client: $0.client)
            },
            total: total, page: page, pageSize: pageSize
        ))))
    }
}
