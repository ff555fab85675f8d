import OneDoorCore
import OneDoorServices

extension APIHandler {
    func requestCitizenCode(_ input: Operations.RequestCitizenCode.Input) async throws -> Operations.RequestCitizenCode.Output {
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        try await services.citizens.requestCode(phone: body.phone, client: RequestScope.current.client)
        let policy = services.citizens.policy
        return .accepted(.init(body: .json(.init(expiresIn: Int(policy.lifetime), retryAfter: Int(policy.interval)))))
    }

    func createCitizenSession(_ input: Operations.CreateCitizenSession.Input) async throws -> Operations.CreateCitizenSession.Output {
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let (token, identity) = try await services.citizens.signIn(phone: body.phone, code: body.code, client: RequestScope.current.client)
        return .created(.init(body: .json(.init(token: token, citizen: try Self.citizen(identity.account)))))
    }

    func deleteCitizenSession(_ input: Operations.DeleteCitizenSession.Input) async throws -> Operations.DeleteCitizenSession.Output {
        try await services.citizens.signOut(try RequestScope.requireCitizen())
        return .noContent(.init())
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        .ok(.init(body: .json(try Self.citizen(try RequestScope.requireCitizen().account))))
    }

    func declareRealName(_ input: Operations.DeclareRealName.Input) async throws -> Operations.DeclareRealName.Output {
        let identity = try RequestScope.requireCitizen()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let type = try APIEnums.realNameDocument.core(body.documentType)
        let account = try await services.citizens.declareRealName(name: body.name, documentType: type, documentNumber: body.documentNumber, by: identity)
        return .ok(.init(body: .json(try Self.citizen(account))))
    }

    func setMyEmail(_ input: Operations.SetMyEmail.Input) async throws -> Operations.SetMyEmail.Output {
        let identity = try RequestScope.requireCitizen()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        return .ok(.init(body: .json(try Self.citizen(try await services.citizens.setEmail(body.email, by: identity)))))
    }

    func listMyCases(_ input: Operations.ListMyCases.Input) async throws -> Operations.ListMyCases.Output {
        let identity = try RequestScope.requireCitizen()
        let request = try Self.page(input.query.page, input.query.pageSize ?? 20)
        let (cases, total) = try await services.cases.citizenCases(page: request, by: identity)
        return .ok(.init(body: .json(.init(
            items: try cases.map { summary in
                let c = summary.listing
                return .init(number: c.number.rawValue, itemName: c.itemName, state: try APIEnums.caseState.api(c.state), stateLabel: c.state.label,
                             currentStep: c.state.currentStep, receivedOn: c.receivedOn.description, promisedDeadline: c.promisedDeadline?.description,
                             paused: c.specialProcedure != nil, progressPath: "/me/cases/\(c.number)")
            },
            total: total, page: request.page, pageSize: request.pageSize
        ))))
    }

    func verifyCitizen(_ input: Operations.VerifyCitizen.Input) async throws -> Operations.VerifyCitizen.Output {
        let identity = try RequestScope.require(.verifyCitizens)
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let account = try await services.citizens.verifyAtWindow(
            phone: body.phone, name: body.name, documentType: try APIEnums.verifyDocument.core(body.documentType),
            documentNumber: body.documentNumber, by: identity, client: RequestScope.current.client)
        return .ok(.init(body: .json(try Self.citizen(account))))
    }

    /// 窗口开户: the clerk opens and verifies the account of a phone whose code the person read out.
    func registerCitizen(_ input: Operations.RegisterCitizen.Input) async throws -> Operations.RegisterCitizen.Output {
        let identity = try RequestScope.require(.verifyCitizens)
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let account = try await services.citizens.registerAtWindow(
            phone: body.phone, code: body.code, name: body.name, documentType: try APIEnums.registerDocument.core(body.documentType),
            documentNumber: body.documentNumber, by: identity, client: RequestScope.current.client)
        return .created(.init(body: .json(try Self.citizen(account))))
    }

    func listMyMessages(_ input: Operations.ListMyMessages.Input) async throws -> Operations.ListMyMessages.Output {
        let identity = try RequestScope.requireCitizen()
        let request = try Self.page(input.query.page, input.query.pageSize ?? 20)
        let (messages, total) = try await services.notifications.messages(for: identity, enterprises: try await services.cases.enterpriseKeys(identity),
                                                                          page: request)
        return .ok(.init(body: .json(.init(
            items: try messages.map { m in
                .init(channel: try APIEnums.messageChannel.api(m.message.channel), subject: m.message.subject, body: m.displayBody,
                      state: try APIEnums.outboxState.api(m.state), createdAt: Convert.date(m.createdAt))
            },
            total: total, page: request.page, pageSize: request.pageSize
        ))))
    }

    /// The account as its holder reads it: phone and ID number masked (a screen can be seen by others).
    static func citizen(_ account: CitizenAccount) throws(EnumMismatch) -> Components.Schemas.Citizen {
        .init(phone: account.maskedPhone, name: account.name, documentNumber: account.maskedDocumentNumber,
              realName: try APIEnums.realNameLevel.api(account.realName), realNameLabel: account.realName.label, email: account.email)
    }
}

/// 我的收件地址 and 通知设置 (issue 15 §2, §5).
extension APIHandler {
    func listMyAddresses(_ input: Operations.ListMyAddresses.Input) async throws -> Operations.ListMyAddresses.Output {
        let identity = try RequestScope.requireCitizen()
        return .ok(.init(body: .json(.init(items: try await services.citizens.addresses(by: identity).map(Self.address)))))
    }

    func addMyAddress(_ input: Operations.AddMyAddress.Input) async throws -> Operations.AddMyAddress.Output {
        let identity = try RequestScope.requireCitizen()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let saved = try await services.citizens.saveAddress(PostalAddress(recipient: body.recipient, phone: body.phone, address: body.address), by: identity)
        return .created(.init(body: .json(Self.address(saved))))
    }

    func deleteMyAddress(_ input: Operations.DeleteMyAddress.Input) async throws -> Operations.DeleteMyAddress.Output {
        try await services.citizens.removeAddress(input.path.id, by: try RequestScope.requireCitizen())
        return .noContent(.init())
    }

    func getMyPreferences(_ input: Operations.GetMyPreferences.Input) async throws -> Operations.GetMyPreferences.Output {
        .ok(.init(body: .json(Self.preferences(try await services.citizens.preferences(by: try RequestScope.requireCitizen())))))
    }

    func setMyPreferences(_ input: Operations.SetMyPreferences.Input) async throws -> Operations.SetMyPreferences.Output {
        let identity = try RequestScope.requireCitizen()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let preferences = try NotificationPreferences.checked(sms: body.sms, email: body.email, quietFrom: body.quietFrom ?? "",
                                                              quietUntil: body.quietUntil ?? "").get()
        try await services.citizens.setPreferences(preferences, by: identity)
        return .ok(.init(body: .json(Self.preferences(preferences))))
    }

    static func address(_ saved: SavedAddress) -> Components.Schemas.SavedAddress {
        .init(id: saved.id, recipient: saved.address.recipient, phone: saved.address.phone, address: saved.address.address)
    }

    static func preferences(_ p: NotificationPreferences) -> Components.Schemas.NotificationPreferences {
        .init(sms: p.sms, email: p.email, quietFrom: p.quietFrom.map(AppointmentSlot.clock), quietUntil: p.quietUntil.map(AppointmentSlot.clock))
    }
}
