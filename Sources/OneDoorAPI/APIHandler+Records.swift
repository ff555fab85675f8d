import OneDoorCore
import OneDoorServices

/// The base records of people and enterprises (issue 16 §1, §5): staff only, for a purpose.
extension APIHandler {
    func getPerson(_ input: Operations.GetPerson.Input) async throws -> Operations.GetPerson.Output {
        let identity = try RequestScope.requireSignedIn()
        let view = try await cases.personRecord(input.path.id, purpose: input.query.purpose, by: identity, client: RequestScope.current.client)
        return .ok(.init(body: .json(try Self.holderRecord(view))))
    }

    func getEnterprise(_ input: Operations.GetEnterprise.Input) async throws -> Operations.GetEnterprise.Output {
        let identity = try RequestScope.requireSignedIn()
        let view = try await cases.enterpriseRecord(input.path.uscc, purpose: input.query.purpose, by: identity, client: RequestScope.current.client)
        return .ok(.init(body: .json(try Self.holderRecord(view))))
    }

    static func holderRecord(_ view: HolderRecordView) throws -> Components.Schemas.HolderRecord {
        func fields<F: RecordField>(_ record: BaseRecord<F>) throws -> [Components.Schemas.RecordFieldValue] {
            try F.allCases.compactMap { field in
                guard let entry = record.fields[field] else { return nil }
                return .init(field: field.rawValue, label: field.label, current: try sourced(entry.current), conflict: try entry.conflict.map(sourced),
                             history: try entry.history.map(sourced))
            }
        }
        func sourced(_ v: SourcedValue) throws -> Components.Schemas.SourcedValue {
            .init(value: v.value, source: try APIEnums.recordSource.api(v.source), at: Convert.date(v.at), verified: v.verified)
        }
        let list = try view.person.map(fields) ?? view.enterprise.map(fields) ?? []
        return .init(kind: view.person != nil ? .person : .enterprise, key: view.key, fields: list, held: try view.held.map(held))
    }
}
