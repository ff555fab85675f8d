import Foundation
import OneDoorCore
import OneDoorServices

/// The material catalogue and the licence types (issue 16 §2, §3): public reference data.
extension APIHandler {
    func listMaterialTypes(_ input: Operations.ListMaterialTypes.Input) async throws -> Operations.ListMaterialTypes.Output {
        .ok(.init(body: .json(.init(items: try MaterialCatalog.standard.map { type in
            .init(code: type.code, name: type.name, endings: type.endings, holder: try APIEnums.licenceHolder.api(type.holder), licenceType: type.licenceType)
        }))))
    }

    func listLicenceTypes(_ input: Operations.ListLicenceTypes.Input) async throws -> Operations.ListLicenceTypes.Output {
        .ok(.init(body: .json(.init(items: DemoLicenceTypes.all.map { type in
            .init(code: type.code, name: type.name, department: type.department.rawValue, holderCodeType: type.holder.codeType,
                  fields: type.fields.map { .init(key: $0.key, label: $0.label, required: $0.required) }, validYears: type.validYears)
        }))))
    }
}

/// Electronic licences (issue 16 §3): the holder's and the issuing department's view, status
/// changes, public verification and the published keys.
extension APIHandler {
    func getLicence(_ input: Operations.GetLicence.Input) async throws -> Operations.GetLicence.Output {
        if let citizen = RequestScope.current.citizen {
            let (record, events) = try await licences.licence(input.path.identifier, by: citizen)
            return .ok(.init(body: .json(try Self.detail(record, events, holderView: true, today: calendar.today))))
        }
        let identity = try RequestScope.requireSignedIn()
        let (record, events) = try await licences.licence(input.path.identifier, by: identity, client: RequestScope.current.client)
        return .ok(.init(body: .json(try Self.detail(record, events, holderView: false, today: calendar.today))))
    }

    func verifyLicence(_ input: Operations.VerifyLicence.Input) async throws -> Operations.VerifyLicence.Output {
        let result = try await licences.verify(input.path.identifier)
        return .ok(.init(body: .json(.init(
            identifier: result.identifier, standing: try APIEnums.licenceStanding.api(result.standing), standingLabel: result.standing.label,
            reason: result.reason, licence: try result.licence.map(Self.licence), keyId: result.keyID, supersededBy: result.supersededBy,
            checkedAt: Date(timeIntervalSince1970: TimeInterval(result.checkedAt))
        ))))
    }

    func licenceAction(_ input: Operations.LicenceAction.Input) async throws -> Operations.LicenceAction.Output {
        let identity = try RequestScope.requireSignedIn()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let action = try APIEnums.licenceAction.core(input.path.action)
        let record = try await licences.act(input.path.identifier, action, reason: body.reason, expected: try body.status.map(APIEnums.licenceStatus.core),
                                            by: identity, client: RequestScope.current.client)
        let events = try await licences.repository.events(record.licence.identifier)
        return .ok(.init(body: .json(try Self.detail(record, events, holderView: false, today: calendar.today))))
    }

    func listLicenceKeys(_ input: Operations.ListLicenceKeys.Input) async throws -> Operations.ListLicenceKeys.Output {
        .ok(.init(body: .json(.init(keys: try await licences.keys.keys().map(Self.key)))))
    }

    func rotateLicenceKey(_ input: Operations.RotateLicenceKey.Input) async throws -> Operations.RotateLicenceKey.Output {
        let identity = try RequestScope.requireSignedIn()
        let key = try await licences.rotateKey(of: try ProblemDetails.departmentCode(input.path.code), by: identity, client: RequestScope.current.client)
        return .ok(.init(body: .json(Self.key(key))))
    }

    func listDepartmentLicences(_ input: Operations.ListDepartmentLicences.Input) async throws -> Operations.ListDepartmentLicences.Output {
        let identity = try RequestScope.requireSignedIn()
        let page = try Self.page(input.query.page, input.query.pageSize)
        let (records, total) = try await licences.issued(by: try ProblemDetails.departmentCode(input.path.code), page: page, identity: identity)
        return .ok(.init(body: .json(.init(items: try records.map { try Self.summary($0, today: calendar.today) }, total: total,
                                           page: page.page, pageSize: page.pageSize))))
    }

    func listMyLicences(_ input: Operations.ListMyLicences.Input) async throws -> Operations.ListMyLicences.Output {
        let identity = try RequestScope.requireCitizen()
        return .ok(.init(body: .json(.init(items: try await licences.mine(by: identity).map { try Self.summary($0, today: calendar.today) }))))
    }

    static func licence(_ licence: Licence) throws -> Components.Schemas.Licence {
        try Convert.recode(licence, as: Components.Schemas.Licence.self)
    }

    static func summary(_ record: LicenceRecord, today: CivilDate) throws -> Components.Schemas.LicenceSummary {
        let standing = record.standing(today: today)
        return .init(licence: try licence(record.licence), status: try APIEnums.licenceStatus.api(record.status),
                     standing: try APIEnums.licenceStanding.api(standing), standingLabel: standing.label, statusReason: record.statusReason)
    }

    static func detail(_ record: LicenceRecord, _ events: [LicenceEventRecord], holderView: Bool, today: CivilDate) throws -> Components.Schemas.LicenceDetail {
        let standing = record.standing(today: today)
        return .init(
            licence: try licence(record.licence), status: try APIEnums.licenceStatus.api(record.status), standing: try APIEnums.licenceStanding.api(standing),
            standingLabel: standing.label, statusReason: record.statusReason, supersededBy: record.supersededBy, token: record.token,
            history: try events.map { event in
                .init(seq: event.seq, at: Date(timeIntervalSince1970: TimeInterval(event.at)), action: event.action,
                      status: try APIEnums.licenceStatus.api(event.status), reason: event.reason,
                      actor: holderView ? record.licence.issuer.name : event.actor, token: event.token)
            }
        )
    }

    static func key(_ key: SigningKey) -> Components.Schemas.LicenceKey {
        .init(kty: "OKP", crv: "Ed25519", x: key.publicKey, kid: key.kid, alg: "EdDSA", use: "sig", department: key.owner,
              createdAt: Date(timeIntervalSince1970: TimeInterval(key.createdAt)), retiredAt: key.retiredAt.map { Date(timeIntervalSince1970: TimeInterval($0)) })
    }
}

extension APIHandler {
    func listMyDataUse(_ input: Operations.ListMyDataUse.Input) async throws -> Operations.ListMyDataUse.Output {
        let identity = try RequestScope.requireCitizen()
        let uses = try await cases.dataUse(by: identity, accounts: try await auth.accounts.list())
        return .ok(.init(body: .json(.init(items: uses.map {
            .init(at: Convert.date($0.at), unit: $0.unit, staffNumber: $0.staffNumber, purpose: $0.purpose, caseNumber: $0.caseNumber)
        }))))
    }
}

extension APIHandler {
    func listMyMaterials(_ input: Operations.ListMyMaterials.Input) async throws -> Operations.ListMyMaterials.Output {
        let identity = try RequestScope.requireCitizen()
        return .ok(.init(body: .json(.init(items: try await licences.materials(by: identity).map(Self.held)))))
    }
}
